import { info } from '../../state/messages.js';
import type { ScreenBehaviour } from '../screen.js';

/** Scan: progress while the detectors run, then what they found; Enter goes on. */
export const scanScreen: ScreenBehaviour = {
  title: 'Scan',
  bindings: [{ keys: ['enter'], command: 'select', does: 'continue', hint: 'Enter continue' }],
  commands: { select: (now) => ({ type: 'activate', now }) },
  activate(state, _now, nav) {
    if (state.scan.status === 'running') return { ...state, message: info('the scan is still running') };
    return state.flow === 'resume' ? nav.land(state) : nav.go(state, 'sections');
  },
};
