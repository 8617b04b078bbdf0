/**
 * The long crash-safety run (the test does 200 kills):
 *   node --import tsx scripts/crash-loop.ts [--kills 2000] [--lanes 2] [--unsafe]
 * --unsafe makes the child overwrite the file in place instead of using the store,
 * to show that the harness does catch torn files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCrashChild, runCrashLoop } from '../test/assessment/helpers/crash-harness.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '2000' },
    lanes: { type: 'string', default: '2' },
    unsafe: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills);
const lanes = Number(values.lanes);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(lanes) || lanes < 1) {
  process.stderr.write('usage: crash-loop.ts [--kills N] [--lanes N] [--unsafe] [--keep]\n');
  process.exit(2);
}

const work = await mkdtemp(join(tmpdir(), 'shipshape-crash-'));
const childPath = await buildCrashChild(work);
const report = await runCrashLoop({
  kills,
  lanes,
  unsafe: values.unsafe,
  workDir: work,
  childPath,
  onProgress: (n) => {
    if (n % 100 === 0) process.stderr.write(`${n}/${kills} kills\n`);
  },
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (values.keep) process.stderr.write(`files kept in ${work}\n`);
else await rm(work, { recursive: true, force: true });
process.exit(report.failures.length === 0 ? 0 : 1);
