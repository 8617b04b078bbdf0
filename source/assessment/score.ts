import { severityRank, type Checklist, type Severity } from '../checklist/schema.js';
import { sanitizeLine } from '../util/sanitize.js';
import { questionStatus, type EffectiveState, type QuestionStatus } from './status.js';
import type { Assessment, Waiver } from './model.js';

/**
 * Score and verdict. The rules, in one place:
 *
 * - Weights by severity: blocker 10, high 5, medium 3, low 1.
 * - Values: yes 1, partial 0.5, no / unknown / unanswered 0. Answered n/a and
 *   out-of-scope questions are left out of both sides of the ratio.
 * - A waiver changes nothing in the score: an accepted risk is still a gap, not a
 *   fix. It only changes the verdict (below).
 * - Score = earned weight / applicable weight, 0–100 with one decimal; null when
 *   nothing applies (there is nothing to score, and 100 would claim too much).
 * - Verdict:
 *   - "not ready" when any applicable blocker is not yes, unless it carries an
 *     active waiver (unknown, unanswered and expired waivers all block);
 *   - "ready with conditions" when a blocker is waived or any high-severity gap
 *     remains (waived or not): each is listed as a condition;
 *   - "ready" otherwise. Medium and low gaps are listed in `gaps` and can fail the
 *     CI gate through `failsGate`, but do not change the verdict.
 * - Evidence coverage: share of applicable yes answers backed by at least one
 *   evidence item (detected, link or note).
 * - Progress: applicable questions with any answer (unknown counts: it was asked)
 *   over applicable questions; 100 when nothing applies.
 */

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { blocker: 10, high: 5, medium: 3, low: 1 };
export const STATE_VALUES: Readonly<Record<Exclude<EffectiveState, 'n/a'>, number>> = { yes: 1, partial: 0.5, no: 0, unknown: 0, unanswered: 0 };

export type Verdict = 'ready' | 'ready with conditions' | 'not ready';
export type GateThreshold = 'blocker' | 'high' | 'medium';

export interface ScoredItem {
  question: string;
  section: string;
  severity: Severity;
  state: EffectiveState;
  /** Plain words: why this item is listed. */
  reason: string;
  waiver?: Waiver;
  waiverActive: boolean;
}

export interface SectionScore {
  id: string;
  title: string;
  /** 0–100, null when nothing in the section applies. */
  score: number | null;
  applicable: number;
  answered: number;
  gaps: number;
}

export interface ScoreResult {
  score: number | null;
  sections: SectionScore[];
  evidenceCoverage: { backed: number; yes: number; percent: number | null };
  progress: { answered: number; applicable: number; percent: number; unconfirmed: number };
  verdict: Verdict;
  /** Why it is "not ready". */
  blocking: ScoredItem[];
  /** What "ready with conditions" rests on. */
  conditions: ScoredItem[];
  /** Every applicable gap, most severe first. */
  gaps: ScoredItem[];
  outOfScope: { question: string; reason: string }[];
}

function percent(part: number, whole: number): number {
  return Math.round((part / whole) * 1000) / 10;
}

/** A proposal nobody confirmed says so: a blocker list beside the readiness picture must not call it an answer. */
function stateWords(state: EffectiveState, detected: boolean): string {
  if (detected && state === 'unknown') return 'detection could not tell, and nobody has confirmed it';
  if (detected && state !== 'unanswered') return `detection proposes ${state}, not yet confirmed`;
  switch (state) {
    case 'unanswered':
      return 'not answered';
    case 'unknown':
      return 'answered unknown: nobody could confirm it';
    case 'partial':
      return 'only partly in place';
    default:
      return `answered ${state}`;
  }
}

