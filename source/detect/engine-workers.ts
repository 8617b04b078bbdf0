import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Detector, FileEntry } from './types.js';
import { processFile, type FileOutcome } from './engine-collect.js';
import { toJob, type SelectedFile } from './engine-jobs.js';
import { readFileCapped } from './read.js';
import { garbageOf, paceGarbage } from './engine-gc.js';

/**
 * Parallel collect over worker threads, for large trees. Small trees stay
 * in-process: a worker costs tens of milliseconds to start and to import the
 * detectors, which only pays off past a few megabytes of selected text.
 */

/**
 * Below this many selected files, workers cost more than they save (sizes are not
 * known before the read: the walk does not stat). babel/babel selects ~27,000.
 */
const MIN_FILES_FOR_WORKERS = 8_000;
const BATCH_FILES = 64;
/**
 * A worker's heap is capped so it collects garbage early instead of growing with
 * each large file (a thread that may grow to V8's default limit kept the scan's
 * RSS far above its budget). A file that needs more makes the worker fail, and its
 * batch is then done in-process.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/**
 * Number of worker threads to use (0 = in-process). The main thread always
 * collects too, so 'auto' takes one worker when a core is truly free, at most
 * one: two lanes on the two-core machines this targets, and one V8 heap fewer
 * than two workers would cost. A worker costs about half a second of CPU to start
 * and load the detectors and pays only with a free core: on a machine already
 * busy (a CI runner's other jobs, the load average over the last minute) it
 * only competes with the main thread and adds its heap to the RSS.
 */
export function shouldUseWorkers(jobs: readonly SelectedFile[], requested: number | 'auto' | undefined, load = loadavg()[0] ?? 0): number {
  if (typeof requested === 'number') return Math.max(0, Math.floor(requested));
  return jobs.length >= MIN_FILES_FOR_WORKERS && mayUseWorkers(requested, load) ? 1 : 0;
}

/** False when no worker will start whatever the tree holds (asked for none, or no core is free). */
export function mayUseWorkers(requested: number | 'auto' | undefined, load: number): boolean {
  if (typeof requested === 'number') return Math.floor(requested) > 0;
  return availableParallelism() - load >= MIN_FREE_CORES;
}

/** Cores that must be idle for a worker to pay: the main thread's, and most of another. */
const MIN_FREE_CORES = 1.75;

/**
 * How to start the worker module next to this one: the built `.js` directly; the
 * `.ts` source (under tsx or vitest) through a small bootstrap that registers tsx's
 * loader inside the worker first — Node 20 applies neither the parent's loader
 * hooks nor an `--import tsx` in execArgv to a worker's entry module.
 */
function workerStart(): { entry: string | URL; eval: boolean } {
  const here = import.meta.url;
  const isTs = /\.ts$/.test(new URL(here).pathname);
  if (!isTs) return { entry: new URL('./engine-worker.js', here), eval: false };
  const target = new URL('./engine-worker.ts', here).href;
  const tsxPkg = createRequire(here).resolve('tsx/package.json');
  const api = pathToFileURL(path.join(path.dirname(tsxPkg), 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return { entry: code, eval: true };
}

function makeBatches(jobs: readonly SelectedFile[]): SelectedFile[][] {
  const batches: SelectedFile[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH_FILES) batches.push(jobs.slice(i, i + BATCH_FILES));
  return batches;
}

/**
 * Feed batches to `count` workers, two in flight per worker so none idles while a
 * reply travels, while the main thread takes batches too. If a worker cannot
 * start or dies, its unfinished batches are done in-process: the scan completes
 * either way.
 */
export async function collectInWorkers(
  jobs: readonly SelectedFile[],
  /** The path to open for a file (derived per batch, not held for the whole list). */
  fsPath: (entry: FileEntry) => string | Buffer,
  maxSize: number,
  count: number,
  /** Each file's outcome, with the file it is for. */
  onOutcome: (o: FileOutcome, file: SelectedFile) => void,
  /** The registry, as the engine loaded it (workers import the same one themselves). */
  detectors: readonly Detector[],
): Promise<{ filesInWorkers: number }> {
  let filesInWorkers = 0;
  const batches = makeBatches(jobs);
  let next = 0;
  const start = workerStart();
  const orphaned: SelectedFile[][] = [];
  const run = (j: SelectedFile): void => {
    const o = processFile(toJob(j, fsPath), detectors, readFileCapped, maxSize);
    onOutcome(o, j);
    paceGarbage(garbageOf(o.bytes, j.detectors));
  };

  const runOne = (): Promise<void> =>
    new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(start.entry, { eval: start.eval, workerData: { maxSize }, stderr: true, resourceLimits: WORKER_LIMITS });
      } catch {
        resolve();
        return;
      }
      // Worker stderr is swallowed: a detector's error text may quote repository content.
      worker.stderr?.resume();
      const inFlight = new Map<number, SelectedFile[]>();
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        for (const b of inFlight.values()) orphaned.push(b);
        inFlight.clear();
        void worker.terminate();
        resolve();
      };
      const send = (): void => {
        while (inFlight.size < 2 && next < batches.length) {
          const id = next++;
          const batch = batches[id] as SelectedFile[];
          inFlight.set(id, batch);
          worker.postMessage({ id, jobs: batch.map((j) => toJob(j, fsPath)) });
        }
        if (inFlight.size === 0) finish();
      };
      worker.on('message', (msg: { id: number; outcomes: FileOutcome[] }) => {
        // After an error the batches in flight were handed to the main thread: a reply still queued is theirs no more.
        const batch = inFlight.get(msg.id);
        if (done || !batch) return;
        inFlight.delete(msg.id);
        filesInWorkers += msg.outcomes.length;
        msg.outcomes.forEach((o, i) => onOutcome(o, batch[i] as SelectedFile));
        send();
      });
      worker.on('error', finish);
      worker.on('exit', finish);
      send();
    });

  // The main thread's own lane: one batch at a time, yielding so worker replies are handled.
  const mainLane = async (): Promise<void> => {
    while (next < batches.length) {
      await new Promise((r) => setImmediate(r));
      if (next >= batches.length) break;
      for (const j of batches[next++] as SelectedFile[]) run(j);
    }
  };
  await Promise.all([...Array.from({ length: count }, runOne), mainLane()]);
  // Whatever no worker took or finished is done here.
  for (const b of orphaned) for (const j of b) run(j);
  while (next < batches.length) for (const j of batches[next++] as SelectedFile[]) run(j);
  return { filesInWorkers };
}
