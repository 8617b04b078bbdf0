import { describe, expect, it } from 'vitest';
import { HOME_KEYS, homeCommandAction } from '../../source/ui/home/home-keys.js';
import { splitChunk, type Binding } from '../../source/ui/keys/keys.js';
import { footerHints, helpEntries, resolveKey, type KeyContext, type KeyMode, type KeyTable } from '../../source/ui/keys/table.js';
import { SCREENS } from '../../source/ui/screens/registry.js';
import { commandAction, WIZARD_KEYS } from '../../source/ui/wizard-keys.js';
import { keyEvent } from '../helpers/keys.js';
import { NOW } from './helpers.js';

const at = (screen: string, over: Partial<KeyMode> = {}): KeyMode => ({ screen, form: false, help: false, notice: false, ...over });

describe('resolveKey', () => {
  it("a screen's own binding wins over a global one; other keys fall through to the global ones", () => {
    // "x" clears an answer on the question screen and ticks a row on the scope screen.
    expect(resolveKey(WIZARD_KEYS, at('question'), 'x', {})).toEqual({ context: 'screen', command: 'clear' });
    expect(resolveKey(WIZARD_KEYS, at('scope'), 'x', {})).toEqual({ context: 'screen', command: 'toggle' });
    expect(resolveKey(WIZARD_KEYS, at('question'), 'r', {})).toEqual({ context: 'global', command: 'go:review' });
    expect(resolveKey(WIZARD_KEYS, at('sections'), 'f', {})).toEqual({ context: 'global', command: 'first-open' });
    expect(resolveKey(WIZARD_KEYS, at('question'), '', keyEvent('escape'))).toEqual({ context: 'global', command: 'back' });
  });

  it('in a form every printable key is text, and ↑/↓ move between fields, never the answer choices (defect 2)', () => {
    const form = at('question', { form: true });
    for (const ch of ['j', 'k', '1', 'c', 'q', 'n', '?'])
      expect(resolveKey(WIZARD_KEYS, form, ch, {})).toEqual({ context: 'form', insert: ch });
    expect(resolveKey(WIZARD_KEYS, form, '', keyEvent('up'))).toEqual({ context: 'form', command: 'prev-field' });
    expect(resolveKey(WIZARD_KEYS, form, '', keyEvent('down'))).toEqual({ context: 'form', command: 'next-field' });
    expect(resolveKey(WIZARD_KEYS, form, '', keyEvent('left'))).toEqual({ context: 'form', command: 'caret-left' });
    expect(resolveKey(WIZARD_KEYS, form, 'Priya Platform', {})).toEqual({ context: 'form', insert: 'Priya Platform' });
    // Control bytes never become text.
    expect(resolveKey(WIZARD_KEYS, form, '\u0007', {})).toBeNull();
  });

  it('the search box takes printable keys as text; Ctrl-C still quits there', () => {
    expect(resolveKey(WIZARD_KEYS, at('search'), 'q', {})).toEqual({ context: 'screen', insert: 'q' });
    expect(resolveKey(WIZARD_KEYS, at('search'), '/', {})).toEqual({ context: 'screen', insert: '/' });
    expect(resolveKey(WIZARD_KEYS, at('search'), '', keyEvent('down'))).toEqual({ context: 'screen', command: 'down' });
    expect(resolveKey(WIZARD_KEYS, at('search'), 'c', { ctrl: true })).toEqual({ context: 'global', command: 'interrupt' });
  });

  it('a notice holds the keyboard: only Enter, Esc and Ctrl-C count', () => {
    const notice = at('question', { notice: true });
    expect(resolveKey(WIZARD_KEYS, notice, 'c', {})).toBeNull();
    expect(resolveKey(WIZARD_KEYS, notice, 'q', {})).toBeNull();
    expect(resolveKey(WIZARD_KEYS, notice, '', keyEvent('enter'))).toEqual({ context: 'notice', command: 'dismiss' });
    expect(resolveKey(WIZARD_KEYS, notice, 'c', { ctrl: true })).toEqual({ context: 'notice', command: 'interrupt' });
  });

  it('over the help only its keys and Ctrl-C count', () => {
    const help = at('question', { help: true });
    expect(resolveKey(WIZARD_KEYS, help, 'j', {})).toEqual({ context: 'help', command: 'down' });
    expect(resolveKey(WIZARD_KEYS, help, '1', {})).toBeNull();
    expect(resolveKey(WIZARD_KEYS, help, 'c', { ctrl: true })).toEqual({ context: 'global', command: 'interrupt' });
  });

  it('the home screen binds no Esc on its list (nothing to go back to), and Esc cancels its settings form', () => {
    expect(resolveKey(HOME_KEYS, at('home'), '', keyEvent('escape'))).toBeNull();
    expect(resolveKey(HOME_KEYS, at('home', { form: true }), '', keyEvent('escape'))).toEqual({ context: 'form', command: 'cancel' });
    expect(resolveKey(HOME_KEYS, at('home', { form: true }), 'w', { ctrl: true })).toEqual({ context: 'form', command: 'kill-word' });
  });
});

