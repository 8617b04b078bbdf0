import type { ScreenId } from '../state/types.js';

/**
 * Every key the wizard understands, in one table: key → command name, per
 * context. The key provider resolves a key press here; screens only turn command
 * names into reducer actions. The help overlay and the footer are generated from
 * the same table, so what they say is what the keys do.
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
  | 'sections'
  | 'review'
  | 'preview'
  | 'export'
  | 'search'
  | 'assessor'
  | 'answer-yes'
  | 'answer-partial'
  | 'answer-no'
  | 'answer-na'
  | 'answer-unknown'
  | 'confirm'
  | 'next-question'
  | 'prev-question'
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
  | 'dismiss';

/** Where a binding applies: every screen, one screen, while typing, over the help overlay, or under a notice. */
export type KeyContext = 'global' | 'text' | 'help' | 'notice' | 'home' | ScreenId;

export interface Binding {
  /** Key names as produced by keyName(). */
  keys: readonly string[];
  command: Command;
  /** How the help overlay names the action. */
  does: string;
  /** Short footer label; bindings without one appear only in the help overlay. */
  hint?: string;
}

const LIST: Binding[] = [
  { keys: ['up', 'k'], command: 'up', does: 'move up', hint: '↑↓/jk move' },
  { keys: ['down', 'j'], command: 'down', does: 'move down' },
  { keys: ['pageup'], command: 'page-up', does: 'page up' },
  { keys: ['pagedown'], command: 'page-down', does: 'page down' },
  { keys: ['home', 'g'], command: 'top', does: 'first row' },
  { keys: ['end', 'G'], command: 'bottom', does: 'last row' },
];

