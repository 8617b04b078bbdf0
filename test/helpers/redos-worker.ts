import { parentPort, workerData } from 'node:worker_threads';
import { DETECTORS } from '../../source/detect/detectors/index.js';
import { processFile } from '../../source/detect/engine-collect.js';
import { fuzzCases, type CaseOptions } from './redos-cases.js';

/**
 * Times one fuzz case at a time through the engine's own per-file step (read →
 * binary check → prefilter → collect), in a worker so the caller can stop a case
 * that runs away: a backtracking regex cannot be interrupted in its own thread.
 */

const { options } = workerData as { options: CaseOptions };
const cases = fuzzCases(DETECTORS, options);

export interface TimeRequest {
  index: number;
  size: number;
  reps: number;
}

function timeOnce(index: number, size: number): number {
  const c = cases[index]!;
  const buf = Buffer.from(c.build(size), 'utf8');
  const started = process.hrtime.bigint();
  processFile({ entry: { ...c.entry, size: buf.length }, fsPath: c.entry.path, detectors: [c.detector] }, DETECTORS, () => buf, buf.length + 1);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

parentPort?.on('message', (req: TimeRequest) => {
  let best = Infinity;
  for (let r = 0; r < req.reps; r++) best = Math.min(best, timeOnce(req.index, req.size));
  parentPort?.postMessage({ index: req.index, size: req.size, ms: best });
});
parentPort?.postMessage({ ready: cases.length });
