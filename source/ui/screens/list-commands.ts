import type { Command } from '../keys/bindings.js';
import type { WizardAction } from '../state/types.js';

/** The list keys every list screen shares (sections, review, search results). */
export function listAction(command: Command, now: Date): WizardAction | null {
  switch (command) {
    case 'up':
      return { type: 'move', delta: -1 };
    case 'down':
      return { type: 'move', delta: 1 };
    case 'page-up':
      return { type: 'page', delta: -1 };
    case 'page-down':
      return { type: 'page', delta: 1 };
    case 'top':
      return { type: 'move-to', where: 'first' };
    case 'bottom':
      return { type: 'move-to', where: 'last' };
    case 'select':
      return { type: 'activate', now };
    default:
      return null;
  }
}
