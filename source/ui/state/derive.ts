import { ANSWER_STATES, type Answer } from '../../assessment/model.js';
import { scoreAssessment, type ScoreResult } from '../../assessment/score.js';
import { questionApplicability } from '../../assessment/applicability.js';
import { questionStatus, type QuestionStatus } from '../../assessment/status.js';
import type { Question } from '../../checklist/schema.js';
import { readinessCounts, readinessOf, type Readiness } from '../../report/pictures.js';
import type { AnswerOption, WizardState } from './types.js';

/**
 * Pure views of the state shared by the reducer and the screens: which questions
 * are open, what the review lists, what a search finds, how tall the body is.
 */

/** Header, message line and footer take three rows; one more stays free so Ink never fills the terminal (ink#382: a frame as tall as the screen flickers). */
const CHROME_ROWS = 4;
const MIN_ROWS = 12;
const MIN_COLUMNS = 40;

export function bodyHeight(size: { rows: number }): number {
  return Math.max(MIN_ROWS, size.rows) - CHROME_ROWS;
}

export function bodyWidth(size: { columns: number }): number {
  return Math.max(MIN_COLUMNS, size.columns);
}

export function answerOf(state: Pick<WizardState, 'assessment'>, id: string): Answer | undefined {
  return Object.hasOwn(state.assessment.answers, id) ? state.assessment.answers[id] : undefined;
}

/** A question still needs a person: open (nobody answered), or proposed by detection and not yet confirmed. */
export function needsPerson(state: Pick<WizardState, 'assessment'>, q: Question): boolean {
  const a = answerOf(state, q.id);
  return a === undefined || a.source === 'detected';
}

/**
 * Where a question stands for the reviewer: confirmed (a person answered it or
 * confirmed detection's answer), proposed (detection pre-filled it; nobody has
 * confirmed it yet), or open (no answer at all).
 */
type Standing = 'confirmed' | 'proposed' | 'open';

function standingOf(state: Pick<WizardState, 'assessment'>, id: string): Standing {
  const a = answerOf(state, id);
  return a === undefined ? 'open' : a.source === 'detected' ? 'proposed' : 'confirmed';
}

export interface Progress {
  applicable: number;
  confirmed: number;
  proposed: number;
  open: number;
}

/** Confirmed · proposed · open over the applicable questions, optionally of one section. */
export function progressOf(state: Pick<WizardState, 'checklist' | 'assessment'>, section?: string): Progress {
  const p: Progress = { applicable: 0, confirmed: 0, proposed: 0, open: 0 };
  for (const q of applicableQuestions(state)) {
    if (section !== undefined && q.section !== section) continue;
    p.applicable++;
    p[standingOf(state, q.id)]++;
  }
  return p;
}

/** How much of the review a person has confirmed, in percent (the home screen's and the recent list's figure). */
export function confirmedPercent(p: Progress): number {
  return p.applicable === 0 ? 100 : (p.confirmed / p.applicable) * 100;
}

/** The progress words the header and the sections screen share. */
export function progressWords(p: Progress): string {
  return `${p.confirmed} confirmed · ${p.proposed} proposed · ${p.open} open`;
}

const applicableCache = new WeakMap<object, { scope: unknown; list: Question[] }>();

/** Questions the current scope asks, in checklist order (cached per checklist and scope). */
export function applicableQuestions(state: Pick<WizardState, 'checklist' | 'assessment'>): Question[] {
  const cached = applicableCache.get(state.checklist);
  if (cached && cached.scope === state.assessment.scope) return cached.list;
  const list = state.checklist.questions.filter((q) => questionApplicability(state.assessment.scope, q).applies);
  applicableCache.set(state.checklist, { scope: state.assessment.scope, list });
  return list;
}


/** The first question that still needs a person (of a section, if given); else the first one at all. */
export function firstOpenQuestion(state: Pick<WizardState, 'checklist' | 'assessment'>, section?: string): Question | undefined {
  const list = applicableQuestions(state).filter((q) => section === undefined || q.section === section);
  return list.find((q) => needsPerson(state, q)) ?? list[0];
}

