import { createHash } from 'node:crypto';
import type { Severity } from '../checklist/schema.js';
import type { ApartReason, FindingSeverity } from '../detect/types.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * The one located-finding model every machine output is built from (SARIF, JSON
 * `findings`, GitHub annotations, GitLab code quality, baselines). Adapters turn a
 * scan, a gate run or a dossier into rules and findings; the writers know nothing
 * about signals or questions. Pure.
 */

export type Level = 'error' | 'warning' | 'note';
export type Precision = 'very-high' | 'high' | 'medium' | 'low';

/** What a rule is, from signal or question metadata. */
export interface Rule {
  id: string;
  /** One line (SARIF shortDescription). */
  title: string;
  /** A few sentences (SARIF fullDescription). */
  description: string;
  /** Markdown help: what passes, why it matters, how to fix it. */
  help: string;
  /** Plain-text help (SARIF help.text, required by GitHub). */
  helpText: string;
  /** null when nothing says how severe a finding of this rule is. */
  severity: FindingSeverity | null;
  /** Security findings carry a security-severity; others a problem.severity. */
  security: boolean;
  precision: Precision;
  tags: string[];
  level: Level;
}

export interface Finding {
  rule: string;
  /** POSIX path relative to the repository root; '' for a finding about the repository as a whole. */
  path: string;
  line: number | null;
  message: string;
  level: Level;
  severity: FindingSeverity | null;
  /** Line-independent text that tells this finding from others of its rule in the same file (a redacted excerpt, a commit). */
  identity: string;
  apart: ApartReason | null;
  /** A reason the finding is accepted: an in-source suppression or a waiver. */
  suppression: { kind: 'inSource' | 'external'; justification: string } | null;
  /** Framework control ids (`soc2:CC6.1`), when the rule maps to any. */
  controls: string[];
  /** `hash:n` — stable across runs and line moves; set by assignFingerprints. */
  fingerprint: string;
  /** Set when a baseline was given. */
  baseline: 'new' | 'unchanged' | null;
  /** Which item of the adapter's input this came from (a gate finding has several locations); not an output field. */
  group?: number;
}

export type FindingInput = Omit<Finding, 'fingerprint' | 'baseline'>;

/** Checklist severity → finding severity (a blocker is critical). */
export const FROM_QUESTION_SEVERITY: Readonly<Record<Severity, FindingSeverity>> = { blocker: 'critical', high: 'high', medium: 'medium', low: 'low' };

/** GitHub reads over 9.0 as critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Readonly<Record<FindingSeverity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

export const SEVERITY_ORDER: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low'];

export function levelForSeverity(s: FindingSeverity | null): Level {
  return s === 'critical' || s === 'high' ? 'error' : s === 'low' ? 'note' : 'warning';
}

export function maxSeverity(list: readonly FindingSeverity[]): FindingSeverity | null {
  let best: FindingSeverity | null = null;
  for (const s of list) if (best === null || SEVERITY_ORDER.indexOf(s) < SEVERITY_ORDER.indexOf(best)) best = s;
  return best;
}

/** Whitespace differences (re-indentation, CRLF) do not make a different finding. */
function normalize(identity: string): string {
  return identity.replace(/\s+/g, ' ').trim();
}

function contentHash(f: FindingInput): string {
  return createHash('sha256').update([f.rule, f.path, normalize(f.identity)].join('\0')).digest('hex').slice(0, 16);
}

/**
 * Fingerprints in GitHub's `primaryLocationLineHash` shape, `hash:n`: the hash of rule,
 * path and identity text (no line number), and n the occurrence of that hash in line
 * order. An unchanged finding keeps its fingerprint when lines above it move; two
 * identical lines in one file stay two alerts. Returns the findings in a stable order
 * (rule, path, line), which is also the order of the outputs.
 */
export function assignFingerprints(inputs: readonly FindingInput[]): Finding[] {
  const ordered = inputs
    .map((f, i) => ({ f, i }))
    .sort((a, b) => byCodeUnits(a.f.rule, b.f.rule) || byCodeUnits(a.f.path, b.f.path) || (a.f.line ?? 0) - (b.f.line ?? 0) || a.i - b.i);
  const seen = new Map<string, number>();
  return ordered.map(({ f }) => {
    const hash = contentHash(f);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return { ...f, fingerprint: `${hash}:${n}`, baseline: null };
  });
}

/** A finding counts (fails a gate, is an annotation error) unless it is reported apart or accepted. */
export function counts(f: Finding): boolean {
  return f.apart === null && f.suppression === null && f.level !== 'note';
}

export const APART_WORDS: Readonly<Record<ApartReason, string>> = {
  'test-fixture': 'in a test fixture',
  'test-data': 'test data',
  suppressed: 'suppressed in the source',
  public: 'public by design',
};
