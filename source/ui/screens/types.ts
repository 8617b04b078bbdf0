import type { Dispatch } from 'react';
import type { WizardAction, WizardState } from '../state/types.js';

/** What every screen view gets: the state to draw, the body's size, and the clock reading of this render. */
export interface ScreenProps {
  state: WizardState;
  width: number;
  height: number;
  now: Date;
}

export type WizardDispatch = Dispatch<WizardAction>;
