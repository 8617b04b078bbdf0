import { bodyHeight } from '../../state/derive.js';
import type { WizardState } from '../../state/types.js';
import type { ScreenBehaviour } from '../screen.js';

/** Lines of the dossier visible at once (one body row is the position line). */
export function previewPage(state: Pick<WizardState, 'size'>): number {
  return Math.max(1, bodyHeight(state.size) - 1);
}

/** The furthest the preview scrolls: its last page fills the window. */
export function previewMaxOffset(state: Pick<WizardState, 'size' | 'preview'>): number {
  return Math.max(0, state.preview.lines.length - previewPage(state));
}

/** Preview: the dossier rendered for the terminal, windowed and paged (never a frame taller than the screen). */
export const previewScreen: ScreenBehaviour = {
  title: 'Preview',
  opens: { key: 'v', does: 'preview the dossier' },
  bindings: [
    { keys: ['down', 'j'], command: 'down', does: 'line down', hint: 'j/k line' },
    { keys: ['up', 'k'], command: 'up', does: 'line up' },
    { keys: ['pagedown', 'space'], command: 'page-down', does: 'page down', hint: 'PgDn/PgUp page' },
    { keys: ['pageup', 'b'], command: 'page-up', does: 'page up' },
    { keys: ['home', 'g'], command: 'top', does: 'top', hint: 'g/G top/end' },
    { keys: ['end', 'G'], command: 'bottom', does: 'end' },
  ],
  commands: {
    up: (now) => ({ type: 'move', delta: -1, now }),
    down: (now) => ({ type: 'move', delta: 1, now }),
    'page-up': (now) => ({ type: 'page', delta: -1, now }),
    'page-down': (now) => ({ type: 'page', delta: 1, now }),
    top: (now) => ({ type: 'move-to', where: 'first', now }),
    bottom: (now) => ({ type: 'move-to', where: 'last', now }),
  },
  onEnter: (state) => ({ ...state, preview: { status: 'loading', lines: [], offset: 0, error: null } }),
  // The "list" is the window's first line: one position per line up to the last full page.
  list: {
    length: (state) => previewMaxOffset(state) + 1,
    cursor: (state) => state.preview.offset,
    setCursor: (state, offset) => ({ ...state, preview: { ...state.preview, offset } }),
    page: previewPage,
  },
};
