import { FIELD_EDIT_BINDINGS } from '../../keys/keys.js';
import { searchResults } from '../../state/derive.js';
import { cursorOf, FIELD_COMMANDS, type ScreenBehaviour } from '../screen.js';

/** Search: type words, move through the matching questions, Enter opens one in place of the search. */
export const searchScreen: ScreenBehaviour = {
  title: 'Search',
  opens: { key: '/', does: 'search questions' },
  text: { get: (state) => state.search, set: (state, search) => ({ ...state, search, cursor: { ...state.cursor, search: 0 } }) },
  bindings: [
    { keys: ['enter'], command: 'select', does: 'open the highlighted question', hint: 'Enter open' },
    { keys: ['up'], command: 'up', does: 'previous result', hint: '↑↓ choose' },
    { keys: ['down'], command: 'down', does: 'next result' },
    { keys: ['pageup'], command: 'page-up', does: 'page up' },
    { keys: ['pagedown'], command: 'page-down', does: 'page down' },
    { keys: ['escape'], command: 'cancel', does: 'close the search', hint: 'Esc cancel' },
    ...FIELD_EDIT_BINDINGS,
  ],
  commands: {
    ...FIELD_COMMANDS,
    select: (now) => ({ type: 'activate', now }),
    up: (now) => ({ type: 'move', delta: -1, now }),
    down: (now) => ({ type: 'move', delta: 1, now }),
    'page-up': (now) => ({ type: 'page', delta: -1, now }),
    'page-down': (now) => ({ type: 'page', delta: 1, now }),
    cancel: () => ({ type: 'back' }),
  },
  onEnter: (state) => ({ ...state, search: { value: '' }, cursor: { ...state.cursor, search: 0 } }),
  list: cursorOf('search', (state) => searchResults(state).length),
  activate(state, _now, nav) {
    const q = searchResults(state)[state.cursor.search ?? 0];
    // The question takes the search's place: Esc from it goes back to where the search began.
    return q ? nav.openQuestion({ ...state, screen: state.back.at(-1) ?? 'sections', back: state.back.slice(0, -1) }, q.id) : state;
  },
};
