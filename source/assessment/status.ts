import type { Question } from '../checklist/schema.js';
import { questionApplicability } from './applicability.js';
import { isPast } from './dates.js';
import { isGap, type Answer, type AnswerState, type Assessment, type Waiver } from './model.js';

/**
 * How one question stands right now: the single place that decides what "out of
 * scope", "unanswered", "waived" and "expired" mean, so scoring, review screens
 * and reports cannot disagree.
 */

export type EffectiveState = AnswerState | 'unanswered';
export type WaiverStatus = 'none' | 'active' | 'expired';

export interface QuestionStatus {
  question: Question;
  applies: boolean;
  /** Why it is out of scope (plain words); set when `applies` is false. */
  outOfScopeReason?: string;
  answer?: Answer;
  /** n/a when out of scope, whatever was answered. */
  state: EffectiveState;
  /** True for applicable partial/no/unknown/unanswered. */
  gap: boolean;
  waiver: WaiverStatus;
  /** The waiver, active or expired. */
  waiverDetail?: Waiver;
  /** A gap whose due date is over. */
  duePassed: boolean;
}

/** A waiver holds through its expiry day (UTC). */
export function waiverStatus(answer: Answer | undefined, now: Date): WaiverStatus {
  if (!answer?.waiver) return 'none';
  return isPast(answer.waiver.expires, now) ? 'expired' : 'active';
}

export function questionStatus(assessment: Assessment, question: Question, now: Date): QuestionStatus {
  const scope = questionApplicability(assessment.scope, question);
  const answer = Object.hasOwn(assessment.answers, question.id) ? assessment.answers[question.id] : undefined;
  if (!scope.applies) {
    return { question, applies: false, outOfScopeReason: scope.reason, ...(answer && { answer }), state: 'n/a', gap: false, waiver: 'none', duePassed: false };
  }
  const state: EffectiveState = answer?.state ?? 'unanswered';
  const gap = state === 'unanswered' || isGap(state);
  const waiver = gap ? waiverStatus(answer, now) : 'none';
  const status: QuestionStatus = {
    question,
    applies: true,
    state,
    gap,
    waiver,
    duePassed: gap && waiver !== 'active' && answer?.due !== undefined && isPast(answer.due, now),
  };
  if (answer) status.answer = answer;
  if (waiver !== 'none' && answer?.waiver) status.waiverDetail = answer.waiver;
  return status;
}
