import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DETECTORS } from '../../source/detect/detectors/index.js';
import { fuzzCases, type CaseOptions, type FuzzCase } from './redos-cases.js';

/**
 * Drives the fuzz cases through a timing worker, one case at a time, with a
 * deadline per measurement: a case that runs past it is recorded as a timeout
 * and the worker is replaced. Timings are the best of `reps` runs.
 *
 * Growth, not milliseconds, decides: each case is timed at a small and a large
 * size in the same worker, so machine load scales both alike. A linear detector's
 * time grows with the size ratio; a backtracking one's with its square.
 */

export interface CaseTiming {
  index: number;
  id: string;
  /** Best time (ms) per size; null when that size timed out. */
  ms: Map<number, number | null>;
  /** Best time (ms) per size of a plain linear pass over the same bytes (decode, split, one full regex scan). */
  refMs: Map<number, number>;
  timedOut: boolean;
}

export interface FuzzRun {
  cases: FuzzCase[];
  timings: CaseTiming[];
}

function workerEntry(): { entry: string | URL; eval: boolean } {
  const target = new URL('./redos-worker.ts', import.meta.url).href;
  const tsxPkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(path.join(path.dirname(tsxPkg), 'dist', 'esm', 'api', 'index.mjs')).href;
  return { entry: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`, eval: true };
}

class TimingWorker {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: ((v: { ms: number; refMs: number } | null) => void) | null = null;

  constructor(private readonly options: CaseOptions) {}

  private start(): Promise<void> {
    const { entry, eval: isEval } = workerEntry();
    const w = new Worker(entry, { eval: isEval, workerData: { options: this.options } });
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      const onFirst = (msg: { ready?: number }) => {
        if (msg.ready !== undefined) {
          w.off('message', onFirst);
          w.on('message', (m: { ms: number; refMs: number }) => {
            const p = this.pending;
            this.pending = null;
            p?.(m);
          });
          resolve();
        }
      };
      w.on('message', onFirst);
      w.once('error', reject);
    });
    return this.ready;
  }

  async time(index: number, size: number, reps: number, deadlineMs: number): Promise<{ ms: number; refMs: number } | null> {
    if (!this.worker) await this.start();
    await this.ready;
    const w = this.worker as Worker;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = null;
        this.worker = null;
        void w.terminate();
        resolve(null);
      }, deadlineMs * reps);
      this.pending = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
      w.postMessage({ index, size, reps });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

export interface RunOptions {
  cases?: CaseOptions;
  sizes: number[];
  reps: number;
  deadlineMs: number;
  /** Which cases to run (by index and case); default all. */
  pick?: (c: FuzzCase, i: number) => boolean;
  onCase?: (t: CaseTiming, done: number, total: number) => void;
}

export async function runFuzz(opts: RunOptions): Promise<FuzzRun> {
  const caseOptions = opts.cases ?? {};
  const cases = fuzzCases(DETECTORS, caseOptions);
  const chosen = cases.map((c, i) => ({ c, i })).filter(({ c, i }) => opts.pick?.(c, i) ?? true);
  const worker = new TimingWorker(caseOptions);
  const timings: CaseTiming[] = [];
  const sizes = [...opts.sizes].sort((a, b) => a - b);
  try {
    for (const { c, i } of chosen) {
      const t: CaseTiming = { index: i, id: c.id, ms: new Map(), refMs: new Map(), timedOut: false };
      // Warm-up: the first runs compile the detector's regexes.
      if ((await worker.time(i, sizes[0] as number, 1, opts.deadlineMs)) === null) {
        t.timedOut = true;
        for (const s of sizes) t.ms.set(s, null);
      } else {
        for (const s of sizes) {
          const r = t.timedOut ? null : await worker.time(i, s, opts.reps, opts.deadlineMs);
          if (r === null) t.timedOut = true;
          t.ms.set(s, r?.ms ?? null);
          if (r) t.refMs.set(s, r.refMs);
        }
      }
      timings.push(t);
      opts.onCase?.(t, timings.length, chosen.length);
    }
  } finally {
    await worker.close();
  }
  return { cases, timings };
}

/**
 * Time at the large size over time at the small one, against the size ratio:
 * about 1 for linear work, about the size ratio for quadratic work.
 */
export function growth(t: CaseTiming, small: number, large: number): number {
  const a = t.ms.get(small);
  const b = t.ms.get(large);
  if (a === null || b === null || a === undefined || b === undefined) return Infinity;
  return b / Math.max(a, 1e-3) / (large / small);
}

/** Time at `size` in plain linear passes over the same bytes (how many times a simple scan it costs). */
export function passes(t: CaseTiming, size: number): number {
  const ms = t.ms.get(size);
  const ref = t.refMs.get(size);
  if (ms === null || ms === undefined) return Infinity;
  return ms / Math.max(ref ?? 0, 1e-3);
}

/**
 * Superlinear: the time grows faster than the input by more than `maxGrowth`,
 * and at the large size costs more than `floorPasses` plain passes over the text
 * (below that, millisecond noise can fake growth and the cost does not matter).
 */
export function isSuperlinear(t: CaseTiming, small: number, large: number, maxGrowth: number, floorPasses: number): boolean {
  return t.timedOut || (growth(t, small, large) > maxGrowth && passes(t, large) > floorPasses);
}
