import type { Confidence, EvaluateInput, FileEntry, Finding, Signal } from '../../types.js';
import { sanitizeLine } from '../../../util/sanitize.js';
import { byImportance, countBy, evidenceFor, flag, MAX_EVIDENCE, plural, severityOf, str, suppressedList } from './report.js';

/**
 * secrets.hardcoded. Fails only on findings marked `fails` (see hardcoded.ts for
 * the test-fixture and test-data rules); test-fixture, test-data, suppressed and
 * public-by-design findings are listed as evidence, marked apart, and leave the
 * status alone. "pass" means none found, which a scanner can never prove, so a
 * pass is medium confidence.
 *
 * Repeats are folded: the same value pasted into several docs pages, or the same
 * public key in every migration, is one evidence item that names the other places.
 */
export const HARDCODED_ID = 'secrets.hardcoded';

/** Other places listed on a folded evidence item's note. */
const REPEATS_NAMED = 5;

interface Folded {
  shown: Finding[];
  /** Shown finding → the repeats folded into it, in path order. */
  repeats: Map<Finding, Finding[]>;
}

const at = (f: Finding) => `${f.path}${f.line !== undefined ? `:${f.line}` : ''}`;

/** Fold docs repeats of one value (among docs) and public values (everywhere) into their first sighting. */
function foldRepeats(findings: readonly Finding[]): Folded {
  const firstBy = new Map<string, Finding>();
  const repeats = new Map<Finding, Finding[]>();
  const shown: Finding[] = [];
  for (const f of findings) {
    const fp = str(f, 'fingerprint');
    const group = flag(f, 'informational') && !flag(f, 'suppressed') ? 'public' : flag(f, 'docs') && flag(f, 'fails') ? 'docs' : null;
    const key = group && fp ? `${group}:${fp}` : null;
    const first = key ? firstBy.get(key) : undefined;
    if (key && first) {
      repeats.get(first)?.push(f);
      continue;
    }
    if (key) {
      firstBy.set(key, f);
      repeats.set(f, []);
    }
    shown.push(f);
  }
  return { shown, repeats };
}

/** "same value in 2 more docs pages: a.md:3, b.md:9": the folded places, for the evidence note. */
function repeatsNote(more: readonly Finding[], docs: boolean): string {
  if (more.length === 0) return '';
  const named = more.slice(0, REPEATS_NAMED).map(at).join(', ');
  const rest = more.length > REPEATS_NAMED ? ` (+${more.length - REPEATS_NAMED} more)` : '';
  const where = docs ? 'docs page' : 'place';
  return `same value in ${plural(more.length, `more ${where}`, `more ${where}s`)}: ${sanitizeLine(named, 400)}${rest}`;
}

