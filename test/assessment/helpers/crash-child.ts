/**
 * The writer the crash test kills. It opens the assessment through the real store
 * (taking over the lock its killed predecessor left), then saves forever, each save
 * one counter higher, and reports each completed save on stdout with a synchronous
 * write, so the parent knows exactly which state was last confirmed on disk.
 * Protocol on stdout: "loaded" once modules are in, then (after a line on stdin)
 * "ready <counter on disk> <pid of a stale lock taken over, or 0>", then one
 * counter per completed save.
 *
 *   node crash-child.mjs <file>           the store's atomic save
 *   node crash-child.mjs <file> --unsafe  a plain overwrite, to show the harness catches torn files
 */
import { writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Assessment } from '../../../source/assessment/model.js';
import { serializeAssessment } from '../../../source/assessment/serialize.js';
import { openAssessment } from '../../../source/assessment/store.js';
import { COUNTER_QUESTION, counterOf, initialCrashAssessment } from './crash-state.js';

const [file, flag] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: crash-child.mjs <file> [--unsafe]\n');
  process.exit(2);
}
const unsafe = flag === '--unsafe';

function withCounter(a: Assessment, n: number): Assessment {
  const answer = a.answers[COUNTER_QUESTION];
  if (!answer) throw new Error('counter answer missing');
  const at = new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
  return { ...a, updated_at: at, answers: { ...a.answers, [COUNTER_QUESTION]: { ...answer, note: String(n) } } };
}

// Start-up (node, module loading) is done before the parent says go, so it can overlap the previous child's run.
writeSync(1, 'loaded\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const session = await openAssessment(file, { create: initialCrashAssessment() });
let current = session.assessment;
let n = counterOf(current);
writeSync(1, `ready ${n} ${session.tookOverLock?.pid ?? 0}\n`);
for (;;) {
  n++;
  const next = withCounter(current, n);
  if (unsafe) {
    await writeFile(file, serializeAssessment(next));
    current = next;
  } else {
    current = await session.save(next, { commit: 'c0ffee', dirty: false, at: new Date(Date.UTC(2025, 0, 1)) });
  }
  writeSync(1, `${n}\n`);
}
