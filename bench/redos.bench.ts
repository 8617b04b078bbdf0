import { FILLERS, FILLERS_QUICK } from '../test/helpers/redos-cases.js';
import { isSuperlinear, passes, runFuzz, type CaseTiming } from '../test/helpers/redos-runner.js';
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
/** Growth above this (time ratio over size ratio) is superlinear; linear work stays near 1, quadratic near the size ratio. */
export const SUPERLINEAR = 2.5;
/** Below this many plain passes over the text at 200 KB, a case is cheap whatever its growth (timer noise). */
const FLOOR_PASSES = 50;
/** Confirmation sizes: 8× apart, large enough for stable timings. */
const CONFIRM_SMALL = 100_000;
const CONFIRM_LARGE = 800_000;
const CONFIRM_GROWTH = 3;

/**
 * Time again the cases a single noisy run flagged: best of three at 100 KB and
 * 800 KB, each normalised by a plain pass over the same bytes measured at the same
 * moment (so machine load scales both alike). Quadratic work grows ~8× faster than
 * the input here, linear work ~1×.
 */
export async function confirmSuperlinear(indices: ReadonlySet<number>, deadlineMs: number): Promise<{ t: CaseTiming; growth: number }[]> {
  if (indices.size === 0) return [];
  const run = await runFuzz({ cases: { fillers: FILLERS, adjacentFillers: FILLERS_QUICK }, sizes: [CONFIRM_SMALL, CONFIRM_LARGE], reps: 3, deadlineMs, pick: (_c, i) => indices.has(i) });
  return run.timings
    .map((t) => ({ t, growth: t.timedOut ? Infinity : passes(t, CONFIRM_LARGE) / Math.max(passes(t, CONFIRM_SMALL), 1e-3) }))
    // Cheap at 800 KB (under FLOOR_PASSES plain passes) is fine whatever sub-millisecond noise says about growth.
    .filter((x) => x.growth > CONFIRM_GROWTH && (x.t.timedOut || passes(x.t, CONFIRM_LARGE) > FLOOR_PASSES));
}

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
  let flaggedSoFar = 0;
  const run = await runFuzz({
    cases: { fillers: FILLERS, adjacentFillers: FILLERS_QUICK },
    sizes: [SMALL, LARGE],
    reps: 1,
    deadlineMs,
    pick: (_c, i) => i % sample === 0,
    onCase: (t, done, total) => {
      if (isSuperlinear(t, SMALL, LARGE, SUPERLINEAR, FLOOR_PASSES)) flaggedSoFar++;
      if (done % 2000 === 0) ctx.log(`  ${done}/${total} cases, ${flaggedSoFar} to confirm, ${Math.round((Date.now() - started) / 1000)} s`);
    },
  });
  // A case that looked superlinear once is timed again, larger and best of three (confirmSuperlinear):
  // one noisy measurement must not fail the run, and a real one shows again.
  const flagged = run.timings.filter((t) => isSuperlinear(t, SMALL, LARGE, SUPERLINEAR, FLOOR_PASSES));
  const confirmed = await confirmSuperlinear(new Set(flagged.filter((t) => !t.timedOut).map((t) => t.index)), deadlineMs);
  const bad = [...flagged.filter((t) => t.timedOut).map((t) => ({ t, growth: Infinity })), ...confirmed];
  for (const { t, growth: g } of bad) ctx.log(`  superlinear: ${t.id}  (×${g.toFixed(1)} faster than the input from 100 KB to 800 KB)`);
  const byLarge = (t: CaseTiming) => (t.timedOut ? Infinity : (t.ms.get(LARGE) ?? Infinity));
  const sorted = [...run.timings].sort((a, b) => byLarge(b) - byLarge(a));
  const timedOut = run.timings.filter((t) => t.timedOut).length;
  const detectors = new Set(run.timings.map((t) => t.id.split(' ')[0]));
  const median = [...run.timings].map(byLarge).sort((a, b) => a - b)[Math.floor(run.timings.length / 2)];
  const lines = [
    `${run.timings.length} cases (${detectors.size} detectors${sample > 1 ? `, every ${sample}th case` : ''}) in ${Math.round((Date.now() - started) / 1000)} s; deadline ${deadlineMs / 1000} s per run`,
    `slowest at 200 KB: ${fmt(sorted[0] ? (sorted[0].timedOut ? null : sorted[0].ms.get(LARGE)) : 0)}  (${sorted[0]?.id ?? 'none'}; ${sorted[0] ? passes(sorted[0], LARGE).toFixed(0) : 0} plain passes over the text)`,
    ...sorted.slice(1, 6).map((t) => `  next: ${fmt(t.timedOut ? null : t.ms.get(LARGE))}  (${t.id})`),
    `median at 200 KB: ${fmt(median)}`,
    `flagged at 25 → 200 KB: ${flagged.length}; confirmed superlinear at 100 → 800 KB, or timed out: ${bad.length} (${timedOut} timed out)`,
    ...bad.slice(0, 30).map(({ t, growth: g }) => `  ${t.id}: ${t.timedOut ? 'timed out' : `${fmt(t.ms.get(CONFIRM_SMALL))} → ${fmt(t.ms.get(CONFIRM_LARGE))}, ×${g.toFixed(1)}`}`),
  ];
  return { name: 'redos', lines, ok: bad.length === 0 };
}