export function hardcodedSignal(input: EvaluateInput, scannedFiles: readonly FileEntry[]): Signal {
  const filesScanned = scannedFiles.length;
  // A scan of nothing proves nothing: an empty repository (or one of only images) is not a pass.
  if (filesScanned === 0) {
    return { id: HARDCODED_ID, status: 'unknown', summary: 'No files to scan for secrets (no committed or untracked text files); nothing can be said', confidence: 'low', evidence: [], details: { filesScanned: 0 } };
  }
  const untrackedFiles = new Set(scannedFiles.filter((f) => !f.tracked).map((f) => f.path));
  const all = input.findings.filter((f) => f.kind === 'secret');
  const { shown, repeats } = foldRepeats(all);
  const count = (f: Finding) => 1 + (repeats.get(f)?.length ?? 0);
  const failing = shown.filter((f) => flag(f, 'fails'));
  const tests = shown.filter((f) => flag(f, 'testFixture') && !flag(f, 'fails') && !flag(f, 'suppressed'));
  const testData = shown.filter((f) => str(f, 'testData') && !flag(f, 'testFixture') && !flag(f, 'fails') && !flag(f, 'suppressed'));
  const suppressed = shown.filter((f) => flag(f, 'suppressed'));
  const informational = shown.filter((f) => flag(f, 'informational') && !flag(f, 'suppressed'));
  const unreasoned = shown.filter((f) => f.data?.['suppressionProblem']);
  const listed = [...shown].sort(byImportance).slice(0, MAX_EVIDENCE);
  const evidence = listed.map((f) => {
    const e = evidenceFor(f, input.hashes.get(f.path) ?? '', repeatsNote(repeats.get(f) ?? [], flag(f, 'docs') && !flag(f, 'informational')));
    return untrackedFiles.has(f.path) ? { ...e, note: `${e.note ? `${e.note}; ` : ''}untracked file (not committed yet, not ignored)` } : e;
  });

  const extras: string[] = [];
  if (tests.length > 0) extras.push(`${plural(tests.length, 'finding')} in test fixtures not counted`);
  if (testData.length > 0) extras.push(`${plural(testData.length, 'finding')} in test data not counted`);
  if (suppressed.length > 0) extras.push(`${suppressed.length} suppressed with a reason`);
  if (informational.length > 0) {
    const kinds = [...new Set(informational.map((f) => publicKind(f)))].slice(0, 3).join(', ');
    extras.push(`${informational.reduce((n, f) => n + count(f), 0)} public-by-design (${kinds}) listed apart`);
  }
  if (unreasoned.length > 0) extras.push(`${plural(unreasoned.length, 'suppression')} ignored for lack of a reason`);
  const folded = failing.reduce((n, f) => n + (repeats.get(f)?.length ?? 0), 0);
  if (folded > 0) extras.push(`${folded} repeated in docs folded into their first sighting`);

  const critical = failing.filter((f) => severityOf(f) === 'critical');
  const criticalKinds = [...new Set(critical.map((f) => str(f, 'title')))].slice(0, 3).join('; ');
  const head = critical.length > 0 ? `, ${critical.length} critical: ${criticalKinds}` : '';

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
      ? `${plural(failing.length, 'hard-coded secret')} in ${plural(files, 'file')}${head}${tail}`
      : `No hard-coded secrets in ${plural(filesScanned, 'file')} scanned${scannedUntracked}${tail}`;
  return {
    id: HARDCODED_ID,
    status,
    summary: sanitizeLine(summary, 600),
    confidence,
    evidence,
    details: {
      failing: failing.length,
      filesScanned,
      untrackedFilesScanned: untrackedFiles.size,
      failingUntrackedFiles: failingUntracked,
      bySeverity: countBy(failing, 'severity'),
      testFixtures: all.filter((f) => flag(f, 'testFixture')).length,
      testData: all.filter((f) => str(f, 'testData') && !flag(f, 'testFixture')).length,
      publicByDesign: all.filter((f) => flag(f, 'informational')).length,
      byRule: countBy(failing, 'rule'),
      suppressed: suppressedList(shown),
      suppressionsWithoutReason: unreasoned.length,
      // Every folded place, so a reader (or the accuracy score) can see each one.
      repeats: shown.flatMap((f) => (repeats.get(f) ?? []).map((r) => ({ path: r.path, line: r.line ?? null, sameAs: at(f) }))).slice(0, 2000),
      evidenceTruncated: shown.length > MAX_EVIDENCE,
    },
  };
}

/** "public anon key", "Firebase web config key", …: the few words a reader needs. */
function publicKind(f: Finding): string {
  const rule = str(f, 'rule');
  if (rule === 'supabase-anon-key') return 'public anon key';
  if (rule === 'supabase-publishable-key') return 'publishable key';
  if (rule === 'supabase-demo-key') return 'Supabase local demo key';
  // A Google key is public as a Firebase web config key or a Maps browser key: its note starts with which.
  if (rule === 'gcp-api-key') return str(f, 'note').split(':')[0] || 'Google browser key';
  return str(f, 'title') || rule;
}
