import type { Evidence, Finding } from '../../types.js';

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

/** Why this finding is evidence, in a few words. */
export function noteFor(f: Finding): string {
  const parts = [`${str(f, 'rule')} (${str(f, 'confidence')} confidence)`];
  if (flag(f, 'testFixture')) parts.push(flag(f, 'fails') ? 'test fixture, but a live credential shape' : 'test fixture');
  if (flag(f, 'suppressed')) parts.push(`suppressed: ${str(f, 'suppressionReason')}`);
  const problem = str(f, 'suppressionProblem');
  if (problem) parts.push(problem);
  if (flag(f, 'informational')) parts.push(str(f, 'note') || 'informational');
  if (str(f, 'severity') === 'low') parts.push('low severity');
  return parts.join('; ');
}

export function evidenceFor(f: Finding, sha256: string): Evidence {
  const commit = str(f, 'commit');
  return {
    path: f.path,
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.excerpt !== undefined ? { excerpt: f.excerpt } : {}),
    sha256,
    note: noteFor(f),
    ...(commit ? { commit } : {}),
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

/** Failing findings first, then test fixtures, then the rest; stable within each group. */
export function byImportance(a: Finding, b: Finding): number {
  const rank = (f: Finding) => (flag(f, 'fails') ? 0 : flag(f, 'testFixture') ? 1 : 2);
  return rank(a) - rank(b);
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
