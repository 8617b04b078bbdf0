import { DEFAULT_POLICY } from '../../assessment/policy.js';
import { clearAnswer, confirmProposal, revokeWaiver, setAnswer, type Actor } from '../../assessment/answers.js';
import { inferAiScope } from '../../assessment/ai-scope.js';
import { AnswerError } from '../../assessment/errors.js';
import { isGap, type AnswerState, type Assessment } from '../../assessment/model.js';
import { reconcile } from '../../assessment/reconcile.js';
import type { Checklist } from '../../checklist/schema.js';
import { TIERS } from '../../checklist/scope.js';
import { helpEntries } from '../keys/table.js';
import { SCREENS } from '../screens/registry.js';
import type { Nav } from '../screens/screen.js';
import { scopeGroup, scopeToggle } from '../screens/scope/scope-state.js';
import { previewMaxOffset } from '../screens/preview/preview-state.js';
import { WIZARD_KEYS } from '../wizard-keys.js';
import { answerOf, answerOptions, applicableQuestions, bodyHeight, firstOpenQuestion, lastTouchedQuestion, needsPerson } from './derive.js';
import { openForm, submitForm } from './forms.js';
import { applyEdit, type LineEdit } from './line-edit.js';
import { info, success, warn } from './messages.js';
import { maybePrefill } from './prefill.js';
import type { Flow, ScopeDraft, ScreenId, WizardAction, WizardState } from './types.js';

/**
 * The wizard reducer: a pure function of (state, action). No clock, no file
 * system, no terminal: times come in the actions and persistence happens
 * outside, after the fact, whenever `assessment` changed. What is particular to
 * one screen (entering it, its list, Enter on it) is that screen's ScreenDef in
 * the registry; this module knows no screen by name.
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

const MAX_BACK = 32;

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
    save: { status: 'clean', error: null, revision: 0 },
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
    cursor: {},
    question: { id: first?.id ?? '', cursor: 0, evidenceOffset: 0 },
    search: { value: '' },
    preview: { status: 'idle', lines: [], offset: 0, error: null },
    exported: { status: 'idle', paths: null, error: null },
    quit: null,
  };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

function go(state: WizardState, screen: ScreenId): WizardState {
  if (state.screen === screen) return state;
  const back = [...state.back, state.screen].slice(-MAX_BACK);
  const next: WizardState = { ...state, screen, back, form: null };
  return SCREENS[screen].onEnter?.(next) ?? next;
}

function back(state: WizardState): WizardState {
  const previous = state.back.at(-1);
  if (previous === undefined) return { ...state, message: info('nothing to go back to: q saves and quits') };
  return { ...state, screen: previous, back: state.back.slice(0, -1), form: null };
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

/** The first applicable question that still needs a person, or a message that none does. */
function firstOpen(state: WizardState): WizardState {
  const q = applicableQuestions(state).find((x) => needsPerson(state, x));
  if (!q) return { ...state, message: info('every question has a confirmed answer: r review, e export') };
  if (!state.scope.confirmed) return { ...state, message: warn('confirm the scope first: Enter') };
  return { ...openQuestion(state, q.id), message: info(`first question that needs a person: ${q.id}`) };
}

/**
 * Where a resumed review goes once the scan is in: where the reviewer left off.
 * That is the question a person last changed if it is a gap (the screen stays on a
 * gap for its owner or waiver), else the next one after it that still needs a
 * person (the screen had moved on). f jumps to the first open one from anywhere.
 * The preview or export when the home screen asked for it.
 */
function landAfterScan(state: WizardState): WizardState {
  if (state.landing === 'preview' || state.landing === 'export') return go(state, state.landing);
  const list = applicableQuestions(state);
  const firstOpenOne = list.find((q) => needsPerson(state, q));
  const touched = lastTouchedQuestion(state);
  const at = touched === null ? -1 : list.findIndex((q) => q.id === touched);
  if (at < 0) {
    const first = firstOpenQuestion(state);
    return first ? openQuestion(state, first.id) : go(state, 'sections');
  }
  const last = list[at]!;
  const answer = answerOf(state, last.id);
  const resumeAt = answer && isGap(answer.state) ? last : (list.slice(at + 1).find((q) => needsPerson(state, q)) ?? firstOpenOne ?? last);
  const next = openQuestion(state, resumeAt.id);
  const where = resumeAt.id === last.id ? `back at ${last.id}, the last question changed` : `continuing after ${last.id}, the last question changed`;
  const jump = firstOpenOne && firstOpenOne.id !== resumeAt.id ? `: f jumps to the first open question (${firstOpenOne.id})` : '';
  return { ...next, message: info(`${where}${jump}`) };
}

const NAV: Nav = { go, back, openQuestion, land: landAfterScan, reduce: (s, a) => reduce(s, a) };

