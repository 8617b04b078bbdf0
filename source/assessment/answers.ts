import { addDays, daysBetween, isCalendarDate, utcDay } from './dates.js';
import { AnswerError } from './errors.js';
import {
  isGap,
  type Answer,
  type AnswerSnapshot,
  type AnswerState,
  type Assessment,
  type EvidenceItem,
  type HistoryEntry,
  type LinkEvidence,
  type NoteEvidence,
  QuestionIdSchema,
} from './model.js';
import { snapshotProposal, type Proposal } from './propose.js';

/**
 * Every change to an answer goes through these functions. Each returns a new
 * Assessment (the input is never mutated), stamps who and when from the injected
 * Actor (no clock or user lookup in here), and appends to the answer's history the
 * answer as it was before: the audit trail a reviewer reads.
 */

export interface Actor {
  /** Assessor name. */
  by: string;
  now: Date;
}

function snapshot(answer: Answer): AnswerSnapshot {
  const s: AnswerSnapshot = { state: answer.state, source: answer.source };
  if (answer.note !== undefined) s.note = answer.note;
  if (answer.owner !== undefined) s.owner = answer.owner;
  if (answer.due !== undefined) s.due = answer.due;
  if (answer.waiver !== undefined) s.waiver = answer.waiver;
  if (answer.links.length > 0) s.links = [...answer.links];
  return s;
}

function entry(actor: Actor, action: HistoryEntry['action'], previous: Answer | undefined, detail?: string): HistoryEntry {
  const e: HistoryEntry = { at: actor.now.toISOString(), by: actor.by, action, previous: previous ? snapshot(previous) : null };
  if (detail !== undefined) e.detail = detail;
  return e;
}

function requireActor(actor: Actor): void {
  if (actor.by.trim() === '') throw new AnswerError('invalid-input', 'who is answering? An assessor name is required');
  if (Number.isNaN(actor.now.getTime())) throw new AnswerError('invalid-input', 'the time of the change is not a valid date');
}

function requireAnswer(a: Assessment, questionId: string): Answer {
  const answer = Object.hasOwn(a.answers, questionId) ? a.answers[questionId] : undefined;
  if (!answer) throw new AnswerError('no-answer', `question ${questionId} has no answer yet`);
  return answer;
}

function existing(a: Assessment, questionId: string): Answer | undefined {
  return Object.hasOwn(a.answers, questionId) ? a.answers[questionId] : undefined;
}

/** Write one answer (or remove it) and keep the bookkeeping every change needs. */
function commit(a: Assessment, questionId: string, answer: Answer | undefined, actor: Actor, cleared?: HistoryEntry[]): Assessment {
  // The file would refuse it on the next load, and "__proto__" would set a prototype instead of an answer.
  if (!QuestionIdSchema.safeParse(questionId).success) throw new AnswerError('invalid-input', `${JSON.stringify(questionId)} is not a question id`);
  const answers: Record<string, Answer> = { ...a.answers };
  if (answer) answers[questionId] = answer;
  else delete answers[questionId];
  const clearedMap: Record<string, HistoryEntry[]> = { ...a.cleared };
  if (cleared) clearedMap[questionId] = cleared;
  else if (answer) delete clearedMap[questionId];
  const assessors = a.assessors.includes(actor.by) ? a.assessors : [...a.assessors, actor.by];
  return { ...a, answers, cleared: clearedMap, assessors, updated_at: actor.now.toISOString() };
}

/** History so far: the answer's own, or what was kept when it was last cleared. */
function priorHistory(a: Assessment, questionId: string, previous: Answer | undefined): HistoryEntry[] {
  if (previous) return previous.history;
  return Object.hasOwn(a.cleared, questionId) ? (a.cleared[questionId] ?? []) : [];
}

/** Owner, due date and waiver belong to gaps; a yes or n/a drops them (the history keeps them). */
function gapFields(previous: Answer | undefined, state: AnswerState): Pick<Answer, 'owner' | 'due' | 'waiver'> {
  if (!previous || !isGap(state)) return {};
  const out: Pick<Answer, 'owner' | 'due' | 'waiver'> = {};
  if (previous.owner !== undefined) out.owner = previous.owner;
  if (previous.due !== undefined) out.due = previous.due;
  if (previous.waiver !== undefined) out.waiver = previous.waiver;
  return out;
}

function humanEvidence(answer: Answer | undefined): EvidenceItem[] {
  return (answer?.evidence ?? []).filter((e) => e.kind !== 'detected');
}

function cleanNote(note: string | undefined): string | undefined {
  const t = note?.trim();
  return t === undefined || t === '' ? undefined : t;
}

function build(base: Omit<Answer, 'note' | 'owner' | 'due' | 'waiver' | 'proposal'>, optional: Partial<Answer>): Answer {
  const out: Answer = { ...base };
  for (const key of ['note', 'owner', 'due', 'waiver', 'proposal'] as const) {
    if (optional[key] !== undefined) (out as Record<string, unknown>)[key] = optional[key];
  }
  return out;
}

