import { createContext, useContext } from 'react';
import type { EffectiveState } from '../assessment/status.js';
import type { Severity } from '../checklist/schema.js';

/**
 * Colour is decoration only: every state carries a symbol and a word, so the
 * screens read the same with NO_COLOR or on a monochrome terminal.
 */

export type Tone = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'gray' | 'blue';

/** Colour on or off, and the terminal width every row is cut to. */
export const ThemeContext = createContext<{ color: boolean; width: number }>({ color: true, width: 80 });
export const useTheme = () => useContext(ThemeContext);

export const STATE_LOOK: Record<EffectiveState, { mark: string; word: string; tone: Tone }> = {
  yes: { mark: '✔', word: 'yes', tone: 'green' },
  partial: { mark: '◐', word: 'partial', tone: 'yellow' },
  no: { mark: '✘', word: 'no', tone: 'red' },
  'n/a': { mark: '–', word: 'n/a', tone: 'gray' },
  unknown: { mark: '?', word: 'unknown', tone: 'magenta' },
  unanswered: { mark: '·', word: 'unanswered', tone: 'gray' },
};

export const SEVERITY_TONE: Record<Severity, Tone> = { blocker: 'red', high: 'yellow', medium: 'cyan', low: 'gray' };

export const MESSAGE_LOOK = {
  info: { mark: '·', tone: 'cyan' },
  success: { mark: '✔', tone: 'green' },
  warning: { mark: '⚠', tone: 'yellow' },
  error: { mark: '✘', tone: 'red' },
} as const satisfies Record<string, { mark: string; tone: Tone }>;
