import type { KeyEvent } from '../../source/ui/keys/keys.js';

/** Bytes a terminal sends for the keys the wizard binds (what tests write to stdin or a pty). */
export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  pageDown: '\u001b[6~',
  ctrlA: '\u0001',
  ctrlC: '\u0003',
  ctrlE: '\u0005',
  ctrlU: '\u0015',
  ctrlW: '\u0017',
} as const;

/** Ink's key object for a named key, for the pure resolver (resolveKey) without a terminal. */
export function keyEvent(
  name: 'up' | 'down' | 'left' | 'right' | 'enter' | 'escape' | 'tab' | 'backspace' | 'pageup' | 'pagedown',
): KeyEvent {
  const map: Record<string, KeyEvent> = {
    up: { upArrow: true },
    down: { downArrow: true },
    left: { leftArrow: true },
    right: { rightArrow: true },
    enter: { return: true },
    escape: { escape: true, meta: true },
    tab: { tab: true },
    backspace: { delete: true },
    pageup: { pageUp: true },
    pagedown: { pageDown: true },
  };
  return map[name] ?? {};
}

/** One macrotask: what Ink needs between two keys (a lone Esc in particular). */
export const tick = () => new Promise((r) => setImmediate(r));
