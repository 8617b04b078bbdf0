import type { ApartReason, Evidence, Finding, FindingSeverity } from '../../types.js';

/**
 * Findings → evidence and counts, shared by secrets.hardcoded and secrets.history.
 * Everything here reads only redacted fields: a finding never carries a value.
 */
export const MAX_EVIDENCE = 200;

export function str(f: Finding, key: string): string {
  const v = f.data?.[key];
  return typeof v === 'string' ? v : '';
}

export function flag(f: Finding, key: string): boolean {
  return f.data?.[key] === true;
}

const SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low'];

export function severityOf(f: Finding): FindingSeverity {
  const s = str(f, 'severity');
  return (SEVERITIES as readonly string[]).includes(s) ? (s as FindingSeverity) : 'medium';
}

/** Why a finding is shown but not counted, or undefined when it counts. */
function apartOf(f: Finding): ApartReason | undefined {
  if (flag(f, 'suppressed')) return 'suppressed';
  if (flag(f, 'informational')) return 'public';
  if (flag(f, 'fails')) return undefined;
  if (flag(f, 'testFixture')) return 'test-fixture';
  if (str(f, 'testData')) return 'test-data';
  return undefined;
}

/**
 * Why this finding is evidence, in a few words: what it is, anything said about where
 * else it appears, why it is or is not counted, then the rule. Most important first:
 * notes are cut at 120 characters on the way out.
 */
export function noteFor(f: Finding, also = ''): string {
  const title = str(f, 'title');
  const parts: string[] = [];
  if (title) parts.push(title);
  if (also) parts.push(also);
  if (flag(f, 'testFixture')) parts.push(flag(f, 'fails') ? 'test fixture, but a live credential shape' : 'test fixture');
  const testData = str(f, 'testData');
  if (testData && !flag(f, 'testFixture')) parts.push(flag(f, 'fails') ? `${testData}, but a live credential shape` : testData);
  if (flag(f, 'suppressed')) parts.push(`suppressed: ${str(f, 'suppressionReason')}`);
  const problem = str(f, 'suppressionProblem');
  if (problem) parts.push(problem);
  if (flag(f, 'informational')) parts.push(str(f, 'note') || 'informational');
  if (str(f, 'severity') === 'low' && !flag(f, 'informational')) parts.push('low severity');
  parts.push(`${str(f, 'rule')} (${str(f, 'confidence')} confidence)`);
  return parts.join('; ');
}

export function evidenceFor(f: Finding, sha256: string, also = ''): Evidence {
  const commit = str(f, 'commit');
  const apart = apartOf(f);
  return {
    path: f.path,
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.excerpt !== undefined ? { excerpt: f.excerpt } : {}),
    sha256,
    note: noteFor(f, also),
    ...(commit ? { commit } : {}),
    severity: severityOf(f),
    ...(apart ? { apart } : {}),
  };
}

export function countBy(findings: readonly Finding[], key: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) {
    const k = str(f, key);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Failing findings first, most severe first; then test fixtures and test data, then the rest; stable within each group. */
export function byImportance(a: Finding, b: Finding): number {
  const rank = (f: Finding) => (flag(f, 'fails') ? 0 : flag(f, 'testFixture') || str(f, 'testData') ? 1 : 2);
  return rank(a) - rank(b) || SEVERITIES.indexOf(severityOf(a)) - SEVERITIES.indexOf(severityOf(b));
}

export function suppressedList(findings: readonly Finding[]): Record<string, string | number | null>[] {
  return findings
    .filter((f) => flag(f, 'suppressed'))
    .map((f) => ({
      path: f.path,
      line: f.line ?? null,
      rule: str(f, 'rule'),
      secret: str(f, 'display'),
      reason: str(f, 'suppressionReason'),
    }));
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
