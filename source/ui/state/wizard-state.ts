import { DEFAULT_POLICY } from '../../assessment/policy.js';
import { clearAnswer, confirmProposal, revokeWaiver, setAnswer, type Actor } from '../../assessment/answers.js';
import { setScope } from '../../assessment/create.js';
import { inferAiScope } from '../../assessment/ai-scope.js';
import { AnswerError } from '../../assessment/errors.js';
import { isGap, type AnswerState, type Assessment } from '../../assessment/model.js';
import { reconcile } from '../../assessment/reconcile.js';
import { refreshDetectedAnswers } from '../../assessment/refresh.js';
import type { Checklist } from '../../checklist/schema.js';
import { DATA_CLASSES, FRAMEWORKS, TIERS, type DataClass, type Framework } from '../../checklist/scope.js';
import { helpEntries } from '../keys/bindings.js';
import {
  answerOf,
  answerOptions,
  applicableQuestions,
  bodyHeight,
  evidencePageSize,
  firstOpenQuestion,
  reviewItems,
  searchResults,
  sectionRows,
} from './derive.js';
import { openForm, submitForm } from './forms.js';
import { editLine, insertText } from './line-edit.js';
import type { Flow, Message, ScopeDraft, ScreenId, WizardAction, WizardState } from './types.js';

/**
 * The wizard reducer: every screen's behaviour as a pure function of (state,
 * action). No clock, no file system, no terminal: times come in the actions and
 * persistence happens outside, after the fact, whenever `assessment` changed.
 */

export interface InitInput {
  checklist: Checklist;
  assessment: Assessment;
  assessor: string;
  flow: Flow;
  size: { columns: number; rows: number };
  /** Resume only: where to land once the scan is done. */
  landing?: WizardState['landing'];
  /** From the repository's policy; default: the default policy's. */
  maxWaiverDays?: number | null;
}

export const SCOPE_GROUPS = ['Service tier', 'Data it handles', 'Calls AI models', 'Frameworks in scope'] as const;
export const AI_ROWS = [true, false] as const;
const MAX_BACK = 32;

function groupLength(group: number): number {
  return [TIERS.length, DATA_CLASSES.length, AI_ROWS.length, FRAMEWORKS.length][group] ?? 0;
}

export function initWizardState(input: InitInput): WizardState {
  const { assessment, checklist } = input;
  const scope = assessment.scope;
  const first = firstOpenQuestion({ checklist, assessment }) ?? checklist.questions[0];
  return {
    checklist,
    assessment,
    assessor: input.assessor,
    flow: input.flow,
    screen: input.flow === 'start' ? 'scope' : 'scan',
    back: [],
    landing: input.landing ?? 'question',
    size: input.size,
    help: { open: false, offset: 0 },
    form: null,
    message: null,
    notice: null,
    maxWaiverDays: input.maxWaiverDays === undefined ? DEFAULT_POLICY.max_waiver_days : input.maxWaiverDays,
    save: { status: 'clean', error: null },
    scan: { status: 'running', progress: null, result: null, error: null },
    proposals: new Map(),
    flags: new Map(),
    prefilled: false,
    scope: {
      tier: scope.tier,
      data: [...scope.data],
      ai: scope.ai,
      frameworks: [...scope.frameworks],
      aiTouched: input.flow === 'resume',
      group: 0,
      cursor: [Math.max(0, TIERS.indexOf(scope.tier)), 0, scope.ai ? 0 : 1, 0],
      confirmed: input.flow === 'resume',
    },
    sections: { cursor: 0 },
    question: { id: first?.id ?? '', cursor: 0, evidenceOffset: 0 },
    review: { cursor: 0 },
    search: { query: '', cursor: 0 },
    preview: { status: 'idle', lines: [], offset: 0, error: null },
    exported: { status: 'idle', paths: null, error: null },
    quit: null,
  };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));
const info = (text: string): Message => ({ text, tone: 'info' });
const warn = (text: string): Message => ({ text, tone: 'warning' });
const success = (text: string): Message => ({ text, tone: 'success' });

function go(state: WizardState, screen: ScreenId): WizardState {
  if (state.screen === screen) return state;
  const back = [...state.back, state.screen].slice(-MAX_BACK);
  const next: WizardState = { ...state, screen, back, form: null };
  if (screen === 'preview') return { ...next, preview: { status: 'loading', lines: [], offset: 0, error: null } };
  if (screen === 'export') return { ...next, exported: { status: 'writing', paths: null, error: null } };
  if (screen === 'search') return { ...next, search: { query: '', cursor: 0 } };
  if (screen === 'review') return { ...next, review: { cursor: 0 } };
  return next;
}

