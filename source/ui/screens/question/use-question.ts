import type { AnswerState } from '../../../assessment/model.js';
import type { Command } from '../../keys/bindings.js';
import { useKeyHandler } from '../../keys/key-provider.js';
import type { FormKind, WizardAction } from '../../state/types.js';
import type { WizardDispatch } from '../types.js';

const ANSWERS: Partial<Record<Command, AnswerState>> = {
  'answer-yes': 'yes',
  'answer-partial': 'partial',
  'answer-no': 'no',
  'answer-na': 'n/a',
  'answer-unknown': 'unknown',
};
const FORMS: Partial<Record<Command, FormKind>> = { note: 'note', link: 'link', 'owner-due': 'owner-due', waiver: 'waiver' };

/** Pure: the question screen's command → action table. */
export function questionAction(c: Command, now: Date): WizardAction | null {
  const state = ANSWERS[c];
  if (state) return { type: 'answer', state, now };
  const form = FORMS[c];
  if (form) return { type: 'open-form', kind: form, now };
  switch (c) {
    case 'select':
      return { type: 'activate', now };
    case 'confirm':
      return { type: 'confirm-proposal', now };
    case 'up':
      return { type: 'move', delta: -1 };
    case 'down':
      return { type: 'move', delta: 1 };
    case 'next-question':
      return { type: 'step-question', delta: 1 };
    case 'prev-question':
      return { type: 'step-question', delta: -1 };
    case 'page-down':
      return { type: 'page', delta: 1 };
    case 'page-up':
      return { type: 'page', delta: -1 };
    case 'revoke-waiver':
      return { type: 'revoke-waiver', now };
    case 'clear':
      return { type: 'clear-answer', now };
    default:
      return null;
  }
}

export function useQuestionKeys(dispatch: WizardDispatch, clock: () => Date): void {
  useKeyHandler('question', (c) => {
    const action = typeof c === 'string' ? questionAction(c, clock()) : null;
    if (action) dispatch(action);
  });
}
