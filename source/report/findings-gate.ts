import type { GateFinding, GateFindingKind, GateResult } from '../assessment/gate.js';
import type { Checklist } from '../checklist/schema.js';
import type { Evidence, Signal } from '../detect/types.js';
import { sanitizeLine } from '../util/sanitize.js';
import { APART_WORDS, assignFingerprints, FROM_QUESTION_SEVERITY, type FindingInput } from './findings.js';
import { repositoryPath, type FindingsBundle } from './findings-scan.js';
import { questionControls, questionRule } from './rules.js';

/**
 * A gate run as rules and findings: one rule per question, one finding per location
 * of each failure (error) and warning (warning). Evidence the fresh scan reports
 * apart (a fixture, test data) stays visible at note and does not fail. A finding
 * with no evidence points at the assessment file where its answer lives; without a
 * saved assessment it has no file, and stays in the JSON and summary only.
 */

export interface GateFindingsInput {
  result: GateResult;
  checklist: Checklist;
  /** The assessment file relative to the repository root, or null on the detection-only path. */
  assessmentFile: string | null;
  /** The checked directory relative to the repository root ('' when the same). */
  prefix: string;
  isDirectory: (checkRelativePath: string) => boolean;
  /** The fresh scan, to tell which evidence its signal reports apart. */
  signals: readonly Signal[];
}

const KIND_WORDS: Readonly<Record<GateFindingKind, string>> = {
  gap: 'gap',
  unknown: 'unknown answer',
  unanswered: 'not answered',
  'expired-waiver': 'expired waiver',
  'waiver-too-long': 'waiver too long',
  'stale-evidence': 'evidence changed',
  contradiction: 'contradicted by detection',
  overdue: 'overdue',
  'checklist-changed': 'checklist changed',
};

function apartIndex(signals: readonly Signal[]): Map<string, Evidence> {
  const m = new Map<string, Evidence>();
  for (const s of signals) for (const e of s.evidence) if (e.apart) m.set([s.id, e.path, e.line ?? 0].join('\0'), e);
  return m;
}

export function gateFindings(input: GateFindingsInput): FindingsBundle {
  const questions = new Map(input.checklist.questions.map((q) => [q.id, q]));
  const apart = apartIndex(input.signals);
  const raw: FindingInput[] = [];
  const ruleIds = new Set<string>();
  const add = (f: GateFinding, failed: boolean, group: number) => {
    const q = questions.get(f.question);
    if (!q) return;
    ruleIds.add(q.id);
    const severity = FROM_QUESTION_SEVERITY[f.severity];
    const headline = `${sanitizeLine(q.text, 300)} — ${KIND_WORDS[f.kind]}: ${sanitizeLine(f.message, 300)}. ${failed ? 'Fails the gate' : 'A warning: does not fail the gate'} (${f.severity}).`;
    const base = { rule: q.id, severity, suppression: null, controls: questionControls(q), group };
    if (f.locations.length === 0) {
      raw.push({ ...base, path: input.assessmentFile ?? '', line: null, message: headline, level: failed ? 'error' : 'warning', identity: f.kind, apart: null });
      return;
    }
    for (const loc of f.locations) {
      const e = loc.signal ? apart.get([loc.signal, loc.path, loc.line ?? 0].join('\0')) : undefined;
      const reason = e?.apart ?? null;
      raw.push({
        ...base,
        path: repositoryPath(input.prefix, loc.path, input.isDirectory),
        line: loc.line ?? null,
        message: `${headline}${loc.excerpt ? ` Evidence: ${loc.excerpt}` : ''}${reason ? ` (${APART_WORDS[reason]}: shown, not counted)` : ''}`,
        level: reason ? 'note' : failed ? 'error' : 'warning',
        identity: [f.kind, loc.signal ?? '', loc.excerpt ?? ''].join('\0'),
        apart: reason,
      });
    }
  };
  // group: the gate finding's index in failures, then warnings (what a baseline decides on).
  input.result.failures.forEach((f, i) => add(f, true, i));
  input.result.warnings.forEach((f, i) => add(f, false, input.result.failures.length + i));
  const rules = input.checklist.questions.filter((q) => ruleIds.has(q.id)).map((q) => questionRule(input.checklist, q));
  const notifications = input.result.warnings
    .filter((w) => w.question === '')
    .map((w) => ({ id: `gate-${w.kind}`, level: 'note' as const, text: sanitizeLine(w.message, 500) }));
  return { rules, findings: assignFingerprints(raw), notifications };
}
