import stripAnsi from 'strip-ansi';

/**
 * Anything read from a repository is hostile until proven otherwise. These turn
 * untrusted text into something safe to put on a terminal line.
 */

// C0 controls except tab, DEL, and C1 controls (0x80-0x9f include the 8-bit CSI 0x9b).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// Bidirectional overrides and isolates can make text read differently than it is (Trojan Source).
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Strip escape sequences and control characters; keep the text readable on one line. */
export function sanitizeLine(input: string, maxLength = 200): string {
  let s = stripAnsi(input).replace(/\t/g, ' ').replace(CONTROL, '\uFFFD').replace(BIDI, '\uFFFD');
  if (s.length > maxLength) s = `${s.slice(0, Math.max(0, maxLength - 1))}…`;
  return s;
}

/** Same as sanitizeLine but for multi-line text: newlines survive, everything else is cleaned. */
export function sanitizeText(input: string, maxLength = 4000): string {
  const lines = input.split(/\r?\n/).map((l) => sanitizeLine(l, maxLength));
  const joined = lines.join('\n');
  return joined.length > maxLength ? `${joined.slice(0, maxLength - 1)}…` : joined;
}

/** A path from the repository, safe to print (names may hold escapes or invalid UTF-8). */
export function sanitizePath(p: string): string {
  return sanitizeLine(p, 400);
}
