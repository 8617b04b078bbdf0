import { FILLERS, FILLERS_QUICK } from '../test/helpers/redos-cases.js';
import { growth, runFuzz, type CaseTiming } from '../test/helpers/redos-runner.js';
import type { BenchContext, BenchOutcome } from './run.js';

/**
 * `npm run bench -- redos`: every detector, through the engine's per-file step,
 * against adversarial lines at 25 KB and 200 KB (see test/helpers/redos-cases.ts).
 * Prints the slowest cases at 200 KB and every case whose time grows faster than
 * its input. Target: no case grows superlinearly, and none times out.
 *
 * Options (after `--`): `--redos-sample K` runs every K-th case (quick look),
 * `--redos-deadline S` seconds per measurement before a case counts as runaway.
 */

const SMALL = 25_000;
const LARGE = 200_000;
/** Growth above this (time ratio over size ratio) is superlinear; linear work stays near 1, quadratic near 8. */
export const SUPERLINEAR = 3;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fmt(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'timed out';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

export async function redosBench(ctx: BenchContext): Promise<BenchOutcome> {
  const sample = Math.max(1, Number(argValue('--redos-sample') ?? 1) || 1);
  const deadlineMs = Math.max(1, Number(argValue('--redos-deadline') ?? 30) || 30) * 1000;
  const started = Date.now();
  let slowSoFar = 0;
  const run = await runFuzz({
    cases: { fillers: FILLERS, adjacentFillers: FILLERS_QUICK },
    sizes: [SMALL, LARGE],
    reps: 1,
    deadlineMs,
    pick: (_c, i) => i % sample === 0,
    onCase: (t, done, total) => {
      const g = growth(t, SMALL, LARGE);
      if (t.timedOut || g > SUPERLINEAR) {
        slowSoFar++;
        ctx.log(`  superlinear: ${t.id}  ${fmt(t.ms.get(SMALL))} at 25 KB, ${fmt(t.ms.get(LARGE))} at 200 KB`);
      }
      if (done % 2000 === 0) ctx.log(`  ${done}/${total} cases, ${slowSoFar} superlinear, ${Math.round((Date.now() - started) / 1000)} s`);
    },
  });
  const byLarge = (t: CaseTiming) => (t.timedOut ? Infinity : (t.ms.get(LARGE) ?? Infinity));
  const sorted = [...run.timings].sort((a, b) => byLarge(b) - byLarge(a));
  const bad = run.timings.filter((t) => t.timedOut || growth(t, SMALL, LARGE) > SUPERLINEAR);
  const timedOut = run.timings.filter((t) => t.timedOut).length;
  const detectors = new Set(run.timings.map((t) => t.id.split(' ')[0]));
  const lines = [
    `${run.timings.length} cases (${detectors.size} detectors${sample > 1 ? `, every ${sample}th case` : ''}) in ${Math.round((Date.now() - started) / 1000)} s; deadline ${deadlineMs / 1000} s per run`,
    `slowest at 200 KB: ${fmt(sorted[0] ? (sorted[0].timedOut ? null : sorted[0].ms.get(LARGE)) : 0)}  (${sorted[0]?.id ?? 'none'})`,
    ...sorted.slice(1, 6).map((t) => `  next: ${fmt(t.timedOut ? null : t.ms.get(LARGE))}  (${t.id})`),
    `superlinear (time grows > ${SUPERLINEAR}× faster than the input from 25 KB to 200 KB) or timed out: ${bad.length} (${timedOut} timed out)`,
    ...bad.slice(0, 30).map((t) => `  ${t.id}: ${fmt(t.ms.get(SMALL))} → ${fmt(t.ms.get(LARGE))}`),
  ];
  return { name: 'redos', lines, ok: bad.length === 0 };
}
