import type { Lang } from './files.js';

/**
 * Blank out comments (and optionally string contents) while keeping every newline
 * and column, so line numbers found in the masked text are the file's line numbers.
 * Commented-out code must never count as usage.
 *
 * Deliberately simple: a regex literal containing a quote or `//` can confuse it,
 * which costs at most that line (strings are closed at a newline, except template
 * literals and triple-quoted strings).
 */
export function mask(text: string, lang: Lang, opts: { strings?: boolean } = {}): string {
  if (lang === 'py') return maskPython(text, opts.strings === true);
  if (lang === 'js' || lang === 'go' || lang === 'java' || lang === 'kotlin') return maskCLike(text, lang, opts.strings === true);
  if (lang === 'config') return /^\s*</.test(text) ? maskXml(text) : maskHashLines(text);
  return text;
}

function blank(ch: string): string {
  return ch === '\n' ? '\n' : ' ';
}

function maskCLike(text: string, lang: Lang, strings: boolean): string {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && text[i] !== '\n') { out.push(' '); i++; }
      continue;
    }
    if (c === '/' && next === '*') {
      out.push('  '); i += 2;
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) { out.push(blank(text[i] as string)); i++; }
      if (i < n) { out.push('  '); i += 2; }
      continue;
    }
    // Go and JS both use backticks for multi-line strings.
    const multiline = c === '`' && (lang === 'js' || lang === 'go');
    if (c === '"' || c === "'" || multiline) {
      const quote = c;
      out.push(c); i++;
      while (i < n && text[i] !== quote) {
        const ch = text[i] as string;
        if (ch === '\n' && !multiline) break;
        if (ch === '\\' && i + 1 < n && !(lang === 'go' && multiline)) {
          out.push(strings ? ' ' : ch, strings ? blank(text[i + 1] as string) : (text[i + 1] as string));
          i += 2;
          continue;
        }
        out.push(strings ? blank(ch) : ch); i++;
      }
      if (i < n && text[i] === quote) { out.push(quote); i++; }
      continue;
    }
    out.push(c); i++;
  }
  return out.join('');
}

function maskPython(text: string, strings: boolean): string {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '#') {
      while (i < n && text[i] !== '\n') { out.push(' '); i++; }
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      out.push(quote); i += quote.length;
      while (i < n && !text.startsWith(quote, i)) {
        const ch = text[i] as string;
        if (ch === '\n' && !triple) break;
        if (ch === '\\' && i + 1 < n) {
          out.push(strings ? ' ' : ch, strings ? blank(text[i + 1] as string) : (text[i + 1] as string));
          i += 2;
          continue;
        }
        out.push(strings ? blank(ch) : ch); i++;
      }
      if (text.startsWith(quote, i)) { out.push(quote); i += quote.length; }
      continue;
    }
    out.push(c); i++;
  }
  return out.join('');
}

function maskXml(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '));
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
