import { FIELD_EDIT_BINDINGS, FORM_BINDINGS, LIST_BINDINGS, type Binding, type Command, type Input } from '../keys/keys.js';
import type { KeyContext, KeyTable } from '../keys/table.js';
import type { HomeAction } from './home-state.js';

/** The home screen's keys as one table, and what each command does (pure). */

const HOME_BINDINGS: readonly Binding[] = [
  ...LIST_BINDINGS,
  { keys: ['enter'], command: 'select', does: 'start, resume the highlighted assessment, or open settings', hint: 'Enter open' },
  { keys: ['v'], command: 'preview', does: "preview the highlighted assessment's dossier", hint: 'v preview' },
  { keys: ['e'], command: 'export', does: "export the highlighted assessment's dossier", hint: 'e export' },
];

export const HOME_KEYS: KeyTable = {
  screen: () => ({ title: 'Home', bindings: HOME_BINDINGS }),
  global: [
    { keys: ['?'], command: 'help', does: 'show or hide this help', hint: '? help' },
    { keys: ['q'], command: 'quit', does: 'quit', hint: 'q quit' },
    { keys: ['ctrl-c'], command: 'interrupt', does: 'quit' },
  ],
  help: [
    { keys: ['?', 'escape'], command: 'help', does: 'close the help', hint: '?/Esc close' },
    { keys: ['up', 'k'], command: 'up', does: 'scroll up', hint: '↑↓ scroll' },
    { keys: ['down', 'j'], command: 'down', does: 'scroll down' },
    { keys: ['q'], command: 'quit', does: 'quit' },
  ],
  notice: [],
  form: FORM_BINDINGS,
  field: FIELD_EDIT_BINDINGS,
};

type Table = Partial<Record<Command, () => HomeAction>>;

const TABLES: Record<KeyContext, Table> = {
  screen: {
    up: () => ({ type: 'move', delta: -1 }),
    down: () => ({ type: 'move', delta: 1 }),
    'page-up': () => ({ type: 'move', delta: -10 }),
    'page-down': () => ({ type: 'move', delta: 10 }),
    top: () => ({ type: 'move-to', where: 'first' }),
    bottom: () => ({ type: 'move-to', where: 'last' }),
    select: () => ({ type: 'activate' }),
    preview: () => ({ type: 'open', landing: 'preview' }),
    export: () => ({ type: 'open', landing: 'export' }),
  },
  global: {
    help: () => ({ type: 'toggle-help' }),
    quit: () => ({ type: 'quit' }),
    interrupt: () => ({ type: 'quit' }),
  },
  help: {
    help: () => ({ type: 'toggle-help' }),
    up: () => ({ type: 'help-scroll', delta: -1 }),
    down: () => ({ type: 'help-scroll', delta: 1 }),
    quit: () => ({ type: 'quit' }),
  },
  notice: {},
  form: {
    submit: () => ({ type: 'form-submit' }),
    cancel: () => ({ type: 'form-cancel' }),
    'next-field': () => ({ type: 'form-focus', delta: 1 }),
    'prev-field': () => ({ type: 'form-focus', delta: -1 }),
    interrupt: () => ({ type: 'quit' }),
    'delete-char': () => ({ type: 'field-edit', op: 'backspace' }),
    'caret-left': () => ({ type: 'field-edit', op: 'left' }),
    'caret-right': () => ({ type: 'field-edit', op: 'right' }),
    'line-start': () => ({ type: 'field-edit', op: 'home' }),
    'line-end': () => ({ type: 'field-edit', op: 'end' }),
    'kill-line-start': () => ({ type: 'field-edit', op: 'kill-start' }),
    'kill-word': () => ({ type: 'field-edit', op: 'kill-word' }),
  },
};

/** What a resolved key does on the home screen; null where nothing does. Pure. */
export function homeCommandAction(where: { context: KeyContext }, input: Input, _now?: Date): HomeAction | null {
  if (typeof input !== 'string') return where.context === 'form' ? { type: 'field-input', text: input.insert } : null;
  return TABLES[where.context][input]?.() ?? null;
}