/**
 * The question a person last changed (answered, confirmed, noted, linked, gave an
 * owner or a waiver, cleared): where a resumed review picks up. Detection's own
 * pre-fills do not count. Null when nobody has touched any question yet.
 */
export function lastTouchedQuestion(state: Pick<WizardState, 'checklist' | 'assessment'>): string | null {
  const known = new Set(state.checklist.questions.map((q) => q.id));
  let best: { id: string; at: string } | null = null;
  const consider = (id: string, at: string) => {
    if (known.has(id) && (best === null || at > best.at)) best = { id, at };
  };
  for (const [id, a] of Object.entries(state.assessment.answers)) {
    for (const h of a.history) if (h.action !== 'detect') consider(id, h.at);
    if (a.source !== 'detected') consider(id, a.answered_at);
  }
  for (const [id, entries] of Object.entries(state.assessment.cleared)) for (const h of entries) if (h.action !== 'detect') consider(id, h.at);
  return (best as { id: string } | null)?.id ?? null;
}

export function answerOptions(state: Pick<WizardState, 'proposals'>, questionId: string): AnswerOption[] {
  const proposal = state.proposals.get(questionId);
  const states: AnswerOption[] = ANSWER_STATES.map((s) => ({ kind: 'state', state: s }));
  return proposal ? [{ kind: 'confirm', state: proposal.state }, ...states] : states;
}

export function score(state: Pick<WizardState, 'checklist' | 'assessment'>, now: Date): ScoreResult {
  return scoreAssessment(state.assessment, state.checklist, now);
}

export interface SectionRow extends Progress {
  id: string;
  title: string;
  score: number | null;
  blockers: number;
  /** Applicable questions per standing, in READINESS_ORDER (confirmed yes, proposed, gap, waived, open): what the bar draws. */
  readiness: number[];
}

/** Every applicable question's standing, by section id (the dossier's picture counts the same way). */
export function readinessBySection(state: Pick<WizardState, 'checklist' | 'assessment'>, now: Date): Map<string, number[]> {
  const standings = new Map<string, Readiness[]>();
  for (const q of applicableQuestions(state)) {
    const r = readinessOf(questionStatus(state.assessment, q, now));
    if (r) standings.set(q.section, [...(standings.get(q.section) ?? []), r]);
  }
  return new Map([...standings].map(([id, list]) => [id, readinessCounts(list)]));
}

export function sectionRows(state: Pick<WizardState, 'checklist' | 'assessment'>, now: Date, result: ScoreResult = score(state, now)): SectionRow[] {
  const readiness = readinessBySection(state, now);
  return result.sections.map((s) => ({
    id: s.id,
    title: s.title,
    ...progressOf(state, s.id),
    score: s.score,
    blockers: result.blocking.filter((b) => b.section === s.id).length,
    readiness: readiness.get(s.id) ?? readinessCounts([]),
  }));
}

export type ReviewKind = 'unanswered' | 'unconfirmed' | 'no-evidence' | 'contradiction' | 'evidence-changed' | 'blocker' | 'waiver-expired' | 'due-passed';

export interface ReviewItem {
  kind: ReviewKind;
  questionId: string;
  text: string;
}

export const REVIEW_LABELS: Record<ReviewKind, string> = {
  blocker: 'Blocks launch',
  contradiction: 'Contradicted by a signal',
  'evidence-changed': 'Evidence changed',
  'waiver-expired': 'Waiver expired',
  'due-passed': 'Past due',
  'no-evidence': 'Claimed without evidence',
  unconfirmed: 'Proposed',
  unanswered: 'Unanswered',
};

const REVIEW_ORDER: ReviewKind[] = ['blocker', 'contradiction', 'evidence-changed', 'waiver-expired', 'due-passed', 'no-evidence', 'unconfirmed', 'unanswered'];

