/** Word-wrap to `width` columns, hard-breaking words longer than a line, at most `maxLines` (the last one ends in … when cut). */
export function wrapText(text: string, width: number, maxLines = Infinity): string[] {
  const w = Math.max(4, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while ([...rest].length > w) {
        if (line) {
          lines.push(line);
          line = '';
        }
        lines.push([...rest].slice(0, w).join(''));
        rest = [...rest].slice(w).join('');
      }
      if (!line) line = rest;
      else if ([...line].length + 1 + [...rest].length <= w) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept[kept.length - 1] ?? '';
  kept[kept.length - 1] = `${[...last].slice(0, w - 1).join('')}…`;
  return kept;
}

/** First row of a window of `height` rows over `total` that keeps `cursor` visible, roughly centred. */
export function windowStart(cursor: number, total: number, height: number): number {
  if (total <= height) return 0;
  const start = cursor - Math.floor(height / 2);
  return Math.max(0, Math.min(start, total - height));
}

export function percentWord(n: number | null): string {
  return n === null ? '—' : `${Math.round(n)}%`;
}
