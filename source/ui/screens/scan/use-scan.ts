import { useKeyHandler } from '../../keys/key-provider.js';
import type { WizardDispatch } from '../types.js';

export function useScanKeys(dispatch: WizardDispatch, clock: () => Date): void {
  useKeyHandler('scan', (c) => {
    if (c === 'select') dispatch({ type: 'activate', now: clock() });
  });
}
