import { useKeyHandler } from '../../keys/key-provider.js';
import type { WizardDispatch } from '../types.js';

export function useExportKeys(dispatch: WizardDispatch, clock: () => Date): void {
  useKeyHandler('export', (c) => {
    if (c === 'select') dispatch({ type: 'activate', now: clock() });
  });
}