describe('splitChunk', () => {
  it('splits Enter, Tab and Backspace out of a chunk of text, keeping text runs whole', () => {
    expect(splitChunk('Priya Platform\r', {}).map((p) => p.input)).toEqual(['Priya Platform', '\r']);
    expect(splitChunk('Bob\tsoon\r\n', {}).map((p) => p.input)).toEqual(['Bob', '\t', 'soon', '\r']);
    expect(splitChunk('\u007f\u007f', {}).map((p) => p.key.delete)).toEqual([true, true]);
    expect(splitChunk('abc', {})).toEqual([{ input: 'abc', key: {} }]);
  });
});

describe('footerHints and helpEntries', () => {
  it('the footer names the screen keys first after help, and never a printable key where it would be typed', () => {
    expect(footerHints(WIZARD_KEYS, at('question'))).toEqual([
      '? help',
      '1-5 answer',
      'n/p next/prev',
      't note',
      'o owner',
      'w waive',
      'q quit',
      'Esc back',
    ]);
    const search = footerHints(WIZARD_KEYS, at('search'));
    expect(search).toContain('Esc cancel');
    expect(search).not.toContain('q quit');
    expect(search).not.toContain('? help');
    expect(footerHints(WIZARD_KEYS, at('question', { form: true }))).toEqual(['Enter next/save', 'Tab/↓ next field', 'Esc cancel']);
    expect(footerHints(WIZARD_KEYS, at('question', { notice: true }))).toEqual(['Enter/Esc go on']);
  });

  it('the home footer and help advertise only keys the home screen handles (defect 3: no Esc back)', () => {
    const footer = footerHints(HOME_KEYS, at('home'));
    expect(footer).toEqual(['? help', '↑↓/jk move', 'Enter open', 'v preview', 'e export', 'q quit']);
    const help = helpEntries(HOME_KEYS, 'home');
    const everywhere = help.slice(help.findIndex((e) => e.does === 'Everywhere'));
    expect(everywhere.map((e) => e.keys)).toEqual(['', '?', 'q', 'Ctrl-C']);
    // The settings form's editing keys are listed, and (below) each one is handled.
    expect(help.some((e) => e.keys === 'Ctrl-W' && e.does.includes('word'))).toBe(true);
  });

  it('help lists the screen, then the form, then the keys that work everywhere, under headings', () => {
    const rows = helpEntries(WIZARD_KEYS, 'review');
    expect(rows.filter((r) => r.heading).map((r) => r.does)).toEqual(['Review screen', 'In a form', 'Everywhere']);
    expect(rows.some((r) => r.keys === 'r' && r.does === 'review before export')).toBe(true);
    expect(rows.some((r) => r.keys === 'f')).toBe(true);
  });
});

/** Every binding a table advertises, with the context the resolver would report it in. */
function advertised(
  table: KeyTable,
  screens: readonly string[],
): { where: string; context: KeyContext; screen: string; binding: Binding }[] {
  const out: { where: string; context: KeyContext; screen: string; binding: Binding }[] = [];
  for (const screen of screens) {
    const keys = table.screen(screen);
    for (const b of keys.bindings) out.push({ where: `${screen} screen`, context: 'screen', screen, binding: b });
  }
  const first = screens[0]!;
  for (const [context, list] of [
    ['global', table.global],
    ['help', table.help],
    ['notice', table.notice],
    ['form', table.form],
    ['form', table.field],
  ] as const) {
    for (const b of list) out.push({ where: context, context, screen: first, binding: b });
  }
  return out;
}

describe('every advertised binding has a handler where it is advertised', () => {
  it('wizard: each screen, the global keys, help, notice and forms', () => {
    const missing = advertised(WIZARD_KEYS, Object.keys(SCREENS))
      .filter((a) => commandAction({ context: a.context, screen: a.screen }, a.binding.command, NOW) === null)
      .map((a) => `${a.where}: ${a.binding.keys.join('/')} → ${a.binding.command}`);
    expect(missing).toEqual([]);
  });

  it('home screen: its list, the global keys, help and the settings form', () => {
    const missing = advertised(HOME_KEYS, ['home'])
      .filter((a) => homeCommandAction({ context: a.context }, a.binding.command) === null)
      .map((a) => `${a.where}: ${a.binding.keys.join('/')} → ${a.binding.command}`);
    expect(missing).toEqual([]);
  });

  it('would catch an advertised key with no handler', () => {
    const table: KeyTable = {
      ...HOME_KEYS,
      global: [...HOME_KEYS.global, { keys: ['escape'], command: 'back', does: 'go back', hint: 'Esc back' }],
    };
    const missing = advertised(table, ['home']).filter((a) => homeCommandAction({ context: a.context }, a.binding.command) === null);
    expect(missing.map((a) => a.binding.command)).toEqual(['back']);
  });
});