function item(s: QuestionStatus): ScoredItem {
  const severity = s.question.severity;
  let reason = `${severity}: ${stateWords(s.state, s.answer?.source === 'detected')}`;
  if (s.waiver === 'active' && s.waiverDetail) {
    // The assessment file is repository text: what it says is cleaned before it can reach a screen.
    reason += `; waived until ${s.waiverDetail.expires} by ${sanitizeLine(s.waiverDetail.approver, 80)}: ${sanitizeLine(s.waiverDetail.justification)}`;
  } else if (s.waiver === 'expired' && s.waiverDetail) {
    reason += `; its waiver (approved by ${sanitizeLine(s.waiverDetail.approver, 80)}) expired after ${s.waiverDetail.expires}`;
  }
  const out: ScoredItem = { question: s.question.id, section: s.question.section, severity, state: s.state, reason, waiverActive: s.waiver === 'active' };
  if (s.waiverDetail) out.waiver = s.waiverDetail;
  return out;
}

export function scoreAssessment(assessment: Assessment, checklist: Checklist, now: Date): ScoreResult {
  const statuses = checklist.questions.map((q) => questionStatus(assessment, q, now));
  const sectionOrder = [...checklist.sections.map((s) => s.id)];
  for (const q of checklist.questions) if (!sectionOrder.includes(q.section)) sectionOrder.push(q.section);

  let earned = 0;
  let weight = 0;
  let answered = 0;
  let applicable = 0;
  let unconfirmed = 0;
  let yes = 0;
  let backed = 0;
  const perSection = new Map<string, { earned: number; weight: number; applicable: number; answered: number; gaps: number }>();
  for (const id of sectionOrder) perSection.set(id, { earned: 0, weight: 0, applicable: 0, answered: 0, gaps: 0 });

  for (const s of statuses) {
    if (!s.applies) continue;
    const sec = perSection.get(s.question.section);
    if (!sec) continue;
    applicable++;
    sec.applicable++;
    if (s.state !== 'unanswered') {
      answered++;
      sec.answered++;
      if (s.answer?.source === 'detected') unconfirmed++;
    }
    if (s.gap) sec.gaps++;
    if (s.state === 'n/a') continue;
    const w = SEVERITY_WEIGHTS[s.question.severity];
    const v = STATE_VALUES[s.state];
    weight += w;
    earned += w * v;
    sec.weight += w;
    sec.earned += w * v;
    if (s.state === 'yes') {
      yes++;
      if ((s.answer?.evidence.length ?? 0) > 0) backed++;
    }
  }

  const gaps = statuses
    .filter((s) => s.applies && s.gap)
    .map(item)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const blocking = gaps.filter((g) => g.severity === 'blocker' && !g.waiverActive);
  const conditions = gaps.filter((g) => (g.severity === 'blocker' && g.waiverActive) || g.severity === 'high');
  const verdict: Verdict = blocking.length > 0 ? 'not ready' : conditions.length > 0 ? 'ready with conditions' : 'ready';

  const titles = new Map(checklist.sections.map((s) => [s.id, s.title]));
  return {
    score: weight === 0 ? null : percent(earned, weight),
    sections: sectionOrder.map((id) => {
      const sec = perSection.get(id) ?? { earned: 0, weight: 0, applicable: 0, answered: 0, gaps: 0 };
      return { id, title: titles.get(id) ?? id, score: sec.weight === 0 ? null : percent(sec.earned, sec.weight), applicable: sec.applicable, answered: sec.answered, gaps: sec.gaps };
    }),
    evidenceCoverage: { backed, yes, percent: yes === 0 ? null : percent(backed, yes) },
    progress: { answered, applicable, percent: applicable === 0 ? 100 : percent(answered, applicable), unconfirmed },
    verdict,
    blocking,
    conditions,
    gaps,
    outOfScope: statuses.filter((s) => !s.applies).map((s) => ({ question: s.question.id, reason: s.outOfScopeReason ?? 'out of scope' })),
  };
}

/**
 * The CI gate: fails when an applicable gap at or above the threshold has no
 * active waiver. With "blocker" this is exactly the "not ready" verdict.
 */
export function failsGate(result: ScoreResult, threshold: GateThreshold): boolean {
  const limit = severityRank(threshold);
  return result.gaps.some((g) => severityRank(g.severity) <= limit && !g.waiverActive);
}