export interface SetAnswerInput {
  state: AnswerState;
  /** Replaces the note when given; '' removes it. */
  note?: string;
  /** The current proposal, if detection made one: kept so a later scan can tell what changed. */
  proposal?: Proposal | null;
}

/** A person's answer (source: human). */
export function setAnswer(a: Assessment, questionId: string, input: SetAnswerInput, actor: Actor): Assessment {
  requireActor(actor);
  const previous = existing(a, questionId);
  const proposal = input.proposal ? snapshotProposal(input.proposal, actor.now) : previous?.proposal;
  // Detected evidence supports the state detection proposed, not whatever a person chose instead.
  const keepDetected = proposal !== undefined && proposal.state === input.state;
  const detected = input.proposal ? input.proposal.evidence : (previous?.evidence.filter((e) => e.kind === 'detected') ?? []);
  const evidence = [...humanEvidence(previous), ...(keepDetected ? detected : [])];
  const answer = build(
    {
      state: input.state,
      source: 'human',
      links: previous?.links ?? [],
      evidence,
      answered_by: actor.by,
      answered_at: actor.now.toISOString(),
      history: [...priorHistory(a, questionId, previous), entry(actor, 'answer', previous)],
    },
    { note: input.note !== undefined ? cleanNote(input.note) : previous?.note, proposal, ...gapFields(previous, input.state) },
  );
  return commit(a, questionId, answer, actor);
}

/** A person accepts what detection proposed (source: confirmed); its evidence becomes the answer's. */
export function confirmProposal(a: Assessment, questionId: string, proposal: Proposal, actor: Actor): Assessment {
  requireActor(actor);
  const previous = existing(a, questionId);
  const answer = build(
    {
      state: proposal.state,
      source: 'confirmed',
      links: previous?.links ?? [],
      evidence: [...humanEvidence(previous), ...proposal.evidence],
      answered_by: actor.by,
      answered_at: actor.now.toISOString(),
      history: [...priorHistory(a, questionId, previous), entry(actor, 'confirm', previous)],
    },
    { note: previous?.note, proposal: snapshotProposal(proposal, actor.now), ...gapFields(previous, proposal.state) },
  );
  return commit(a, questionId, answer, actor);
}

/**
 * Pre-fill from detection (source: detected), e.g. for a non-interactive run. It
 * never replaces a person's answer: that would turn a judgement back into a guess.
 */
export function applyProposal(a: Assessment, questionId: string, proposal: Proposal, actor: Actor): Assessment {
  requireActor(actor);
  const previous = existing(a, questionId);
  if (previous && previous.source !== 'detected') {
    throw new AnswerError('not-detected', `question ${questionId} was answered by ${previous.answered_by}; a detected answer does not replace it`);
  }
  const answer = build(
    {
      state: proposal.state,
      source: 'detected',
      links: previous?.links ?? [],
      evidence: [...humanEvidence(previous), ...proposal.evidence],
      answered_by: actor.by,
      answered_at: actor.now.toISOString(),
      history: [...priorHistory(a, questionId, previous), entry(actor, 'detect', previous)],
    },
    { note: previous?.note, proposal: snapshotProposal(proposal, actor.now), ...gapFields(previous, proposal.state) },
  );
  return commit(a, questionId, answer, actor);
}

/** Replace the note; '' removes it. */
export function setNote(a: Assessment, questionId: string, note: string, actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  const { note: _old, ...rest } = previous;
  const cleaned = cleanNote(note);
  const answer: Answer = { ...rest, ...(cleaned !== undefined && { note: cleaned }), history: [...previous.history, entry(actor, 'note', previous)] };
  return commit(a, questionId, answer, actor);
}

/** Related links (tickets, docs) that are not evidence themselves. */
export function setLinks(a: Assessment, questionId: string, links: readonly string[], actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  const cleaned = links.map((l) => l.trim()).filter((l) => l !== '');
  const answer: Answer = { ...previous, links: [...new Set(cleaned)], history: [...previous.history, entry(actor, 'links', previous)] };
  return commit(a, questionId, answer, actor);
}

export type HumanEvidenceInput = { kind: 'link'; url: string; title?: string } | { kind: 'note'; text: string };

/** Attach a link or a written statement as evidence for the answer. */
export function addEvidence(a: Assessment, questionId: string, input: HumanEvidenceInput, actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  const stamp = { added_by: actor.by, added_at: actor.now.toISOString() };
  let item: LinkEvidence | NoteEvidence;
  let detail: string;
  if (input.kind === 'link') {
    const url = input.url.trim();
    if (url === '') throw new AnswerError('invalid-input', 'an evidence link needs a URL or path');
    item = { kind: 'link', url, ...(input.title?.trim() && { title: input.title.trim() }), ...stamp };
    detail = `added link ${url}`;
  } else {
    const text = input.text.trim();
    if (text === '') throw new AnswerError('invalid-input', 'an evidence note must say something');
    item = { kind: 'note', text, ...stamp };
    detail = 'added a note as evidence';
  }
  const answer: Answer = { ...previous, evidence: [...previous.evidence, item], history: [...previous.history, entry(actor, 'evidence', previous, detail)] };
  return commit(a, questionId, answer, actor);
}

