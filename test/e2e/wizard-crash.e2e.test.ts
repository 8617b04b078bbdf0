import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fs.js';
import { runWizardCrashLoop } from '../assessment/helpers/wizard-crash.js';

/**
 * The wizard killed with SIGKILL at random moments while random keys answer,
 * confirm, clear and move (test/assessment/helpers/wizard-crash.ts): after every
 * kill the file loads and holds every answer the screen showed beside "✔ saved".
 * `npm run bench -- crash` runs 1,000 cycles; here 100 (issue 15): alone on a shared
 * 2-core machine they took 68 s, inside the whole suite (test files run side by side)
 * about twice that. Keys wait for the screen, so load makes the loop slower, never
 * weaker; the seed is printed to repeat a failure.
 */
const CYCLES = 100;

const { dir, cleanup } = tempDir('shipshape-wizard-crash-');
afterAll(cleanup);

describe('the wizard under SIGKILL', () => {
  it(`loses no answer the screen showed as saved, and leaves a file that loads, over ${CYCLES} kills`, async () => {
    const report = await runWizardCrashLoop({ cycles: CYCLES, workDir: dir });
    console.log(`wizard crash test: ${JSON.stringify({ ...report, failures: report.failures.length })}`);
    expect(report.failures).toEqual([]);
    expect(report.answersLost).toBe(0);
    expect(report.unloadableFiles).toBe(0);
    expect(report.cycles).toBe(CYCLES);
    // The check had something to check (a quarter of the kills wait for "✔ saved" on a question screen).
    expect(report.cyclesWithClaims).toBeGreaterThan(0);
  }, 900_000);
});