export const BINDINGS: Record<KeyContext, readonly Binding[]> = {
  global: [
    { keys: ['?'], command: 'help', does: 'show or hide this help', hint: '? help' },
    { keys: ['escape'], command: 'back', does: 'go back', hint: 'Esc back' },
    { keys: ['s'], command: 'sections', does: 'sections overview' },
    { keys: ['r'], command: 'review', does: 'review before export' },
    { keys: ['v'], command: 'preview', does: 'preview the dossier' },
    { keys: ['e'], command: 'export', does: 'write the dossier (markdown and JSON)' },
    { keys: ['/'], command: 'search', does: 'search questions' },
    { keys: ['a'], command: 'assessor', does: 'switch who is answering' },
    { keys: ['q'], command: 'quit', does: 'save and quit', hint: 'q quit' },
    { keys: ['ctrl-c'], command: 'interrupt', does: 'save and quit (also SIGTERM/SIGHUP)' },
  ],
  help: [
    { keys: ['?', 'escape'], command: 'help', does: 'close the help', hint: '?/Esc close' },
    { keys: ['up', 'k'], command: 'up', does: 'scroll up', hint: '↑↓ scroll' },
    { keys: ['down', 'j'], command: 'down', does: 'scroll down' },
    { keys: ['q'], command: 'quit', does: 'save and quit' },
  ],
  notice: [
    { keys: ['enter', 'escape'], command: 'dismiss', does: 'close the notice (every other key is ignored until then)', hint: 'Enter/Esc go on' },
    { keys: ['ctrl-c'], command: 'interrupt', does: 'save and quit' },
  ],
  text: [
    { keys: ['enter'], command: 'submit', does: 'next field; on the last field, save', hint: 'Enter save' },
    { keys: ['tab'], command: 'next-field', does: 'next field', hint: 'Tab next field' },
    { keys: ['shift-tab'], command: 'prev-field', does: 'previous field' },
    { keys: ['escape'], command: 'cancel', does: 'cancel', hint: 'Esc cancel' },
    { keys: ['backspace'], command: 'delete-char', does: 'delete the character before the caret' },
    { keys: ['left'], command: 'caret-left', does: 'caret left' },
    { keys: ['right'], command: 'caret-right', does: 'caret right' },
    { keys: ['home', 'ctrl-a'], command: 'line-start', does: 'caret to the start of the field' },
    { keys: ['end', 'ctrl-e'], command: 'line-end', does: 'caret to the end of the field' },
    { keys: ['ctrl-u'], command: 'kill-line-start', does: 'delete everything before the caret' },
    { keys: ['ctrl-w'], command: 'kill-word', does: 'delete the word before the caret' },
    { keys: ['up'], command: 'up', does: 'previous result (search)' },
    { keys: ['down'], command: 'down', does: 'next result (search)' },
    { keys: ['ctrl-c'], command: 'interrupt', does: 'save and quit' },
  ],
  scope: [
    { keys: ['up', 'k'], command: 'up', does: 'move up', hint: '↑↓ move' },
    { keys: ['down', 'j'], command: 'down', does: 'move down' },
    { keys: ['space', 'x'], command: 'toggle', does: 'choose / tick the highlighted row', hint: 'Space choose' },
    { keys: ['tab', 'right', 'l'], command: 'next-group', does: 'next group', hint: 'Tab next group' },
    { keys: ['shift-tab', 'left', 'h'], command: 'prev-group', does: 'previous group' },
    { keys: ['enter'], command: 'select', does: 'save the scope and continue', hint: 'Enter continue' },
  ],
  scan: [{ keys: ['enter'], command: 'select', does: 'continue', hint: 'Enter continue' }],
  sections: [...LIST, { keys: ['enter'], command: 'select', does: 'open the first open question of the section', hint: 'Enter open' }],
  question: [
    { keys: ['enter'], command: 'select', does: 'answer with the highlighted choice (at first: confirm the proposal)' },
    { keys: ['c'], command: 'confirm', does: 'confirm the proposed answer' },
    { keys: ['1'], command: 'answer-yes', does: 'answer yes', hint: '1-5 answer' },
    { keys: ['2'], command: 'answer-partial', does: 'answer partial' },
    { keys: ['3'], command: 'answer-no', does: 'answer no' },
    { keys: ['4'], command: 'answer-na', does: 'answer n/a' },
    { keys: ['5'], command: 'answer-unknown', does: 'answer unknown' },
    { keys: ['up', 'k', 'left', 'h'], command: 'up', does: 'previous choice' },
    { keys: ['down', 'j', 'right', 'l'], command: 'down', does: 'next choice' },
    { keys: ['n'], command: 'next-question', does: 'next question', hint: 'n/p next/prev' },
    { keys: ['p'], command: 'prev-question', does: 'previous question' },
    { keys: ['t'], command: 'note', does: 'write a note', hint: 't note' },
    { keys: ['L'], command: 'link', does: 'add a link as evidence' },
    { keys: ['o'], command: 'owner-due', does: 'owner and due date of a gap', hint: 'o owner' },
    { keys: ['w'], command: 'waiver', does: 'accept a gap as a waiver (justification, approver, expiry)', hint: 'w waive' },
    { keys: ['W'], command: 'revoke-waiver', does: 'revoke the waiver' },
    { keys: ['x'], command: 'clear', does: 'clear the answer (history is kept)' },
    { keys: ['pagedown', ']'], command: 'page-down', does: 'next page of evidence' },
    { keys: ['pageup', '['], command: 'page-up', does: 'previous page of evidence' },
  ],
  review: [...LIST, { keys: ['enter'], command: 'select', does: 'open the question', hint: 'Enter open' }],
  search: [],
  preview: [
    { keys: ['down', 'j'], command: 'down', does: 'line down', hint: 'j/k line' },
    { keys: ['up', 'k'], command: 'up', does: 'line up' },
    { keys: ['pagedown', 'space'], command: 'page-down', does: 'page down', hint: 'PgDn/PgUp page' },
    { keys: ['pageup', 'b'], command: 'page-up', does: 'page up' },
    { keys: ['home', 'g'], command: 'top', does: 'top', hint: 'g/G top/end' },
    { keys: ['end', 'G'], command: 'bottom', does: 'end' },
  ],
  export: [{ keys: ['enter'], command: 'select', does: 'back', hint: 'Enter back' }],
  home: [
    ...LIST,
    { keys: ['enter'], command: 'select', does: 'start, resume the highlighted assessment, or open settings', hint: 'Enter open' },
    { keys: ['v'], command: 'preview', does: 'preview the highlighted assessment\'s dossier', hint: 'v preview' },
    { keys: ['e'], command: 'export', does: 'export the highlighted assessment\'s dossier', hint: 'e export' },
  ],
};

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

