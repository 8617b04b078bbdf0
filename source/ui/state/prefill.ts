import { refreshDetectedAnswers } from '../../assessment/refresh.js';
import type { WizardState } from './types.js';

/** Detection fills the questions nobody answered, once the scope is settled and the scan is in. */
export function maybePrefill(state: WizardState, now: Date): WizardState {
  if (state.prefilled || !state.scope.confirmed || state.scan.status !== 'done') return state;
  const assessment = refreshDetectedAnswers(state.assessment, state.checklist, state.proposals, { by: state.assessor, now });
  return { ...state, assessment, prefilled: true };
}
