import { FIELD_EDIT_BINDINGS, FORM_BINDINGS, type Binding, type Command, type Input } from './keys/keys.js';
import type { KeyContext, KeyTable } from './keys/table.js';
import { SCREENS, isScreenId } from './screens/registry.js';
import { FIELD_COMMANDS, type CommandTable } from './screens/screen.js';
import type { WizardAction } from './state/types.js';

/**
 * The wizard's keys: the bindings of every context in one table (the screens'
 * own come from the registry), and what each command does as a pure table.
 */

/** Keys that open a screen, from the screens that declare one. */
const NAVIGATION: Binding[] = Object.entries(SCREENS).flatMap(([id, def]) =>
  'opens' in def && def.opens ? [{ keys: [def.opens.key], command: `go:${id}` as Command, does: def.opens.does }] : [],
);

const GLOBAL_BINDINGS: readonly Binding[] = [
  { keys: ['?'], command: 'help', does: 'show or hide this help', hint: '? help' },
  ...NAVIGATION,
  { keys: ['f'], command: 'first-open', does: 'first question that still needs a person (open or proposed)' },
  { keys: ['a'], command: 'assessor', does: 'switch who is answering' },
  { keys: ['q'], command: 'quit', does: 'save and quit', hint: 'q quit' },
  // After quit: a narrow terminal cuts the end of the footer.
  { keys: ['escape'], command: 'back', does: 'go back', hint: 'Esc back' },
  { keys: ['ctrl-c'], command: 'interrupt', does: 'save and quit (also SIGTERM/SIGHUP)' },
];

export const WIZARD_KEYS: KeyTable = {
  screen: (id) => {
    const def = isScreenId(id) ? SCREENS[id] : null;
    return { title: def?.title ?? id, bindings: def?.bindings ?? [], typing: def !== null && 'text' in def && def.text !== undefined };
  },
  global: GLOBAL_BINDINGS,
  help: [
    { keys: ['?', 'escape'], command: 'help', does: 'close the help', hint: '?/Esc close' },
    { keys: ['up', 'k'], command: 'up', does: 'scroll up', hint: '↑↓ scroll' },
    { keys: ['down', 'j'], command: 'down', does: 'scroll down' },
    { keys: ['q'], command: 'quit', does: 'save and quit' },
  ],
  notice: [
    {
      keys: ['enter', 'escape'],
      command: 'dismiss',
      does: 'close the notice (every other key is ignored until then)',
      hint: 'Enter/Esc go on',
    },
    { keys: ['ctrl-c'], command: 'interrupt', does: 'save and quit' },
  ],
  form: FORM_BINDINGS,
  field: FIELD_EDIT_BINDINGS,
};

const GLOBAL: CommandTable = {
  help: () => ({ type: 'toggle-help' }),
  back: () => ({ type: 'back' }),
  'first-open': () => ({ type: 'first-open' }),
  assessor: (now) => ({ type: 'open-form', kind: 'assessor', now }),
  quit: () => ({ type: 'quit', reason: 'quit' }),
  interrupt: () => ({ type: 'quit', reason: 'interrupt' }),
};

const HELP: CommandTable = {
  help: () => ({ type: 'toggle-help' }),
  up: () => ({ type: 'help-scroll', delta: -1 }),
  down: () => ({ type: 'help-scroll', delta: 1 }),
  quit: () => ({ type: 'quit', reason: 'quit' }),
  interrupt: () => ({ type: 'quit', reason: 'interrupt' }),
};

const NOTICE: CommandTable = {
  dismiss: () => ({ type: 'dismiss-notice' }),
  interrupt: () => ({ type: 'quit', reason: 'interrupt' }),
};

const FORM: CommandTable = {
  ...FIELD_COMMANDS,
  submit: (now) => ({ type: 'form-submit', now }),
  cancel: () => ({ type: 'form-cancel' }),
  'next-field': () => ({ type: 'form-focus', delta: 1 }),
  'prev-field': () => ({ type: 'form-focus', delta: -1 }),
  interrupt: () => ({ type: 'quit', reason: 'interrupt' }),
};

function navigation(command: Command): WizardAction | null {
  const id = command.startsWith('go:') ? command.slice(3) : null;
  return id !== null && isScreenId(id) ? { type: 'navigate', screen: id } : null;
}

/** What a resolved key does, as the action to dispatch; null where the context has no such command. Pure. */
export function commandAction(where: { context: KeyContext; screen: string }, input: Input, now: Date): WizardAction | null {
  if (typeof input !== 'string')
    return where.context === 'form' || where.context === 'screen' ? { type: 'field-input', text: input.insert } : null;
  switch (where.context) {
    case 'global':
      return GLOBAL[input]?.(now) ?? navigation(input);
    case 'help':
      return HELP[input]?.(now) ?? null;
    case 'notice':
      return NOTICE[input]?.(now) ?? null;
    case 'form':
      return FORM[input]?.(now) ?? null;
    case 'screen': {
      const def = isScreenId(where.screen) ? SCREENS[where.screen] : null;
      return def?.commands[input]?.(now) ?? null;
    }
  }
}
