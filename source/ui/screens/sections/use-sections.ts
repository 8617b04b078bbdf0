import { useKeyHandler } from '../../keys/key-provider.js';
import { listAction } from '../list-commands.js';
import type { WizardDispatch } from '../types.js';

export function useSectionsKeys(dispatch: WizardDispatch, clock: () => Date): void {
  useKeyHandler('sections', (c) => {
    const action = typeof c === 'string' ? listAction(c, clock()) : null;
    if (action) dispatch(action);
  });
}
