/**
 * The long crash-safety runs (the test suite runs the short ones):
 *   node --import tsx scripts/crash-loop.ts wizard [--cycles 1000] [--seed N] [--keep]
 *   node --import tsx scripts/crash-loop.ts store [--kills 2000] [--lanes 2] [--unsafe] [--keep]
 * wizard: the built CLI in a pseudo-terminal, random keys, SIGKILL at random
 * moments; after each kill every answer the screen showed as saved must be in the
 * file, and the file must load (run `npm run build` first; `npm run bench -- crash`
 * does both). store: the store alone, killed mid-save; --unsafe makes the child
 * overwrite the file in place instead, to show that the harness does catch torn files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCrashChild, runCrashLoop } from '../test/assessment/helpers/crash-harness.js';
import { runWizardCrashLoop } from '../test/assessment/helpers/wizard-crash.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cycles: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    kills: { type: 'string', default: '2000' },
    lanes: { type: 'string', default: '2' },
    unsafe: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const mode = positionals[0] ?? 'wizard';
const whole = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const cycles = whole(values.cycles) as number;
const kills = whole(values.kills) as number;
const lanes = whole(values.lanes) as number;
const seed = whole(values.seed);
const valid = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 1);
if ((mode !== 'wizard' && mode !== 'store') || ![cycles, kills, lanes].every(valid) || (seed !== undefined && !Number.isInteger(seed))) {
  process.stderr.write('usage: crash-loop.ts wizard [--cycles N] [--seed N] [--keep] | store [--kills N] [--lanes N] [--unsafe] [--keep]\n');
  process.exit(2);
}

const work = await mkdtemp(join(tmpdir(), 'shipshape-crash-'));
let ok: boolean;
if (mode === 'wizard') {
  const report = await runWizardCrashLoop({
    cycles,
    workDir: work,
    ...(seed !== undefined && { seed }),
    onCycle: (n, r) => {
      if (n % 50 === 0) process.stderr.write(`${n}/${cycles} cycles, ${r.answersChecked} answers checked, ${r.answersLost} lost, ${r.failures.length} failures\n`);
    },
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  ok = report.failures.length === 0;
} else {
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
  ok = report.failures.length === 0;
}
if (values.keep) process.stderr.write(`files kept in ${work}\n`);
else await rm(work, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
