import type { Message } from './types.js';

/** The message line's tones, so a change reads the same wherever it is said. */
export const info = (text: string): Message => ({ text, tone: 'info' });
export const warn = (text: string): Message => ({ text, tone: 'warning' });
export const success = (text: string): Message => ({ text, tone: 'success' });