function actor(state: WizardState, now: Date): Actor {
  return { by: state.assessor, now };
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

/** Cursor moves on the current screen's list, clamped to its length now (which can depend on the date: past-due rows). */
function moveCursor(state: WizardState, now: Date, to: (current: number, length: number) => number): WizardState {
  const list = SCREENS[state.screen].list;
  if (!list) return state;
  const length = list.length(state, now);
  const next = length === 0 ? 0 : clamp(to(list.cursor(state), length), 0, length - 1);
  return next === list.cursor(state) ? state : list.setCursor(state, next);
}

function page(state: WizardState, delta: 1 | -1, now: Date): WizardState {
  const def = SCREENS[state.screen];
  if (def.onPage) return def.onPage(state, delta);
  const size = def.list?.page?.(state) ?? Math.max(1, bodyHeight(state.size) - 3);
  return moveCursor(state, now, (c) => c + delta * size);
}

/** The focused text field (a form's, else the screen's own box) through the one text-field reducer. */
function editField(state: WizardState, edit: LineEdit): WizardState {
  if (state.form) {
    const focus = state.form.focus;
    const fields = state.form.fields.map((f, i) => (i === focus ? { ...f, ...applyEdit(f, edit) } : f));
    return { ...state, form: { ...state.form, fields, error: null } };
  }
  const text = SCREENS[state.screen].text;
  if (!text || state.help.open || state.notice !== null) return state;
  const before = text.get(state);
  const after = applyEdit(before, edit);
  return after.value === before.value && after.caret === before.caret ? state : text.set(state, after);
}

export function reduce(state: WizardState, action: WizardAction): WizardState {
  const next = step(state, action);
  if (next.assessment === state.assessment) return next;
  // A change is unsaved from the moment it exists; a failure stays on screen until a newer state reaches the disk.
  const status = state.save.status === 'failed' ? 'failed' : 'saving';
  return { ...next, save: { status, error: state.save.error, revision: state.save.revision + 1 } };
}

function step(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'resize': {
      const next = { ...state, size: { columns: action.columns, rows: action.rows } };
      return { ...next, preview: { ...next.preview, offset: Math.min(next.preview.offset, previewMaxOffset(next)) } };
    }
    case 'toggle-help':
      return { ...state, help: { open: !state.help.open, offset: 0 } };
    case 'help-scroll': {
      const max = Math.max(0, helpEntries(WIZARD_KEYS, state.screen).length - (bodyHeight(state.size) - 2));
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
      return moveCursor(state, action.now, (c) => c + action.delta);
    case 'move-to':
      return moveCursor(state, action.now, (_c, length) => (action.where === 'first' ? 0 : length - 1));
    case 'page':
      return page(state, action.delta, action.now);
    case 'activate':
      return SCREENS[state.screen].activate?.(state, action.now, NAV) ?? state;
    case 'scope-group':
      return { ...state, scope: scopeGroup(state.scope, action.delta) };
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
      if (next.flow === 'resume' && next.screen === 'scan') {
        const landed = landAfterScan(next);
        // A warning about what changed outranks the note on where the review picks up.
        next = next.message?.tone === 'warning' ? { ...landed, message: next.message } : landed;
      }
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
    case 'first-open':
      return firstOpen(state);
    case 'open-form': {
      const id = action.kind === 'assessor' ? undefined : state.question.id;
      const opened = openForm(action.kind, id, id ? answerOf(state, id) : undefined, state.assessor, action.now, state.maxWaiverDays);
      return 'form' in opened ? { ...state, form: opened.form, message: null } : { ...state, notice: opened.refused };
    }
    case 'field-input':
      return editField(state, { insert: action.text });
    case 'field-edit':
      return editField(state, { op: action.op });
    case 'form-focus': {
      if (!state.form) return state;
      const n = state.form.fields.length;
      return { ...state, form: { ...state.form, focus: (state.form.focus + action.delta + n) % n } };
    }
    case 'form-submit': {
      if (!state.form) return state;
      if (state.form.focus < state.form.fields.length - 1) return { ...state, form: { ...state.form, focus: state.form.focus + 1 } };
      const result = submitForm(state.form, state.assessment, actor(state, action.now), state.maxWaiverDays);
      if (!result.ok) return { ...state, form: { ...state.form, error: result.error } };
      return { ...state, assessment: result.assessment, assessor: result.assessor ?? state.assessor, form: null, message: success(result.message) };
    }
    case 'form-cancel':
      return state.form ? { ...state, form: null } : state;
    case 'revoke-waiver':
      return answerOp(state, () => revokeWaiver(state.assessment, state.question.id, actor(state, action.now)), (s) => ({ ...s, message: success('waiver revoked: the gap counts again') }));
    case 'clear-answer':
      return answerOp(state, () => clearAnswer(state.assessment, state.question.id, actor(state, action.now)), (s) => ({ ...s, message: success('answer cleared (its history is kept)') }));
    case 'preview-ready':
      return { ...state, preview: { status: 'ready', lines: action.lines, offset: Math.min(state.preview.offset, previewMaxOffset({ size: state.size, preview: { ...state.preview, lines: action.lines } })), error: null } };
    case 'preview-failed':
      return { ...state, preview: { status: 'failed', lines: [], offset: 0, error: action.message } };
    case 'export-done':
      return { ...state, exported: { status: 'done', paths: action.paths, error: null } };
    case 'export-failed':
      return { ...state, exported: { status: 'failed', paths: null, error: action.message } };
    case 'save-done':
      // An older revision on disk says nothing about the newer one still queued behind it.
      return action.revision === state.save.revision ? { ...state, save: { ...state.save, status: 'saved', error: null } } : state;
    case 'save-failed':
      // Whichever save failed, the screen now shows something the disk may not hold; a later save that succeeds clears it.
      // Quitting then writes the answers beside the file (session/run-wizard.tsx): say so while there is time to read it.
      return { ...state, save: { ...state.save, status: 'failed', error: action.message }, message: { text: `not saved (${action.message}): q quits, saving your answers to a copy`, tone: 'error' } };
    case 'dismiss-message':
      return state.message ? { ...state, message: null } : state;
    case 'dismiss-notice':
      return state.notice === null ? state : { ...state, notice: null };
    case 'quit':
      return { ...state, quit: action.reason };
  }
}
