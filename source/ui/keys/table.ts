import { hintsOf, isPrintableName, keyName, shownKeys, type Binding, type Command, type KeyEvent } from './keys.js';

/**
 * Which bindings apply where, and the one place a key press becomes a command.
 * An app (the wizard, the home screen) describes its keys as a KeyTable; the
 * resolver, the footer and the help overlay all read that table, so what they
 * say is what the keys do. Pure.
 */

interface ScreenKeys {
  title: string;
  bindings: readonly Binding[];
  /** The screen has a text box of its own (search): printable keys are text there, not commands. */
  typing?: boolean;
}

export interface KeyTable {
  screen(id: string): ScreenKeys;
  /** Keys that work on every screen (where a printable one is not text). */
  global: readonly Binding[];
  /** Over the help overlay. */
  help: readonly Binding[];
  /** Under a notice that holds the keyboard. */
  notice: readonly Binding[];
  /** While a form is open: moving between fields, saving, cancelling. */
  form: readonly Binding[];
  /** Editing the focused field of a form. */
  field: readonly Binding[];
}

export interface KeyMode {
  screen: string;
  form: boolean;
  help: boolean;
  notice: boolean;
}

export type KeyContext = 'screen' | 'global' | 'help' | 'notice' | 'form';

export type Resolved = { context: KeyContext; command: Command } | { context: 'form' | 'screen'; insert: string };

function find(list: readonly Binding[], context: KeyContext, name: string): Resolved | null {
  const b = list.find((x) => x.keys.includes(name));
  return b ? { context, command: b.command } : null;
}

/** Text typed or pasted: what is printable of it, or null (control characters never reach a saved answer). */
function typed(input: string, key: KeyEvent): string | null {
  if (key.ctrl || key.meta || key.escape || key.return) return null;
  const printable = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return printable === '' ? null : printable;
}

/** The one place a key press becomes a command (or text for the focused field). */
export function resolveKey(table: KeyTable, mode: KeyMode, input: string, key: KeyEvent): Resolved | null {
  const name = keyName(input, key);
  // Under a notice only its own keys count; the rest, text included, is dropped.
  if (mode.notice) return name === null ? null : find(table.notice, 'notice', name);
  if (mode.form) {
    const bound = name ? (find(table.form, 'form', name) ?? find(table.field, 'form', name)) : null;
    if (bound) return bound;
    const text = typed(input, key);
    return text === null ? null : { context: 'form', insert: text };
  }
  if (mode.help)
    return name === null ? null : (find(table.help, 'help', name) ?? (name === 'ctrl-c' ? find(table.global, 'global', name) : null));
  const screen = table.screen(mode.screen);
  if (screen.typing) {
    const bound = name ? find(screen.bindings, 'screen', name) : null;
    if (bound) return bound;
    const text = typed(input, key);
    if (text !== null) return { context: 'screen', insert: text };
    return name !== null && !isPrintableName(name) ? find(table.global, 'global', name) : null;
  }
  if (name === null) return null;
  return find(screen.bindings, 'screen', name) ?? find(table.global, 'global', name);
}

/** The global bindings that work on a screen: on one with a text box, only those a person cannot type. */
function globalsOn(table: KeyTable, screen: ScreenKeys): readonly Binding[] {
  return screen.typing ? table.global.filter((b) => b.keys.some((k) => !isPrintableName(k))) : table.global;
}

/** Footer: the keys that work right now, most useful first. */
export function footerHints(table: KeyTable, mode: KeyMode): string[] {
  if (mode.notice) return hintsOf(table.notice);
  if (mode.form) return hintsOf(table.form);
  if (mode.help) return hintsOf(table.help);
  const screen = table.screen(mode.screen);
  const global = globalsOn(table, screen);
  // Help first and quit early: a narrow terminal cuts the end of the line.
  const help = hintsOf(global.filter((b) => b.command === 'help'));
  return [...help, ...hintsOf(screen.bindings), ...hintsOf(global.filter((b) => b.command !== 'help'))];
}

/** The form's own hint line: how to edit the field (saving and cancelling are in the footer). */
export function fieldHints(table: KeyTable): string[] {
  return hintsOf(table.field);
}

export interface HelpEntry {
  keys: string;
  does: string;
  /** Heading rows carry no keys. */
  heading?: boolean;
}

/** Help overlay rows: this screen's keys, the keys of a form (where one can open), then the ones that work everywhere. */
export function helpEntries(table: KeyTable, screenId: string, opts: { forms?: boolean } = {}): HelpEntry[] {
  const rows: HelpEntry[] = [];
  const block = (title: string, list: readonly Binding[]) => {
    if (list.length === 0) return;
    rows.push({ keys: '', does: title, heading: true });
    for (const b of list) rows.push({ keys: shownKeys(b.keys), does: b.does });
  };
  const screen = table.screen(screenId);
  block(`${screen.title} screen`, screen.bindings);
  if (opts.forms !== false) block('In a form', [...table.form, ...table.field]);
  block('Everywhere', globalsOn(table, screen));
  return rows;
}