/** Remove one evidence item by its index in `answer.evidence`. */
export function removeEvidence(a: Assessment, questionId: string, index: number, actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  const item = previous.evidence[index];
  if (!item) throw new AnswerError('invalid-input', `question ${questionId} has no evidence item ${index + 1}`);
  const what = item.kind === 'detected' ? `${item.path}${item.line ? `:${item.line}` : ''}` : item.kind === 'link' ? item.url : 'a note';
  const answer: Answer = {
    ...previous,
    evidence: previous.evidence.filter((_, i) => i !== index),
    history: [...previous.history, entry(actor, 'evidence', previous, `removed evidence ${what}`)],
  };
  return commit(a, questionId, answer, actor);
}

export interface OwnerDueInput {
  /** null removes it. */
  owner: string | null;
  /** YYYY-MM-DD, not in the past; null removes it. */
  due: string | null;
}

export function setOwnerDue(a: Assessment, questionId: string, input: OwnerDueInput, actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  if (!isGap(previous.state)) {
    throw new AnswerError('not-a-gap', `question ${questionId} is answered "${previous.state}": only a gap (partial, no, unknown) takes an owner and a due date`);
  }
  const owner = input.owner?.trim();
  if (input.owner !== null && !owner) throw new AnswerError('invalid-input', 'the owner must be a name (or none)');
  if (input.due !== null) {
    if (!isCalendarDate(input.due)) throw new AnswerError('invalid-input', `due date "${input.due}" is not a date like 2025-06-30`);
    if (input.due < utcDay(actor.now)) throw new AnswerError('invalid-input', `due date ${input.due} is in the past (today is ${utcDay(actor.now)})`);
  }
  const { owner: _o, due: _d, ...rest } = previous;
  const answer: Answer = {
    ...rest,
    ...(owner && { owner }),
    ...(input.due !== null && { due: input.due }),
    history: [...previous.history, entry(actor, 'owner-due', previous)],
  };
  return commit(a, questionId, answer, actor);
}

export interface WaiverInput {
  justification: string;
  approver: string;
  /** Last day the waiver holds, YYYY-MM-DD, after today. */
  expires: string;
  /** The policy's longest waiver in days (max_waiver_days); omitted or null: no limit. */
  maxDays?: number | null;
}

/**
 * Accept a gap as a known risk. It needs a reason, someone who approved it and an
 * end date: an open-ended waiver is how accepted risks get forgotten.
 */
export function grantWaiver(a: Assessment, questionId: string, input: WaiverInput, actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  if (!isGap(previous.state)) {
    throw new AnswerError('not-a-gap', `question ${questionId} is answered "${previous.state}": only a gap (partial, no, unknown) can be waived`);
  }
  const justification = input.justification.trim();
  const approver = input.approver.trim();
  if (justification === '') throw new AnswerError('invalid-input', 'a waiver needs a justification: why is this risk acceptable for now?');
  if (approver === '') throw new AnswerError('invalid-input', 'a waiver needs an approver: who accepted this risk?');
  if (!isCalendarDate(input.expires)) throw new AnswerError('invalid-input', `expiry "${input.expires}" is not a date like 2025-06-30`);
  const today = utcDay(actor.now);
  if (input.expires <= today) throw new AnswerError('invalid-input', `a waiver must expire after today (${today}); ${input.expires} is not in the future`);
  if (input.maxDays !== undefined && input.maxDays !== null && daysBetween(actor.now.toISOString(), input.expires) > input.maxDays) {
    const last = addDays(actor.now, input.maxDays);
    throw new AnswerError('invalid-input', `the policy allows waivers of at most ${input.maxDays} days: expire on ${last} or earlier (or change max_waiver_days in the policy)`);
  }
  const answer: Answer = {
    ...previous,
    waiver: { justification, approver, expires: input.expires, granted_at: actor.now.toISOString(), granted_by: actor.by },
    history: [...previous.history, entry(actor, 'waive', previous)],
  };
  return commit(a, questionId, answer, actor);
}

export function revokeWaiver(a: Assessment, questionId: string, actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  if (!previous.waiver) throw new AnswerError('no-waiver', `question ${questionId} has no waiver to revoke`);
  const { waiver: _w, ...rest } = previous;
  const answer: Answer = { ...rest, history: [...previous.history, entry(actor, 'revoke-waiver', previous)] };
  return commit(a, questionId, answer, actor);
}

/** Back to unanswered. The history is kept (in `cleared`) and returns if the question is answered again. */
export function clearAnswer(a: Assessment, questionId: string, actor: Actor): Assessment {
  requireActor(actor);
  const previous = requireAnswer(a, questionId);
  return commit(a, questionId, undefined, actor, [...previous.history, entry(actor, 'clear', previous)]);
}
