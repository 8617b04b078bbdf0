import type { Question, SignalRule } from '../checklist/schema.js';
import type { Confidence, Signal, SignalStatus } from '../detect/types.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { AnswerState, DetectedEvidence, EvidenceDigest, ProposalSnapshot } from './model.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * Signals → a proposed answer. The rule that matters most: a proposal errs towards
 * "unknown", never towards a wrong "yes". A missing signal proposes unknown, and a
 * yes (or partial) that rests on a low-confidence signal is downgraded to unknown:
 * a weak hint never becomes a pass.
 */

export interface Proposal {
  state: AnswerState;
  confidence: Confidence;
  /** Ids of the signals this scan reported for the question's rules. */
  signals: string[];
  /** Rule ids this scan did not report. */
  missing: string[];
  /** Evidence that supports the proposed state. */
  evidence: DetectedEvidence[];
  /** Plain words: why this state. */
  reason: string;
}

const DEFAULT_MAPPING: Record<SignalStatus, AnswerState> = {
  pass: 'yes',
  fail: 'no',
  unknown: 'unknown',
  not_applicable: 'n/a',
};

const STATUS_WORDS: Record<SignalStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  unknown: 'could not tell',
  not_applicable: 'not applicable',
};

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

interface RuleOutcome {
  rule: SignalRule;
  signal: Signal | undefined;
  state: AnswerState;
  words: string;
}

function outcome(rule: SignalRule, signal: Signal | undefined): RuleOutcome {
  if (!signal) return { rule, signal, state: 'unknown', words: `${rule.id}: not reported by this scan` };
  const mapped = rule[signal.status] ?? DEFAULT_MAPPING[signal.status];
  const summary = sanitizeLine(signal.summary, 160);
  if ((mapped === 'yes' || mapped === 'partial') && signal.confidence === 'low') {
    return { rule, signal, state: 'unknown', words: `${rule.id} ${STATUS_WORDS[signal.status]} only on a weak hint (${summary}), so it is not counted as ${mapped}` };
  }
  return { rule, signal, state: mapped, words: `${rule.id} ${STATUS_WORDS[signal.status]}: ${summary}` };
}

/** `all`: every rule must hold. n/a rules are neutral; a no decides, softened to partial when another rule holds. */
function combineAll(states: AnswerState[]): AnswerState {
  const has = (s: AnswerState) => states.includes(s);
  if (has('no')) return has('yes') || has('partial') ? 'partial' : 'no';
  if (has('unknown')) return 'unknown';
  if (has('partial')) return 'partial';
  if (has('yes')) return 'yes';
  return 'n/a';
}

/** `any`: one yes suffices; otherwise the most informative of the rest. */
const ANY_PREFERENCE: AnswerState[] = ['yes', 'partial', 'no', 'unknown', 'n/a'];
function combineAny(states: AnswerState[]): AnswerState {
  return ANY_PREFERENCE.find((s) => states.includes(s)) ?? 'unknown';
}

function lowest(signals: Signal[]): Confidence {
  return signals.reduce<Confidence>((c, s) => (CONFIDENCE_RANK[s.confidence] < CONFIDENCE_RANK[c] ? s.confidence : c), 'high');
}

function highest(signals: Signal[]): Confidence {
  return signals.reduce<Confidence>((c, s) => (CONFIDENCE_RANK[s.confidence] > CONFIDENCE_RANK[c] ? s.confidence : c), 'low');
}

/** Null when the question has no signal rules: only a person can answer it. */
export function proposeAnswer(question: Question, signals: ReadonlyMap<string, Signal>): Proposal | null {
  const rules = question.signals ?? [];
  if (rules.length === 0) return null;
  const outcomes = rules.map((rule) => outcome(rule, signals.get(rule.id)));
  const combine = question.combine ?? 'all';
  const state = combine === 'all' ? combineAll(outcomes.map((o) => o.state)) : combineAny(outcomes.map((o) => o.state));
  const present = outcomes.filter((o) => o.signal !== undefined);

  // With `any`, a yes rests on the rules that said yes; everything else rests on all of them.
  const supporting = combine === 'any' && state === 'yes' ? present.filter((o) => o.state === 'yes') : present;
  const supportingSignals = supporting.map((o) => o.signal as Signal);
  let confidence: Confidence = 'low';
  if (supportingSignals.length > 0) confidence = combine === 'any' && state === 'yes' ? highest(supportingSignals) : lowest(supportingSignals);

  const lead = rules.length > 1 ? (combine === 'all' ? 'every signal must pass. ' : 'any one signal suffices. ') : '';
  return {
    state,
    confidence,
    signals: present.map((o) => o.rule.id),
    missing: outcomes.filter((o) => o.signal === undefined).map((o) => o.rule.id),
    evidence: dedupeEvidence(supporting.flatMap((o) => toDetectedEvidence(o.signal as Signal))),
    reason: `${lead}${outcomes.map((o) => o.words).join('; ')}`,
  };
}

function toDetectedEvidence(signal: Signal): DetectedEvidence[] {
  return signal.evidence.map((e) => {
    const item: DetectedEvidence = { kind: 'detected', signal: signal.id, path: e.path, sha256: e.sha256 };
    if (e.line !== undefined) item.line = e.line;
    if (e.excerpt !== undefined) item.excerpt = e.excerpt;
    if (e.note !== undefined) item.note = e.note;
    if (e.commit !== undefined) item.commit = e.commit;
    if (e.severity !== undefined) item.severity = e.severity;
    if (e.apart !== undefined) item.apart = e.apart;
    return item;
  });
}

function dedupeEvidence(items: DetectedEvidence[]): DetectedEvidence[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const key = JSON.stringify([e.signal, e.path, e.line ?? null, e.commit ?? null, e.sha256]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function digestKey(d: EvidenceDigest): string {
  return JSON.stringify([d.path, d.line ?? null, d.commit ?? null, d.sha256]);
}

/** Sorted and unique, so two scans of the same tree give equal lists. */
export function digestsOf(evidence: readonly DetectedEvidence[]): EvidenceDigest[] {
  const byKey = new Map<string, EvidenceDigest>();
  for (const e of evidence) {
    const d: EvidenceDigest = { path: e.path, sha256: e.sha256 };
    if (e.line !== undefined) d.line = e.line;
    if (e.commit !== undefined) d.commit = e.commit;
    byKey.set(digestKey(d), d);
  }
  return [...byKey.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([, d]) => d);
}

export function snapshotProposal(proposal: Proposal, now: Date): ProposalSnapshot {
  return {
    state: proposal.state,
    confidence: proposal.confidence,
    signals: [...proposal.signals],
    digests: digestsOf(proposal.evidence),
    reason: proposal.reason,
    proposed_at: now.toISOString(),
  };
}

/** Proposals for every question that has signal rules. */
export function proposeAll(questions: readonly Question[], signals: readonly Signal[]): Map<string, Proposal> {
  const byId = new Map(signals.map((s) => [s.id, s]));
  const out = new Map<string, Proposal>();
  for (const q of questions) {
    const p = proposeAnswer(q, byId);
    if (p) out.set(q.id, p);
  }
  return out;
}
