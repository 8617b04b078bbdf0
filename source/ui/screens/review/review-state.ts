import { LIST_BINDINGS } from '../../keys/keys.js';
import { reviewItems } from '../../state/derive.js';
import { cursorOf, LIST_COMMANDS, type ScreenBehaviour } from '../screen.js';

/** Review: what needs a decision, the proposals awaiting confirmation, what nobody answered; Enter opens the question. */
export const reviewScreen: ScreenBehaviour = {
  title: 'Review',
  opens: { key: 'r', does: 'review before export' },
  bindings: [...LIST_BINDINGS, { keys: ['enter'], command: 'select', does: 'open the question', hint: 'Enter open' }],
  commands: LIST_COMMANDS,
  onEnter: (state) => ({ ...state, cursor: { ...state.cursor, review: 0 } }),
  list: cursorOf('review', (state, now) => reviewItems(state, now).length),
  activate(state, now, nav) {
    const item = reviewItems(state, now)[state.cursor.review ?? 0];
    return item ? nav.openQuestion(state, item.questionId) : state;
  },
};