function defaultCursor(state: WizardState, id: string): number {
  if (state.proposals.has(id)) return 0;
  const a = answerOf(state, id);
  if (!a) return 0;
  return Math.max(0, answerOptions(state, id).findIndex((o) => o.kind === 'state' && o.state === a.state));
}

function showQuestion(state: WizardState, id: string): WizardState {
  return { ...state, question: { id, cursor: defaultCursor(state, id), evidenceOffset: 0 } };
}

function openQuestion(state: WizardState, id: string): WizardState {
  const moved = showQuestion(state, id);
  return moved.screen === 'question' ? moved : go(moved, 'question');
}

function actor(state: WizardState, now: Date): Actor {
  return { by: state.assessor, now };
}

/** Detection fills the questions nobody answered, once the scope is settled and the scan is in. */
function maybePrefill(state: WizardState, now: Date): WizardState {
  if (state.prefilled || !state.scope.confirmed || state.scan.status !== 'done') return state;
  const assessment = refreshDetectedAnswers(state.assessment, state.checklist, state.proposals, actor(state, now));
  return { ...state, assessment, prefilled: true };
}

function withoutFlags(state: WizardState, id: string): WizardState['flags'] {
  if (!state.flags.has(id)) return state.flags;
  const flags = new Map(state.flags);
  flags.delete(id);
  return flags;
}

function stepQuestion(state: WizardState, delta: 1 | -1): WizardState {
  const list = applicableQuestions(state);
  if (list.length === 0) return { ...state, message: warn('no question applies to this scope') };
  let i = list.findIndex((q) => q.id === state.question.id);
  if (i < 0) {
    // The current question is out of scope: continue from its place in the checklist.
    const order = state.checklist.questions.findIndex((q) => q.id === state.question.id);
    i = delta > 0 ? list.findIndex((q) => state.checklist.questions.indexOf(q) > order) - 1 : list.findIndex((q) => state.checklist.questions.indexOf(q) >= order);
    if (i < -1) i = list.length;
  }
  const j = i + delta;
  if (j >= list.length) return { ...state, message: info('that was the last question: r review, e export, s sections') };
  if (j < 0) return { ...state, message: info('this is the first question') };
  return { ...showQuestion(state, list[j]!.id), message: null };
}

/** After a change: a settled answer moves on; a gap stays so its owner, due date or waiver can follow. */
function afterAnswer(state: WizardState, id: string, answered: AnswerState, words: string): WizardState {
  if (isGap(answered)) {
    return { ...state, message: success(`${words} — o owner & due date, w waiver, n next question`) };
  }
  const stepped = stepQuestion(state, 1);
  // The screen moves on: say so, so a note meant for the answer just given is not typed on the next question.
  return stepped.question.id === id ? { ...stepped, message: success(`${words} — that was the last question: r review, e export`) } : { ...stepped, message: success(`${words} — on to the next; p goes back to it`) };
}

