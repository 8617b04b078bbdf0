import { parentPort, workerData } from 'node:worker_threads';
import { DETECTORS } from './detectors/index.js';
import { processFile, type FileJob, type FileOutcome } from './engine-collect.js';
import { readFileCapped } from './read.js';
import { garbageOf, paceGarbage } from './engine-gc.js';

/**
 * Worker thread for the collect step: imports the detector registry itself (code
 * cannot cross threads), processes batches of files and posts the outcomes back.
 * Detector indexes match the main thread's because both import the same registry.
 */

interface Batch {
  id: number;
  jobs: FileJob[];
}

const { maxSize } = workerData as { maxSize: number };

parentPort?.on('message', (batch: Batch) => {
  const outcomes: FileOutcome[] = batch.jobs.map((job) => {
    // A Buffer path arrives as a plain Uint8Array after structured cloning.
    const fsPath = typeof job.fsPath === 'string' ? job.fsPath : Buffer.from(job.fsPath);
    const outcome = processFile({ ...job, fsPath }, DETECTORS, readFileCapped, maxSize);
    paceGarbage(garbageOf(outcome.bytes, job.detectors));
    return outcome;
  });
  parentPort?.postMessage({ id: batch.id, outcomes });
});
