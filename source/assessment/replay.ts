import type { Answer, AnswerSnapshot, Assessment, HistoryEntry } from './model.js';

/**
 * The assessment as it stood at an earlier moment, rebuilt from each answer's
 * audit trail: every change appends a history entry holding the answer as it was
 * before (`previous`) and when it changed (`at`). So a question's answer at time t
 * is the `previous` of its first change after t, or the current answer when
 * nothing changed after t. Cleared answers keep their trail in `cleared`.
 *
 * What the trail does not hold stays as it is now: the scope, the checklist, and
 * evidence (only its presence matters to the score, through evidence coverage).
 * Pure.
 */

function fromSnapshot(s: AnswerSnapshot, current: Answer | undefined, at: string): Answer {
  const answer: Answer = {
    state: s.state,
    source: s.source,
    links: s.links ?? [],
    evidence: current?.evidence ?? [],
    answered_by: current?.answered_by ?? '',
    answered_at: at,
    history: [],
  };
  if (s.note !== undefined) answer.note = s.note;
  if (s.owner !== undefined) answer.owner = s.owner;
  if (s.due !== undefined) answer.due = s.due;
  if (s.waiver !== undefined) answer.waiver = s.waiver;
  return answer;
}

/** The answer at `t` (ISO time) given its trail and what it is now; undefined when it had none. */
function answerAt(trail: readonly HistoryEntry[], current: Answer | undefined, t: string): Answer | undefined {
  const next = trail.find((h) => h.at > t);
  if (!next) return current;
  return next.previous ? fromSnapshot(next.previous, current, next.at) : undefined;
}

/** The assessment as it was at `t` (an ISO timestamp). */
export function assessmentAsOf(assessment: Assessment, t: string): Assessment {
  const answers: Record<string, Answer> = {};
  const ids = new Set([...Object.keys(assessment.answers), ...Object.keys(assessment.cleared)]);
  for (const id of ids) {
    const current = Object.hasOwn(assessment.answers, id) ? assessment.answers[id] : undefined;
    // A question answered again after a clear carries its cleared trail in its own history (answers.ts), so one trail serves.
    const trail = current ? current.history : (assessment.cleared[id] ?? []);
    const ordered = [...trail].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const then = answerAt(ordered, current, t);
    if (then) answers[id] = then;
  }
  return { ...assessment, answers, updated_at: t < assessment.updated_at ? t : assessment.updated_at };
}

/** UTC days (YYYY-MM-DD) on which the assessment was created, changed or saved, oldest first. */
export function activityDays(assessment: Assessment): string[] {
  const days = new Set<string>([assessment.created_at.slice(0, 10)]);
  for (const a of Object.values(assessment.answers)) {
    for (const h of a.history) days.add(h.at.slice(0, 10));
    days.add(a.answered_at.slice(0, 10));
  }
  for (const trail of Object.values(assessment.cleared)) for (const h of trail) days.add(h.at.slice(0, 10));
  for (const s of assessment.saves) days.add(s.last_at.slice(0, 10));
  return [...days].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
}