/** The review's groups, in order: what needs a decision, what detection proposed and awaits a person, what nobody answered. */
export type ReviewGroup = 'decide' | 'proposed' | 'open';

export const REVIEW_GROUPS: Record<ReviewGroup, string> = {
  decide: 'Needs a decision',
  proposed: 'Proposals awaiting confirmation',
  open: 'Open (nobody answered)',
};

export function reviewGroup(kind: ReviewKind): ReviewGroup {
  return kind === 'unconfirmed' ? 'proposed' : kind === 'unanswered' ? 'open' : 'decide';
}

/** Everything that needs a look before export, most urgent kind first; each item names its question. */
export function reviewItems(state: Pick<WizardState, 'checklist' | 'assessment' | 'proposals' | 'flags'>, now: Date): ReviewItem[] {
  const items: ReviewItem[] = [];
  const result = score(state, now);
  for (const b of result.blocking) items.push({ kind: 'blocker', questionId: b.question, text: b.reason });
  for (const q of applicableQuestions(state)) {
    const status: QuestionStatus = questionStatus(state.assessment, q, now);
    const a = status.answer;
    if (!a) {
      items.push({ kind: 'unanswered', questionId: q.id, text: q.text });
      continue;
    }
    if (a.source === 'detected') items.push({ kind: 'unconfirmed', questionId: q.id, text: `detection proposes "${a.state}"; nobody confirmed it` });
    // A claim is a person's (typed or confirmed): a detected yes is listed once, as not confirmed.
    if (a.state === 'yes' && a.source !== 'detected' && a.evidence.length === 0) items.push({ kind: 'no-evidence', questionId: q.id, text: `"yes" by ${a.answered_by} with no evidence attached` });
    const proposal = state.proposals.get(q.id);
    if (proposal && a.source === 'human' && ((a.state === 'yes' && proposal.state === 'no') || (a.state === 'no' && proposal.state === 'yes'))) {
      items.push({ kind: 'contradiction', questionId: q.id, text: `answered "${a.state}" but detection proposes "${proposal.state}": ${proposal.reason}` });
    }
    if (status.waiver === 'expired') items.push({ kind: 'waiver-expired', questionId: q.id, text: `waiver expired after ${a.waiver?.expires ?? '?'}` });
    if (status.duePassed) items.push({ kind: 'due-passed', questionId: q.id, text: `was due on ${a.due ?? '?'}` });
  }
  for (const [qid, flags] of state.flags) {
    for (const f of flags) {
      if (f.kind === 'evidence-changed' || f.kind === 'proposal-changed') items.push({ kind: 'evidence-changed', questionId: qid, text: f.message });
      else if (f.kind === 'contradiction' && !items.some((i) => i.kind === 'contradiction' && i.questionId === qid)) items.push({ kind: 'contradiction', questionId: qid, text: f.message });
    }
  }
  const rank = (k: ReviewKind) => REVIEW_ORDER.indexOf(k);
  return items.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item.kind) - rank(b.item.kind) || a.i - b.i).map((x) => x.item);
}

const SEARCH_LIMIT = 200;

/** Questions whose id, text, section or framework tags contain every word of the query. */
export function searchResults(state: Pick<WizardState, 'checklist' | 'search'>): Question[] {
  const words = state.search.value.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return state.checklist.questions.slice(0, SEARCH_LIMIT);
  const titles = new Map(state.checklist.sections.map((s) => [s.id, s.title.toLowerCase()]));
  const out: Question[] = [];
  for (const q of state.checklist.questions) {
    const hay = `${q.id} ${q.text} ${q.section} ${titles.get(q.section) ?? ''} ${Object.keys(q.mappings).join(' ')}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) out.push(q);
    if (out.length >= SEARCH_LIMIT) break;
  }
  return out;
}

/** Rows the evidence list may use on the question screen; the view and the reducer's paging agree on it. */
export function evidencePageSize(size: { rows: number }): number {
  return Math.max(1, bodyHeight(size) - 14);
}
