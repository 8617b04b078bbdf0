import { describe, expect, it } from 'vitest';
import { FILLERS_QUICK } from '../helpers/redos-cases.js';
import { isSuperlinear, passes, runFuzz, type CaseTiming } from '../helpers/redos-runner.js';

/**
 * Every registered detector, through the engine's per-file step, against
 * adversarial lines (long runs of spaces, word characters and separators, next to
 * each of a few prefilter literals, and the known bad shapes inserted into real
 * fixture files after the lines the detector reports). A smaller version of
 * `npm run bench -- redos`, which runs the full set at 200 KB.
 *
 * No millisecond bound: each case is timed at two sizes in the same worker, and
 * its time must not grow much faster than its input. A case that looks
 * superlinear once is timed again, larger, best of three and normalised by a plain
 * pass over the same bytes measured at the same moment, so machine load cannot
 * fail the test; a backtracking pattern grows with the square of its input and
 * shows every time. A case that runs away is stopped by a deadline in its worker.
 */

const SMALL = 8_000;
const LARGE = 64_000;
const CONFIRM_SMALL = 32_000;
const CONFIRM_LARGE = 256_000;
const cases = { fillers: FILLERS_QUICK, adjacentFillers: [' ', 'a', '.', ':'], literals: 2, kinds: 3, seedsPerKind: 1, linesPerSeed: 2 };

describe('detectors run in linear time on adversarial input', () => {
  it('no detector pattern backtracks on long runs, next to literals, or in the known bad shapes', async () => {
    const first = await runFuzz({ cases, sizes: [SMALL, LARGE], reps: 1, deadlineMs: 20_000 });
    expect(first.timings.length).toBeGreaterThan(1000);
    // Every detector with a file kind it selects is covered.
    const covered = new Set(first.timings.map((t) => t.id.split(' ')[0]));
    expect(covered.size).toBeGreaterThanOrEqual(15);

    const flagged = first.timings.filter((t) => isSuperlinear(t, SMALL, LARGE, 2.5, 20));
    const again = await runFuzz({ cases, sizes: [CONFIRM_SMALL, CONFIRM_LARGE], reps: 3, deadlineMs: 20_000, pick: (_c, i) => flagged.some((t) => t.index === i) });
    const growth = (t: CaseTiming) => (t.timedOut ? Infinity : passes(t, CONFIRM_LARGE) / Math.max(passes(t, CONFIRM_SMALL), 1e-3));
    // Cheap at the large size (under 20 plain passes over the text) is fine whatever timer noise says about growth.
    const suspect = (t: CaseTiming) => growth(t) > 3 && (t.timedOut || passes(t, CONFIRM_LARGE) > 20);
    // A loaded machine can stall one timing (CI saw ×3.5 on 1 ms → 17 ms); a backtracking pattern fails every time,
    // so a suspect is timed once more, best of five, and only a case suspect both times fails.
    const suspects = again.timings.filter(suspect);
    const third = await runFuzz({ cases, sizes: [CONFIRM_SMALL, CONFIRM_LARGE], reps: 5, deadlineMs: 20_000, pick: (_c, i) => suspects.some((t) => t.index === i) });
    const bad = third.timings.filter(suspect).map((t) => `${t.id}: ${t.timedOut ? 'timed out' : `×${growth(t).toFixed(1)} faster than its input (${t.ms.get(CONFIRM_SMALL)?.toFixed(1)} ms → ${t.ms.get(CONFIRM_LARGE)?.toFixed(1)} ms)`}`);
    expect(bad, `superlinear detector work:\n${bad.join('\n')}`).toEqual([]);
  }, 600_000);
});