function answerOp(state: WizardState, run: () => Assessment, after: (s: WizardState) => WizardState): WizardState {
  try {
    const assessment = run();
    return after({ ...state, assessment, flags: withoutFlags(state, state.question.id) });
  } catch (error) {
    if (error instanceof AnswerError) return { ...state, message: { text: error.message, tone: 'error' } };
    throw error;
  }
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

function scopeToggle(draft: ScopeDraft): ScopeDraft {
  const row = draft.cursor[draft.group] ?? 0;
  switch (draft.group) {
    case 0:
      return { ...draft, tier: TIERS[row] ?? draft.tier };
    case 1: {
      const item = DATA_CLASSES[row] as DataClass;
      // "none" excludes every other class and the other way round.
      const data = item === 'none' ? (draft.data.includes('none') ? [] : ['none' as const]) : toggle<DataClass>(draft.data.filter((d) => d !== 'none'), item);
      return { ...draft, data: DATA_CLASSES.filter((d) => data.includes(d)) };
    }
    case 2:
      return { ...draft, ai: AI_ROWS[row] ?? draft.ai, aiTouched: true };
    default: {
      const frameworks = toggle(draft.frameworks, FRAMEWORKS[row] as Framework);
      return { ...draft, frameworks: FRAMEWORKS.filter((f) => frameworks.includes(f)) };
    }
  }
}

function confirmScope(state: WizardState, now: Date): WizardState {
  const { tier, data, ai, frameworks } = state.scope;
  const assessment = setScope(state.assessment, { tier, data, ai, frameworks }, now);
  const confirmed = maybePrefill({ ...state, assessment, scope: { ...state.scope, confirmed: true } }, now);
  const count = applicableQuestions(confirmed).length;
  const next = state.flow === 'start' && state.back.length === 0 ? go(confirmed, 'scan') : back(confirmed);
  return { ...next, message: success(`scope saved: ${count} of ${state.checklist.questions.length} questions apply`) };
}

function back(state: WizardState): WizardState {
  const previous = state.back.at(-1);
  if (previous === undefined) return { ...state, message: info('nothing to go back to: q saves and quits') };
  return { ...state, screen: previous, back: state.back.slice(0, -1), form: null };
}

function landAfterScan(state: WizardState): WizardState {
  if (state.landing === 'preview' || state.landing === 'export') return go(state, state.landing);
  const first = firstOpenQuestion(state);
  return first ? openQuestion(state, first.id) : go(state, 'sections');
}

function activate(state: WizardState, now: Date): WizardState {
  switch (state.screen) {
    case 'scope':
      return confirmScope(state, now);
    case 'scan':
      if (state.scan.status === 'running') return { ...state, message: info('the scan is still running') };
      return state.flow === 'resume' ? landAfterScan(state) : go(state, 'sections');
    case 'sections': {
      const row = sectionRows(state, now)[state.sections.cursor];
      if (!row) return state;
      const q = firstOpenQuestion(state, row.id);
      return q ? openQuestion(state, q.id) : { ...state, message: info('no question in this section applies to the scope') };
    }
    case 'question': {
      const option = answerOptions(state, state.question.id)[state.question.cursor];
      if (!option) return state;
      return option.kind === 'confirm' ? reduce(state, { type: 'confirm-proposal', now }) : reduce(state, { type: 'answer', state: option.state, now });
    }
    case 'review': {
      const item = reviewItems(state, now)[state.review.cursor];
      return item ? openQuestion(state, item.questionId) : state;
    }
    case 'search': {
      const q = searchResults(state)[state.search.cursor];
      return q ? openQuestion({ ...state, screen: state.back.at(-1) ?? 'sections', back: state.back.slice(0, -1) }, q.id) : state;
    }
    case 'preview':
    case 'export':
      return back(state);
  }
}

/** Rows in the current list, for cursor moves (the preview pages over lines instead). */
function listLength(state: WizardState, now: Date): number {
  switch (state.screen) {
    case 'sections':
      return sectionRows(state, now).length;
    case 'review':
      return reviewItems(state, now).length;
    case 'search':
      return searchResults(state).length;
    case 'question':
      return answerOptions(state, state.question.id).length;
    case 'scope':
      return groupLength(state.scope.group);
    default:
      return 0;
  }
}

function moveCursor(state: WizardState, to: (current: number, length: number) => number): WizardState {
  const now = new Date(0); // list lengths do not depend on the date except review's waiver expiry, which only re-orders
  const length = listLength(state, now);
  const fit = (current: number) => (length === 0 ? 0 : clamp(to(current, length), 0, length - 1));
  switch (state.screen) {
    case 'scope': {
      const cursor = [...state.scope.cursor] as ScopeDraft['cursor'];
      cursor[state.scope.group] = fit(cursor[state.scope.group] ?? 0);
      return { ...state, scope: { ...state.scope, cursor } };
    }
    case 'sections':
      return { ...state, sections: { cursor: fit(state.sections.cursor) } };
    case 'review':
      return { ...state, review: { cursor: fit(state.review.cursor) } };
    case 'search':
      return { ...state, search: { ...state.search, cursor: fit(state.search.cursor) } };
    case 'question':
      return { ...state, question: { ...state.question, cursor: fit(state.question.cursor) } };
    case 'preview': {
      const max = Math.max(0, state.preview.lines.length - previewPage(state));
      return { ...state, preview: { ...state.preview, offset: clamp(to(state.preview.offset, max + 1), 0, max) } };
    }
    default:
      return state;
  }
}

/** Lines of the dossier visible at once (one body row is the position line). */
export function previewPage(state: Pick<WizardState, 'size'>): number {
  return Math.max(1, bodyHeight(state.size) - 1);
}

function page(state: WizardState, delta: 1 | -1): WizardState {
  if (state.screen === 'question') {
    const size = evidencePageSize(state.size);
    const a = answerOf(state, state.question.id);
    const total = Math.max(a?.evidence.length ?? 0, state.proposals.get(state.question.id)?.evidence.length ?? 0);
    const offset = clamp(state.question.evidenceOffset + delta * size, 0, Math.max(0, total - 1));
    return { ...state, question: { ...state.question, evidenceOffset: offset - (offset % size) } };
  }
  const size = state.screen === 'preview' ? previewPage(state) : Math.max(1, bodyHeight(state.size) - 3);
  return moveCursor(state, (c) => c + delta * size);
}

export function reduce(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'resize': {
      const next = { ...state, size: { columns: action.columns, rows: action.rows } };
      const max = Math.max(0, next.preview.lines.length - previewPage(next));
      return { ...next, preview: { ...next.preview, offset: Math.min(next.preview.offset, max) } };
    }
    case 'toggle-help':
      return { ...state, help: { open: !state.help.open, offset: 0 } };
    case 'help-scroll': {
      const max = Math.max(0, helpEntries(state.screen).length - (bodyHeight(state.size) - 2));
      return { ...state, help: { ...state.help, offset: clamp(state.help.offset + action.delta, 0, max) } };
    }
    case 'navigate':
      if (!state.scope.confirmed && action.screen !== 'search') return { ...state, message: warn('confirm the scope first: Enter') };
      return go(state, action.screen);
    case 'back':
      if (state.help.open) return { ...state, help: { open: false, offset: 0 } };
      if (state.form) return { ...state, form: null };
      return back(state);
    case 'move':
      if (state.help.open) return reduce(state, { type: 'help-scroll', delta: action.delta });
      return moveCursor(state, (c) => c + action.delta);
    case 'move-to':
      return moveCursor(state, (_c, length) => (action.where === 'first' ? 0 : length - 1));
    case 'page':
      return page(state, action.delta);
    case 'activate':
      return activate(state, action.now);
    case 'scope-group': {
      const group = (state.scope.group + action.delta + SCOPE_GROUPS.length) % SCOPE_GROUPS.length;
      return { ...state, scope: { ...state.scope, group } };
    }
    case 'scope-toggle':
      return { ...state, scope: scopeToggle(state.scope) };
    case 'scan-progress':
      return state.scan.status === 'running' ? { ...state, scan: { ...state.scan, progress: action.progress } } : state;
    case 'scan-done': {
      const rec = reconcile(state.assessment, state.checklist, action.result.signals, action.now);
      const { ai } = inferAiScope(action.result.signals);
      const scope = !state.scope.aiTouched && !state.scope.confirmed && ai !== null
        ? { ...state.scope, ai, cursor: [state.scope.cursor[0], state.scope.cursor[1], ai ? 0 : 1, state.scope.cursor[3]] as ScopeDraft['cursor'] }
        : state.scope;
      let next: WizardState = { ...state, scope, scan: { status: 'done', progress: state.scan.progress, result: action.result, error: null }, proposals: rec.proposals, flags: rec.byQuestion, prefilled: false };
      next = maybePrefill(next, action.now);
      const flagged = [...rec.byQuestion.keys()].filter((id) => Object.hasOwn(next.assessment.answers, id)).length;
      if (flagged > 0) next = { ...next, message: warn(`${flagged} answer${flagged === 1 ? '' : 's'} flagged since last time (evidence or detection changed): r review`) };
      // A confirmed scope is never changed behind the user's back; a disagreement is said out loud.
      if (state.scope.confirmed && ai === true && !next.assessment.scope.ai) next = { ...next, message: warn('the scan found calls to AI models, but the scope says there are none: Esc back to the scope to change it') };
      if (next.flow === 'resume' && next.screen === 'scan') next = landAfterScan(next);
      return { ...next, question: { ...next.question, cursor: defaultCursor(next, next.question.id) } };
    }
    case 'scan-failed':
      return { ...state, scan: { ...state.scan, status: 'failed', error: action.message }, message: { text: `scan failed: ${action.message}; answer without proposals`, tone: 'error' } };
    case 'answer': {
      const id = state.question.id;
      const proposal = state.proposals.get(id) ?? null;
      return answerOp(
        state,
        () => setAnswer(state.assessment, id, { state: action.state, proposal }, actor(state, action.now)),
        (s) => afterAnswer(s, id, action.state, `${id}: ${action.state}${proposal && proposal.state !== action.state ? ` (detection proposed ${proposal.state})` : ''}`),
      );
    }
    case 'confirm-proposal': {
      const id = state.question.id;
      const proposal = state.proposals.get(id);
      if (!proposal) return { ...state, message: info('detection has no proposal for this question: choose 1–5') };
      return answerOp(state, () => confirmProposal(state.assessment, id, proposal, actor(state, action.now)), (s) => afterAnswer(s, id, proposal.state, `${id}: confirmed ${proposal.state}`));
    }
    case 'step-question':
      return stepQuestion(state, action.delta);
    case 'open-question':
      return state.checklist.questions.some((q) => q.id === action.id) ? openQuestion(state, action.id) : state;
    case 'open-form': {
      const id = action.kind === 'assessor' ? undefined : state.question.id;
      const opened = openForm(action.kind, id, id ? answerOf(state, id) : undefined, state.assessor, action.now, state.maxWaiverDays);
      return 'form' in opened ? { ...state, form: opened.form, message: null } : { ...state, notice: opened.refused };
    }
    case 'form-input': {
      // Pasted text may hold newlines or escapes; a field is one line of plain text.
      const text = action.text.replace(/[\u0000-\u001f\u007f]/g, '');
      if (text === '') return state;
      if (!state.form) return state.screen === 'search' ? { ...state, search: { query: state.search.query + text, cursor: 0 } } : state;
      const fields = state.form.fields.map((f, i) => (i === state.form!.focus ? { ...f, ...insertText(f, text) } : f));
      return { ...state, form: { ...state.form, fields, error: null } };
    }
    case 'form-backspace': {
      if (!state.form) return state.screen === 'search' ? { ...state, search: { query: [...state.search.query].slice(0, -1).join(''), cursor: 0 } } : state;
      const fields = state.form.fields.map((f, i) => (i === state.form!.focus ? { ...f, ...editLine(f, 'backspace') } : f));
      return { ...state, form: { ...state.form, fields, error: null } };
    }
    case 'form-edit': {
      // The search box has no caret: it only grows and shrinks at the end.
      if (!state.form) return state;
      const fields = state.form.fields.map((f, i) => (i === state.form!.focus ? { ...f, ...editLine(f, action.op) } : f));
      return { ...state, form: { ...state.form, fields } };
    }
    case 'form-focus': {
      if (!state.form) return state;
      const n = state.form.fields.length;
      return { ...state, form: { ...state.form, focus: (state.form.focus + action.delta + n) % n } };
    }
    case 'form-submit': {
      if (!state.form) return state.screen === 'search' ? activate(state, action.now) : state;
      if (state.form.focus < state.form.fields.length - 1) return { ...state, form: { ...state.form, focus: state.form.focus + 1 } };
      const result = submitForm(state.form, state.assessment, actor(state, action.now), state.maxWaiverDays);
      if (!result.ok) return { ...state, form: { ...state.form, error: result.error } };
      return { ...state, assessment: result.assessment, assessor: result.assessor ?? state.assessor, form: null, message: success(result.message) };
    }
    case 'form-cancel':
      if (state.form) return { ...state, form: null };
      return state.screen === 'search' ? back(state) : state;
    case 'revoke-waiver':
      return answerOp(state, () => revokeWaiver(state.assessment, state.question.id, actor(state, action.now)), (s) => ({ ...s, message: success('waiver revoked: the gap counts again') }));
    case 'clear-answer':
      return answerOp(state, () => clearAnswer(state.assessment, state.question.id, actor(state, action.now)), (s) => ({ ...s, message: success('answer cleared (its history is kept)') }));
    case 'preview-ready':
      return { ...state, preview: { status: 'ready', lines: action.lines, offset: Math.min(state.preview.offset, Math.max(0, action.lines.length - previewPage(state))), error: null } };
    case 'preview-failed':
      return { ...state, preview: { status: 'failed', lines: [], offset: 0, error: action.message } };
    case 'export-done':
      return { ...state, exported: { status: 'done', paths: action.paths, error: null } };
    case 'export-failed':
      return { ...state, exported: { status: 'failed', paths: null, error: action.message } };
    case 'save-started':
      return { ...state, save: { status: 'saving', error: null } };
    case 'save-done':
      return { ...state, save: { status: 'saved', error: null } };
    case 'save-failed':
      return { ...state, save: { status: 'failed', error: action.message }, message: { text: `not saved: ${action.message}`, tone: 'error' } };
    case 'dismiss-message':
      return state.message ? { ...state, message: null } : state;
    case 'dismiss-notice':
      return state.notice === null ? state : { ...state, notice: null };
    case 'quit':
      return { ...state, quit: action.reason };
  }
}
