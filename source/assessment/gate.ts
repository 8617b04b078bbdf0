import { daysBetween } from './dates.js';
import { severityRank, type Checklist, type Severity } from '../checklist/schema.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { Assessment, DetectedEvidence } from './model.js';
import type { Policy } from './policy.js';
import type { ReconcileResult } from './reconcile.js';
import { scoreAssessment, type ScoreResult, type Verdict } from './score.js';
import { questionStatus } from './status.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * The gate decision, pure: a scored assessment, what reconcile found, and a policy
 * → pass or fail, with every failure and warning in words and with its paths.
 */

export type GateFindingKind = 'gap' | 'unknown' | 'unanswered' | 'expired-waiver' | 'waiver-too-long' | 'stale-evidence' | 'contradiction' | 'overdue' | 'checklist-changed';

export interface GateFinding {
  question: string;
  severity: Severity;
  kind: GateFindingKind;
  message: string;
  /** Evidence locations (`path:line`), for people and SARIF; excerpt and signal tell findings apart without the line; per-finding evidence also says what it is and how severe. */
  locations: GateLocation[];
}

export interface GateLocation {
  path: string;
  line?: number;
  excerpt?: string;
  signal?: string;
  note?: string;
  severity?: DetectedEvidence['severity'];
  apart?: DetectedEvidence['apart'];
}

export interface GateResult {
  passed: boolean;
  verdict: Verdict;
  score: number | null;
  failures: GateFinding[];
  warnings: GateFinding[];
  counts: { applicable: number; answered: number; yes: number; gaps: number; blockers: number };
  scored: ScoreResult;
}

const atOrAbove = (s: Severity, limit: Policy['fail_on']) => severityRank(s) <= severityRank(limit);

export interface GateInput {
  assessment: Assessment;
  checklist: Checklist;
  reconciled: ReconcileResult | null;
  policy: Policy;
  now: Date;
  /** True when no saved assessment exists: the gate runs on detection alone. */
  detectionOnly: boolean;
}

export function evaluateGate(input: GateInput): GateResult {
  const { assessment, checklist, policy, now } = input;
  const scored = scoreAssessment(assessment, checklist, now);
  const failures: GateFinding[] = [];
  const warnings: GateFinding[] = [];
  const unansweredMode = policy.unanswered ?? (input.detectionOnly ? 'warn' : 'fail');
  const push = (mode: 'fail' | 'warn', f: GateFinding) => (mode === 'fail' ? failures : warnings).push(f);
  const flags = input.reconciled?.byQuestion ?? new Map();

  let yes = 0;
  for (const q of checklist.questions) {
    const s = questionStatus(assessment, q, now);
    if (!s.applies) continue;
    if (s.state === 'yes') yes++;
    const locations = (s.answer?.evidence ?? []).flatMap((e): GateLocation[] =>
      e.kind === 'detected'
        ? [{ path: e.path, ...(e.line ? { line: e.line } : {}), ...(e.excerpt ? { excerpt: e.excerpt } : {}), ...(e.signal ? { signal: e.signal } : {}), ...(e.note ? { note: e.note } : {}), ...(e.severity ? { severity: e.severity } : {}), ...(e.apart ? { apart: e.apart } : {}) }]
        : [],
    );
    // A detected gap says what detection found, not just the answer.
    const detected = s.answer?.source === 'detected' && s.answer.proposal?.reason ? `: ${sanitizeLine(s.answer.proposal.reason, 240)}` : '';
    const base = { question: q.id, severity: q.severity, locations };
    const relevant = atOrAbove(q.severity, policy.fail_on);

    if (s.gap) {
      const waiver = s.waiverDetail;
      const days = waiver && s.waiver === 'active' ? daysBetween(waiver.granted_at, waiver.expires) : 0;
      const tooLong = policy.max_waiver_days !== null && days > policy.max_waiver_days;
      if (tooLong) {
        // The waiver does not count, so the gap stands: one finding says both.
        push(relevant ? 'fail' : 'warn', { ...base, kind: 'waiver-too-long', message: `answered "${s.state}"; its waiver runs ${days} days but the policy allows ${policy.max_waiver_days}` });
      } else if (s.waiver === 'expired' && waiver) {
        push(policy.expired_waivers, { ...base, kind: 'expired-waiver', message: `waiver approved by ${sanitizeLine(waiver.approver, 60)} expired after ${waiver.expires}` });
      } else if (s.waiver !== 'active' && relevant) {
        if (s.state === 'unanswered') push(unansweredMode, { ...base, kind: 'unanswered', message: 'not answered yet' });
        else if (s.state === 'unknown') push(q.severity === 'blocker' ? 'fail' : policy.unknown, { ...base, kind: 'unknown', message: 'answered "unknown": nobody can say it holds' });
        else push('fail', { ...base, kind: 'gap', message: `answered "${s.state}"${s.answer?.note ? `: ${sanitizeLine(s.answer.note, 120)}` : detected}` });
      }
      if (s.duePassed) push(policy.overdue, { ...base, kind: 'overdue', message: `due ${s.answer?.due ?? ''} has passed${s.answer?.owner ? ` (owner ${sanitizeLine(s.answer.owner, 60)})` : ''}` });
    }

    for (const flag of flags.get(q.id) ?? []) {
      if (flag.kind === 'contradiction') push(relevant ? policy.contradictions : 'warn', { ...base, kind: 'contradiction', message: flag.message });
      else if (flag.kind === 'evidence-changed' || flag.kind === 'proposal-changed') push(relevant ? policy.stale_evidence : 'warn', { ...base, kind: 'stale-evidence', message: flag.message });
    }
  }

  // Below the threshold an unanswered question fails nothing, but a gate that stays
  // silent about an unfinished review would read as a finished one.
  const quiet = checklist.questions.filter((q) => !atOrAbove(q.severity, policy.fail_on)).map((q) => questionStatus(assessment, q, now)).filter((st) => st.applies && st.state === 'unanswered').length;
  if (quiet > 0) {
    warnings.push({ question: '', severity: 'low', kind: 'unanswered', message: `${quiet} applicable question${quiet === 1 ? ' is' : 's are'} not answered yet (below fail-on ${policy.fail_on}, so they do not fail the gate)`, locations: [] });
  }

  const changed = input.reconciled?.checklistChanged;
  if (changed) {
    const added = input.reconciled?.flags.filter((f) => f.kind === 'question-added').length ?? 0;
    const removed = input.reconciled?.flags.filter((f) => f.kind === 'question-removed').length ?? 0;
    warnings.push({ question: '', severity: 'low', kind: 'checklist-changed', message: `checklist changed since the assessment (${changed.fromVersion} → ${changed.toVersion}: ${added} added, ${removed} removed)`, locations: [] });
  }

  const bySeverity = (a: GateFinding, b: GateFinding) => severityRank(a.severity) - severityRank(b.severity) || byCodeUnits(a.question, b.question);
  failures.sort(bySeverity);
  warnings.sort(bySeverity);
  return {
    passed: failures.length === 0,
    verdict: scored.verdict,
    score: scored.score,
    failures,
    warnings,
    counts: { applicable: scored.progress.applicable, answered: scored.progress.answered, yes, gaps: scored.gaps.length, blockers: scored.blocking.length },
    scored,
  };
}
