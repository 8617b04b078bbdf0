/**
 * The vocabulary of the keyboard: command names, bindings (key names → one
 * command, with the words the help and the footer show), and how a key press or
 * a chunk of input becomes key names. Pure and shared by the wizard and the home
 * screen; which bindings apply where is each app's key table (table.ts).
 */

export type Command =
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'top'
  | 'bottom'
  | 'select'
  | 'back'
  | 'help'
  | 'quit'
  | 'interrupt'
  | 'assessor'
  | 'answer-yes'
  | 'answer-partial'
  | 'answer-no'
  | 'answer-na'
  | 'answer-unknown'
  | 'confirm'
  | 'next-question'
  | 'prev-question'
  | 'first-open'
  | 'note'
  | 'link'
  | 'owner-due'
  | 'waiver'
  | 'revoke-waiver'
  | 'clear'
  | 'next-group'
  | 'prev-group'
  | 'toggle'
  | 'submit'
  | 'cancel'
  | 'next-field'
  | 'prev-field'
  | 'delete-char'
  | 'caret-left'
  | 'caret-right'
  | 'line-start'
  | 'line-end'
  | 'kill-line-start'
  | 'kill-word'
  | 'dismiss'
  | 'preview'
  | 'export'
  /** Open a screen by its id (the wizard's navigation keys). */
  | `go:${string}`;

export interface Binding {
  /** Key names as produced by keyName(). */
  keys: readonly string[];
  command: Command;
  /** How the help overlay names the action. */
  does: string;
  /** Short footer label; bindings without one appear only in the help overlay. */
  hint?: string;
}

/** What a resolved key asks for: a command, or text typed into the focused field. */
export type Input = Command | { insert: string };

/** The subset of Ink's key object the resolver reads. */
export interface KeyEvent {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

/** One name per key press: "up", "enter", "ctrl-c", "G", "?"… Null for what we do not bind (e.g. a pasted string). */
export function keyName(input: string, key: KeyEvent): string | null {
  if (key.ctrl && (input === 'c' || input === '\u0003')) return 'ctrl-c';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  // Terminals send DEL for Backspace; Ink reports it as "delete".
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && /^[a-z]$/.test(input)) return `ctrl-${input}`;
  if (key.ctrl || key.meta) return null;
  if (input === ' ') return 'space';
  return [...input].length === 1 ? input : null;
}

/** The key events of the control bytes a chunk of plain input can carry. */
const CHUNK_KEYS: Record<string, KeyEvent> = {
  '\r': { return: true },
  '\n': { return: true },
  '\t': { tab: true },
  '\u007f': { delete: true },
  '\b': { backspace: true },
};

/**
 * A chunk of input as separate key presses. Ink hands over what one read of the
 * terminal returned: a paste, a key-sending script or a fast typist on a busy
 * process gives "Priya Platform\r" or "\u007f\u007f\u007f" at once. Printable runs
 * stay together (they are text); Enter, Tab and Backspace become keys of their own.
 * A chunk that is one key already (an escape sequence, a single character) is
 * returned as it came.
 */
export function splitChunk(input: string, key: KeyEvent): { input: string; key: KeyEvent }[] {
  if (input.length <= 1 || !/[\r\n\t\u007f\b]/.test(input)) return [{ input, key }];
  const out: { input: string; key: KeyEvent }[] = [];
  let text = '';
  for (const ch of input) {
    const k = CHUNK_KEYS[ch];
    if (!k) {
      text += ch;
      continue;
    }
    if (text) out.push({ input: text, key: {} });
    text = '';
    // "\r\n" from a paste is one Enter, not two.
    if (ch === '\n' && out.at(-1)?.input === '\r') continue;
    out.push({ input: ch, key: k });
  }
  if (text) out.push({ input: text, key: {} });
  return out;
}

/** List movement, shared by every list screen (and the home screen). */
export const LIST_BINDINGS: readonly Binding[] = [
  { keys: ['up', 'k'], command: 'up', does: 'move up', hint: '↑↓/jk move' },
  { keys: ['down', 'j'], command: 'down', does: 'move down' },
  { keys: ['pageup'], command: 'page-up', does: 'page up' },
  { keys: ['pagedown'], command: 'page-down', does: 'page down' },
  { keys: ['home', 'g'], command: 'top', does: 'first row' },
  { keys: ['end', 'G'], command: 'bottom', does: 'last row' },
];

/** Editing one line of text at its caret: every text field has these (forms, the search box, settings). */
export const FIELD_EDIT_BINDINGS: readonly Binding[] = [
  { keys: ['backspace'], command: 'delete-char', does: 'delete the character before the caret' },
  { keys: ['left'], command: 'caret-left', does: 'caret left', hint: '←→ move' },
  { keys: ['right'], command: 'caret-right', does: 'caret right' },
  { keys: ['home', 'ctrl-a'], command: 'line-start', does: 'caret to the start of the field' },
  { keys: ['end', 'ctrl-e'], command: 'line-end', does: 'caret to the end of the field' },
  { keys: ['ctrl-u'], command: 'kill-line-start', does: 'delete everything before the caret', hint: 'Ctrl-U clear' },
  { keys: ['ctrl-w'], command: 'kill-word', does: 'delete the word before the caret', hint: 'Ctrl-W word' },
];

/** A form of one or more fields: moving between fields, saving and cancelling (the field keys come on top). */
export const FORM_BINDINGS: readonly Binding[] = [
  { keys: ['enter'], command: 'submit', does: 'next field; on the last field, save', hint: 'Enter next/save' },
  { keys: ['tab', 'down'], command: 'next-field', does: 'next field', hint: 'Tab/↓ next field' },
  { keys: ['shift-tab', 'up'], command: 'prev-field', does: 'previous field' },
  { keys: ['escape'], command: 'cancel', does: 'cancel', hint: 'Esc cancel' },
  { keys: ['ctrl-c'], command: 'interrupt', does: 'quit (what is saved stays saved)' },
];

const SHOWN: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  'shift-tab': 'Shift-Tab',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  space: 'Space',
  backspace: 'Backspace',
  'ctrl-a': 'Ctrl-A',
  'ctrl-c': 'Ctrl-C',
  'ctrl-e': 'Ctrl-E',
  'ctrl-u': 'Ctrl-U',
  'ctrl-w': 'Ctrl-W',
};

/** Key names as a person reads them: "↑ k", "Ctrl-U". */
export function shownKeys(keys: readonly string[]): string {
  return keys.map((k) => SHOWN[k] ?? k).join(' ');
}

/** The footer labels of a list of bindings, in order. */
export function hintsOf(bindings: readonly Binding[]): string[] {
  return bindings.flatMap((b) => (b.hint ? [b.hint] : []));
}

/** A key name a person types as text (a letter, a digit, "?", "/"): in a text field it is text, not a command. */
export function isPrintableName(name: string): boolean {
  return name === 'space' || [...name].length === 1;
}
