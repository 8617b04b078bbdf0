import type { Lang } from './files.js';
import { viewOf } from '../../file-view.js';

/**
 * Blank out comments (and optionally string contents) while keeping every newline
 * and column, so line numbers found in the masked text are the file's line numbers.
 * Commented-out code must never count as usage.
 *
 * One native regex pass per file: comments and string literals are the tokens; a
 * quoted string closes at a newline unless the language has multi-line strings.
 * Deliberately simple: a JS regex literal holding a quote or `//` can confuse it,
 * which costs at most that line.
 */
export function mask(text: string, lang: Lang, opts: { strings?: boolean } = {}): string {
  const strings = opts.strings === true;
  if (lang === 'py') return tokenMask(text, PY_TOKENS, strings);
  if (lang === 'js') return tokenMask(text, JS_TOKENS, strings);
  if (lang === 'go') return tokenMask(text, GO_TOKENS, strings);
  if (lang === 'java' || lang === 'kotlin') return tokenMask(text, JVM_TOKENS, strings);
  if (lang === 'config') return /^\s*</.test(text) ? maskXml(text) : maskHashLines(text);
  return text;
}

/** mask(), computed once per file and language. */
export function maskedView(text: string, lang: Lang, opts: { strings?: boolean } = {}): string {
  return viewOf(text, `mask:${lang}:${opts.strings === true}`, () => mask(text, lang, opts));
}

/** The lines of `text` or of one of its masked views, split once. Callers must not modify the array. */
export function linesView(text: string, lang: Lang, which: 'text' | 'masked' | 'code'): readonly string[] {
  return viewOf(text, `lines:${lang}:${which}`, () => (which === 'text' ? text : maskedView(text, lang, { strings: which === 'code' })).split('\n'));
}

const DQ = /"(?:\\.|[^"\\\n])*"?/.source;
const SQ = /'(?:\\.|[^'\\\n])*'?/.source;
const C_COMMENTS = /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/.source;
const TRIPLE = /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)/.source;
const PY_TOKENS = new RegExp(`#[^\\n]*|${TRIPLE}|${DQ}|${SQ}`, 'g');
const JS_TOKENS = new RegExp(`${C_COMMENTS}|${DQ}|${SQ}|${/`(?:\\[\s\S]|[^`\\])*`?/.source}`, 'g');
// Go raw strings have no escapes.
const GO_TOKENS = new RegExp(`${C_COMMENTS}|${DQ}|${SQ}|${/`[^`]*`?/.source}`, 'g');
const JVM_TOKENS = new RegExp(`${C_COMMENTS}|${/"""[\s\S]*?(?:"""|$)/.source}|${DQ}|${SQ}`, 'g');

const blankAll = (m: string) => m.replace(/[^\n]/g, ' ');

function tokenMask(text: string, tokens: RegExp, strings: boolean): string {
  return text.replace(tokens, (m) => {
    if (m.startsWith('#') || m.startsWith('//') || m.startsWith('/*')) return blankAll(m);
    if (!strings) return m;
    const q = m.startsWith('"""') || m.startsWith("'''") ? 3 : 1;
    if (m.length <= q * 2) return m;
    return m.slice(0, q) + blankAll(m.slice(q, -q)) + m.slice(-q);
  });
}

function maskXml(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, blankAll);
}

// YAML, properties, Dockerfiles, nginx: whole-line `#` comments.
function maskHashLines(text: string): string {
  return text.replace(/^[ \t]*#.*$/gm, (m) => ' '.repeat(m.length));
}

/** Maps character offsets to 1-based line numbers (binary search over line starts). */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
