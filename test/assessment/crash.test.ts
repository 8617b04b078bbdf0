import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCrashChild, runCrashLoop } from './helpers/crash-harness.js';

/** See helpers/crash-harness.ts; `node --import tsx scripts/crash-loop.ts` runs the long version. */
const KILLS = 200;

let work: string;
let childPath: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-crash-'));
  childPath = await buildCrashChild(work);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random moments: the file always loads and holds the last reported state or the next`, async () => {
    const report = await runCrashLoop({ kills: KILLS, lanes: 2, workDir: join(work, 'safe'), childPath });
    expect(report.failures).toEqual([]);
    expect(report.kills).toBe(KILLS);
    // The kills must have landed mid-work, not only before the first save: most kills wait
    // for 1 to 4 reported saves, so this holds however loaded the machine is.
    expect(report.awaitedSaves).toBeGreaterThan(KILLS);
    expect(report.saves).toBeGreaterThanOrEqual(report.awaitedSaves);
    expect(report.lockTakeovers).toBeGreaterThan(KILLS / 2);
    console.log(`crash test: ${JSON.stringify(report)}`);
  }, 120_000);
});
