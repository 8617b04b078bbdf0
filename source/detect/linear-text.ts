/**
 * Text helpers that replace regexes which backtrack: each runs in one pass over
 * its input, whatever the input holds (a 200 KB run of spaces included).
 */

/**
 * A line without its trailing `#` comment: everything from the whitespace before
 * the first `#` that follows whitespace. Same result as `line.replace(/\s+#.*$/, '')`,
 * which is quadratic on a long run of spaces without a `#`.
 */
export function stripHashComment(line: string): string {
  let from = 0;
  for (;;) {
    const hash = line.indexOf('#', from);
    if (hash <= 0) return line;
    if (isSpace(line.charCodeAt(hash - 1))) {
      let start = hash - 1;
      while (start > 0 && isSpace(line.charCodeAt(start - 1))) start--;
      return line.slice(0, start);
    }
    from = hash + 1;
  }
}

/** JavaScript's `\s` for the characters that matter in source text. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Index of the first `=` that is not followed by one of `notFollowedBy` (e.g. "=>" for `==` and `=>`), or -1. */
export function assignmentEquals(line: string, notFollowedBy: string): number {
  for (let i = line.indexOf('='); i >= 0; i = line.indexOf('=', i + 1)) {
    if (!notFollowedBy.includes(line[i + 1] ?? '\0')) return i;
  }
  return -1;
}
