import type { Confidence, EvaluateInput, FileEntry, Signal } from '../../types.js';
import { byImportance, countBy, evidenceFor, flag, MAX_EVIDENCE, plural, suppressedList } from './report.js';

/**
 * secrets.hardcoded. Fails only on findings marked `fails` (see hardcoded.ts for
 * the test-fixture rule); test-fixture, suppressed and informational findings are
 * listed as evidence but leave the status alone. "pass" means none found, which a
 * scanner can never prove, so a pass is medium confidence.
 */
export const HARDCODED_ID = 'secrets.hardcoded';

export function hardcodedSignal(input: EvaluateInput, scannedFiles: readonly FileEntry[]): Signal {
  const filesScanned = scannedFiles.length;
  // A scan of nothing proves nothing: an empty repository (or one of only images) is not a pass.
  if (filesScanned === 0) {
    return { id: HARDCODED_ID, status: 'unknown', summary: 'No files to scan for secrets (no committed or untracked text files); nothing can be said', confidence: 'low', evidence: [], details: { filesScanned: 0 } };
  }
  const untrackedFiles = new Set(scannedFiles.filter((f) => !f.tracked).map((f) => f.path));
  const findings = input.findings.filter((f) => f.kind === 'secret');
  const failing = findings.filter((f) => flag(f, 'fails'));
  const tests = findings.filter((f) => flag(f, 'testFixture') && !flag(f, 'fails') && !flag(f, 'suppressed'));
  const suppressed = findings.filter((f) => flag(f, 'suppressed'));
  const informational = findings.filter((f) => flag(f, 'informational') && !flag(f, 'suppressed'));
  const unreasoned = findings.filter((f) => f.data?.['suppressionProblem']);
  const listed = [...findings].sort(byImportance).slice(0, MAX_EVIDENCE);
  const evidence = listed.map((f) => {
    const e = evidenceFor(f, input.hashes.get(f.path) ?? '');
    return untrackedFiles.has(f.path) ? { ...e, note: `${e.note ?? ''}; untracked file (not committed yet, not ignored)` } : e;
  });

  const extras: string[] = [];
  if (tests.length > 0) extras.push(`${plural(tests.length, 'finding')} in test fixtures not counted`);
  if (suppressed.length > 0) extras.push(`${suppressed.length} suppressed with a reason`);
  if (informational.length > 0) extras.push(`${informational.length} public-by-design`);
  if (unreasoned.length > 0) extras.push(`${plural(unreasoned.length, 'suppression')} ignored for lack of a reason`);
  const files = new Set(failing.map((f) => f.path)).size;
  const failingUntracked = new Set(failing.filter((f) => untrackedFiles.has(f.path)).map((f) => f.path)).size;
  if (failingUntracked > 0) extras.unshift(`${plural(failingUntracked, 'file')} untracked: not committed yet, but not ignored either`);
  const scannedUntracked = untrackedFiles.size > 0 ? ` (${untrackedFiles.size} untracked)` : '';
  const status = failing.length > 0 ? 'fail' : 'pass';
  const confidence: Confidence =
    failing.length === 0 ? 'medium' : failing.some((f) => f.data?.['confidence'] === 'high') ? 'high' : 'medium';
  const tail = extras.length > 0 ? ` (${extras.join('; ')})` : '';
  const summary =
    status === 'fail'
      ? `${plural(failing.length, 'hard-coded secret')} in ${plural(files, 'file')}${tail}`
      : `No hard-coded secrets in ${plural(filesScanned, 'file')} scanned${scannedUntracked}${tail}`;
  return {
    id: HARDCODED_ID,
    status,
    summary,
    confidence,
    evidence,
    details: {
      failing: failing.length,
      filesScanned,
      untrackedFilesScanned: untrackedFiles.size,
      failingUntrackedFiles: failingUntracked,
      testFixtures: findings.filter((f) => flag(f, 'testFixture')).length,
      byRule: countBy(failing, 'rule'),
      suppressed: suppressedList(findings),
      suppressionsWithoutReason: unreasoned.length,
      evidenceTruncated: findings.length > MAX_EVIDENCE,
    },
  };
}
