import { LIST_BINDINGS } from '../../keys/keys.js';
import { firstOpenQuestion, sectionRows } from '../../state/derive.js';
import { info } from '../../state/messages.js';
import { cursorOf, LIST_COMMANDS, type ScreenBehaviour } from '../screen.js';

/** Sections: every section's progress; Enter opens its first question that still needs a person. */
export const sectionsScreen: ScreenBehaviour = {
  title: 'Sections',
  opens: { key: 's', does: 'sections overview' },
  bindings: [
    ...LIST_BINDINGS,
    { keys: ['enter'], command: 'select', does: 'open the first question of the section that needs a person', hint: 'Enter open' },
  ],
  commands: LIST_COMMANDS,
  list: cursorOf('sections', (state, now) => sectionRows(state, now).length),
  activate(state, now, nav) {
    const row = sectionRows(state, now)[state.cursor.sections ?? 0];
    if (!row) return state;
    const q = firstOpenQuestion(state, row.id);
    return q ? nav.openQuestion(state, q.id) : { ...state, message: info('no question in this section applies to the scope') };
  },
};
