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

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

function timeOnce(index: number, size: number): { ms: number; refMs: number } {
  const c = cases[index]!;
  const buf = Buffer.from(c.build(size), 'utf8');
  // The linear reference: decode the same bytes, split them into lines, and run a
  // regex that must look at every character. Same process, same moment, same load.
  let started = process.hrtime.bigint();
  const text = buf.toString('utf8');
  if (text.split('\n').length < 0 || /[^\s\S]/.test(text)) throw new Error('unreachable');
  const refMs = ms(started);
  started = process.hrtime.bigint();
  processFile({ entry: { ...c.entry, size: buf.length }, fsPath: c.entry.path, detectors: [c.detector] }, DETECTORS, () => buf, buf.length + 1);
  return { ms: ms(started), refMs };
}

parentPort?.on('message', (req: TimeRequest) => {
  let best = Infinity;
  let ref = Infinity;
  for (let r = 0; r < req.reps; r++) {
    const t = timeOnce(req.index, req.size);
    best = Math.min(best, t.ms);
    ref = Math.min(ref, t.refMs);
  }
  parentPort?.postMessage({ index: req.index, size: req.size, ms: best, refMs: ref });
});
parentPort?.postMessage({ ready: cases.length });