export interface KeyMode {
  screen: ScreenId | 'home';
  /** A form or the search box has the keyboard. */
  typing: boolean;
  helpOpen: boolean;
  /** A notice holds the keyboard until Enter or Esc. */
  noticeOpen?: boolean;
}

export type Resolved = { context: KeyContext; command: Command } | { context: 'text'; insert: string };

function find(context: KeyContext, name: string): Resolved | null {
  const b = BINDINGS[context].find((x) => x.keys.includes(name));
  return b ? { context, command: b.command } : null;
}

/** The one place a key press becomes a command. */
export function resolveKey(mode: KeyMode, input: string, key: KeyEvent): Resolved | null {
  const name = keyName(input, key);
  // Under a notice only its own keys count; the rest, text included, is dropped.
  if (mode.noticeOpen) return name === null ? null : find('notice', name);
  if (mode.typing) {
    const bound = name ? find('text', name) : null;
    if (bound) return bound;
    // Anything printable is text, including pasted runs of characters.
    // Control characters are never text (they would end up in a saved answer).
    const printable = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    if (!key.ctrl && !key.meta && printable !== '' && !key.escape && !key.return) return { context: 'text', insert: printable };
    return null;
  }
  if (name === null) return null;
  if (mode.helpOpen) return find('help', name) ?? (name === 'ctrl-c' ? { context: 'global', command: 'interrupt' } : null);
  return find(mode.screen, name) ?? find('global', name);
}

function shown(keys: readonly string[]): string {
  const names: Record<string, string> = { up: '↑', down: '↓', left: '←', right: '→', enter: 'Enter', escape: 'Esc', tab: 'Tab', 'shift-tab': 'Shift-Tab', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', space: 'Space', backspace: 'Backspace', 'ctrl-c': 'Ctrl-C' };
  return keys.map((k) => names[k] ?? k).join(' ');
}

export interface HelpEntry {
  keys: string;
  does: string;
  /** Heading rows carry no keys. */
  heading?: boolean;
}

const SCREEN_TITLES: Record<ScreenId | 'home', string> = {
  home: 'Home',
  scope: 'Scope',
  scan: 'Scan',
  sections: 'Sections',
  question: 'Question',
  review: 'Review',
  search: 'Search',
  preview: 'Preview',
  export: 'Export',
};

/** Help overlay rows: this screen's keys, then typing keys (where forms exist), then the global ones. */
export function helpEntries(screen: ScreenId | 'home'): HelpEntry[] {
  const rows: HelpEntry[] = [];
  const block = (title: string, list: readonly Binding[]) => {
    if (list.length === 0) return;
    rows.push({ keys: '', does: title, heading: true });
    for (const b of list) rows.push({ keys: shown(b.keys), does: b.does });
  };
  block(`${SCREEN_TITLES[screen]} screen`, BINDINGS[screen]);
  if (screen === 'question' || screen === 'search' || screen === 'home') block('While typing (forms, search)', BINDINGS.text);
  block('Everywhere', screen === 'home' ? BINDINGS.global.filter((b) => ['help', 'back', 'quit', 'interrupt'].includes(b.command)) : BINDINGS.global);
  return rows;
}

/** Footer: the keys that work right now, most useful first. */
export function footerHints(mode: KeyMode): string[] {
  if (mode.noticeOpen) return BINDINGS.notice.flatMap((b) => (b.hint ? [b.hint] : []));
  if (mode.helpOpen) return BINDINGS.help.flatMap((b) => (b.hint ? [b.hint] : []));
  if (mode.typing) {
    const text = BINDINGS.text.flatMap((b) => (b.hint ? [b.hint] : []));
    return mode.screen === 'search' ? ['type to search', '↑↓ choose', 'Enter open', 'Esc cancel'] : text;
  }
  const local = BINDINGS[mode.screen].flatMap((b) => (b.hint ? [b.hint] : []));
  // Help first and quit early: a narrow terminal cuts the end of the line.
  return ['? help', ...local, 'q quit', 'Esc back'];
}
