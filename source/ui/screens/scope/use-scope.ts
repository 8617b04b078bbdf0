import { useKeyHandler } from '../../keys/key-provider.js';
import type { WizardDispatch } from '../types.js';

/** Scope keys → actions; nothing else. */
export function useScopeKeys(dispatch: WizardDispatch, clock: () => Date): void {
  useKeyHandler('scope', (c) => {
    if (typeof c !== 'string') return;
    if (c === 'up') dispatch({ type: 'move', delta: -1 });
    else if (c === 'down') dispatch({ type: 'move', delta: 1 });
    else if (c === 'toggle') dispatch({ type: 'scope-toggle' });
    else if (c === 'next-group') dispatch({ type: 'scope-group', delta: 1 });
    else if (c === 'prev-group') dispatch({ type: 'scope-group', delta: -1 });
    else if (c === 'select') dispatch({ type: 'activate', now: clock() });
  });
}
