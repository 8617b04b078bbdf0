import type { AnswerState } from '../../../assessment/model.js';
import type { Command } from '../../keys/keys.js';
import { answerOf, answerOptions, evidencePageSize } from '../../state/derive.js';
import type { FormKind, WizardState } from '../../state/types.js';
import type { CommandTable, ScreenBehaviour } from '../screen.js';

/** One question: its proposal and evidence, the answer choices, and the forms that add to an answer. */

const ANSWERS: [Command, AnswerState][] = [
  ['answer-yes', 'yes'],
  ['answer-partial', 'partial'],
  ['answer-no', 'no'],
  ['answer-na', 'n/a'],
  ['answer-unknown', 'unknown'],
];
const FORMS: [Command, FormKind][] = [
  ['note', 'note'],
  ['link', 'link'],
  ['owner-due', 'owner-due'],
  ['waiver', 'waiver'],
];

const commands: CommandTable = {
  ...Object.fromEntries(ANSWERS.map(([c, state]) => [c, (now: Date) => ({ type: 'answer', state, now })])),
  ...Object.fromEntries(FORMS.map(([c, kind]) => [c, (now: Date) => ({ type: 'open-form', kind, now })])),
  select: (now) => ({ type: 'activate', now }),
  confirm: (now) => ({ type: 'confirm-proposal', now }),
  up: (now) => ({ type: 'move', delta: -1, now }),
  down: (now) => ({ type: 'move', delta: 1, now }),
  'next-question': () => ({ type: 'step-question', delta: 1 }),
  'prev-question': () => ({ type: 'step-question', delta: -1 }),
  'page-down': (now) => ({ type: 'page', delta: 1, now }),
  'page-up': (now) => ({ type: 'page', delta: -1, now }),
  'revoke-waiver': (now) => ({ type: 'revoke-waiver', now }),
  clear: (now) => ({ type: 'clear-answer', now }),
};

/** The evidence list pages by whole pages of what the screen has room for. */
function pageEvidence(state: WizardState, delta: 1 | -1): WizardState {
  const size = evidencePageSize(state.size);
  const a = answerOf(state, state.question.id);
  const total = Math.max(a?.evidence.length ?? 0, state.proposals.get(state.question.id)?.evidence.length ?? 0);
  const offset = Math.max(0, Math.min(Math.max(0, total - 1), state.question.evidenceOffset + delta * size));
  return { ...state, question: { ...state.question, evidenceOffset: offset - (offset % size) } };
}

export const questionScreen: ScreenBehaviour = {
  title: 'Question',
  bindings: [
    { keys: ['enter'], command: 'select', does: 'answer with the highlighted choice (at first: confirm the proposal)' },
    { keys: ['c'], command: 'confirm', does: 'confirm the proposed answer' },
    { keys: ['1'], command: 'answer-yes', does: 'answer yes', hint: '1-5 answer' },
    { keys: ['2'], command: 'answer-partial', does: 'answer partial' },
    { keys: ['3'], command: 'answer-no', does: 'answer no' },
    { keys: ['4'], command: 'answer-na', does: 'answer n/a' },
    { keys: ['5'], command: 'answer-unknown', does: 'answer unknown' },
    { keys: ['up', 'k', 'left', 'h'], command: 'up', does: 'previous choice' },
    { keys: ['down', 'j', 'right', 'l'], command: 'down', does: 'next choice' },
    { keys: ['n'], command: 'next-question', does: 'next question', hint: 'n/p next/prev' },
    { keys: ['p'], command: 'prev-question', does: 'previous question' },
    { keys: ['t'], command: 'note', does: 'write a note', hint: 't note' },
    { keys: ['L'], command: 'link', does: 'add a link as evidence' },
    { keys: ['o'], command: 'owner-due', does: 'owner and due date of a gap', hint: 'o owner' },
    { keys: ['w'], command: 'waiver', does: 'accept a gap as a waiver (justification, approver, expiry)', hint: 'w waive' },
    { keys: ['W'], command: 'revoke-waiver', does: 'revoke the waiver' },
    { keys: ['x'], command: 'clear', does: 'clear the answer (history is kept)' },
    { keys: ['pagedown', ']'], command: 'page-down', does: 'next page of evidence' },
    { keys: ['pageup', '['], command: 'page-up', does: 'previous page of evidence' },
  ],
  commands,
  list: {
    length: (state) => answerOptions(state, state.question.id).length,
    cursor: (state) => state.question.cursor,
    setCursor: (state, cursor) => ({ ...state, question: { ...state.question, cursor } }),
  },
  onPage: pageEvidence,
  activate(state, now, nav) {
    const option = answerOptions(state, state.question.id)[state.question.cursor];
    if (!option) return state;
    return option.kind === 'confirm'
      ? nav.reduce(state, { type: 'confirm-proposal', now })
      : nav.reduce(state, { type: 'answer', state: option.state, now });
  },
};
