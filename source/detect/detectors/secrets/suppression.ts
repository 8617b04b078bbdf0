import { sanitizeLine } from '../../../util/sanitize.js';

/**
 * Inline suppression: `shipshape:allow-secret <reason>` in a comment (`//`, `#`,
 * `--`, `/*`, `<!--`, `;`) on the finding's line or the line before. A reason is
 * required: an unexplained allow is how real keys slip through review, so without
 * one the finding stands and says why the suppression was not honoured.
 */
export interface Suppression {
  honoured: boolean;
  /** Sanitised reason, or null when none was given. */
  reason: string | null;
  /** 1-based line of the marker. */
  line: number;
}

const MARKER = /(?:\/\/|#|--|\/\*|<!--|;|^\s*\*)\s*shipshape:allow-secret\b(.*)$/;

export function parseSuppression(lineText: string): { reason: string | null } | null {
  if (!lineText.includes('shipshape:allow-secret')) return null;
  const m = MARKER.exec(lineText);
  if (!m) return null;
  const reason = (m[1] ?? '')
    .replace(/\*\/\s*$|-->\s*$/, '')
    .replace(/^[\s:=-]+/, '')
    .trim();
  // A reason must say something: at least one word of three letters.
  return { reason: /[A-Za-z]{3}/.test(reason) ? sanitizeLine(reason, 160) : null };
}

/**
 * The suppression that applies to a finding on `lineIndex` (0-based) of `lines`, if any.
 * The same line wins over the line before.
 */
export function suppressionAt(lines: readonly string[], lineIndex: number): Suppression | null {
  for (const idx of [lineIndex, lineIndex - 1]) {
    const text = lines[idx];
    if (text === undefined) continue;
    const s = parseSuppression(text);
    if (s) return { honoured: s.reason !== null, reason: s.reason, line: idx + 1 };
  }
  return null;
}
