import { sanitizeLine, sanitizeText } from '../util/sanitize.js';

/**
 * Markdown escaping for text that came from a repository or a person. The dossier
 * is read on GitHub, where a stray `[x](y)`, `<img>`, `@team` or `#12` would turn
 * evidence into a link, markup or a notification, so every value passes through
 * one of these before a template can place it. Each first removes escape
 * sequences and control characters (sanitize.ts), then neutralises markdown.
 */

/** Word joiner: invisible, and stops GitHub from reading `@name` as a mention or `#12` as a reference. */
const WJ = '\u2060';

/** Longer than any value a dossier line needs; keeps a hostile 1 MB excerpt from bloating the file. */
const MAX_INLINE = 2000;

// What sanitizeLine would change: controls (escape sequences start with one) and bidi overrides.
const NEEDS_SANITIZE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function oneLine(value: unknown, max = MAX_INLINE): string {
  const s = value === null || value === undefined ? '' : String(value);
  // Fast path for the common clean value: same result as sanitizeLine, without its regex passes.
  if (!NEEDS_SANITIZE.test(s) && !s.includes('\u2028') && !s.includes('\u2029')) {
    return (s.length > max ? `${s.slice(0, max - 1)}…` : s).trim();
  }
  // Newlines become spaces before sanitising, which would otherwise show them as U+FFFD.
  return sanitizeLine(s.replace(/\r\n?|\n|\u2028|\u2029/g, ' '), max).trim();
}

// Every ASCII punctuation that can start markdown or HTML inline syntax, plus `$` (GitHub math).
const INLINE_SPECIAL = /[\\`*_[\]<>&|~$!{}]/g;
const MENTION = /([@#])(?=[\p{L}\p{N}_-])/gu;
const LINE_START = /^(?:#{1,6}(?:\s|$)|[-+](?:\s|$)|[-=]+\s*$)/;

/** Inline markdown text: renders as exactly the characters given. */
export function mdText(value: unknown, max?: number): string {
  let s = oneLine(value, max).replace(INLINE_SPECIAL, '\\$&');
  if (s.includes('@') || s.includes('#')) s = s.replace(MENTION, `$1${WJ}`);
  // Bare URLs would become links on GitHub (GFM autolinks); an escaped colon or dot renders the same text without one.
  if (s.includes('://')) s = s.replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1\\:');
  if (/www\./i.test(s)) s = s.replace(/\bwww\./gi, 'www\\.');
  // Block syntax only matters at the start of a line; templates may put a value there.
  if (LINE_START.test(s)) s = `\\${s}`;
  s = s.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return s;
}

/** A table cell: inline text that also cannot end the cell; empty cells get a dash so the row stays readable. */
export function mdCell(value: unknown, max?: number): string {
  const s = mdText(value, max);
  return s === '' ? '—' : s;
}

/** Delimiter for a code span: one backtick more than the longest run inside. */
function fenceFor(s: string, min: number): string {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(min, longest + 1));
}

/** An inline code span (paths, excerpts). Nothing inside a code span is markup, so only controls and backticks matter. */
export function mdInlineCode(value: unknown, max?: number): string {
  const s = oneLine(value, max);
  if (s === '') return '';
  const fence = fenceFor(s, 1);
  // A span that starts or ends with a backtick needs a space so the fence is not read as longer.
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A code span inside a table cell: GFM splits cells on `|` before it sees code spans, so pipes are escaped there too. */
export function mdCellCode(value: unknown, max?: number): string {
  const s = mdInlineCode(value, max);
  return s === '' ? '—' : s.replace(/\|/g, '\\|');
}

/** A fenced code block (multi-line text). The fence is longer than any backtick run inside. */
export function mdCodeBlock(value: unknown, lang = '', max = 20_000): string {
  const s = sanitizeText(value === null || value === undefined ? '' : String(value).replace(/\r\n?/g, '\n'), max);
  const fence = fenceFor(s, 3);
  const info = /^[a-z0-9+-]{0,20}$/i.test(lang) ? lang : '';
  return `${fence}${info}\n${s}\n${fence}`;
}

/** An explicit HTML anchor; ids are reduced to a safe alphabet so they can never carry markup. */
export function mdAnchor(id: unknown): string {
  const safe = String(id ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-');
  return safe === '' ? '' : `<a id="${safe}"></a>`;
}

/** A link to an anchor in the same document, with escaped text. */
export function mdAnchorLink(text: unknown, id: unknown): string {
  const safe = String(id ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-');
  const label = mdText(text);
  return safe === '' ? label : `[${label}](#${safe})`;
}
