/**
 * A second shipshape process for the lock tests. Usage:
 *   node --import tsx lock-child.ts <file> hold   open, print "held <pid>", wait for a line on stdin, close
 *   node --import tsx lock-child.ts <file> try    open, print "acquired" (exit 0) or the lock error as JSON (exit 3)
 *   node --import tsx lock-child.ts <file> exit   open, print "held", then exit without closing
 */
import { AssessmentFileError } from '../../../source/assessment/errors.js';
import { AssessmentLockedError } from '../../../source/assessment/lock.js';
import { openAssessment } from '../../../source/assessment/store.js';

const [file, mode] = process.argv.slice(2);
if (!file || !mode) {
  process.stderr.write('usage: lock-child.ts <file> hold|try|exit\n');
  process.exit(2);
}

try {
  const session = await openAssessment(file);
  if (mode === 'try') {
    process.stdout.write('acquired\n');
    await session.close();
    process.exit(0);
  }
  process.stdout.write(`held ${process.pid}\n`);
  if (mode === 'exit') process.exit(0);
  process.stdin.once('data', () => {
    void session.close().then(() => process.exit(0));
  });
} catch (error) {
  if (error instanceof AssessmentFileError) {
    const holder = error instanceof AssessmentLockedError ? error.holder : null;
    process.stdout.write(`${JSON.stringify({ problem: error.problem, message: error.message, holderPid: holder?.pid ?? null })}\n`);
    process.exit(3);
  }
  throw error;
}
