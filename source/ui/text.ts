import stringWidth from 'string-width';

/**
 * Word-wrap to `width` terminal columns (a CJK character takes two), hard-breaking
 * words longer than a line, at most `maxLines` (the last one ends in … when cut).
 * Hand-written rather than wrap-ansi: it runs for every frame of the question
 * screen, and wrap-ansi cost a third of the key → frame budget there.
 */
export function wrapText(text: string, width: number, maxLines = Infinity): string[] {
  const w = Math.max(4, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (columns(rest) > w) {
        if (line) {
          lines.push(line);
          line = '';
        }
        const head = fitColumns(rest, w);
        lines.push(head);
        rest = rest.slice(head.length);
      }
      if (!line) line = rest;
      else if (columns(line) + 1 + columns(rest) <= w) line += ` ${rest}`;
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
  kept[kept.length - 1] = `${fitColumns(kept[kept.length - 1] ?? '', w - 1)}…`;
  return kept;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Terminal columns of plain text; printable ASCII (nearly all of it) without string-width's work. */
function columns(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest start of `text` that fits in `width` terminal columns, whole characters only (at least one). */
function fitColumns(text: string, width: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.slice(0, Math.max(1, width));
  let out = '';
  let used = 0;
  for (const { segment } of graphemeSegmenter.segment(text)) {
    const cw = stringWidth(segment);
    if (used + cw > width && out !== '') break;
    out += segment;
    used += cw;
  }
  return out;
}

/** First row of a window of `height` rows over `total` that keeps `cursor` visible, roughly centred. */
export function windowStart(cursor: number, total: number, height: number): number {
  if (total <= height) return 0;
  const start = cursor - Math.floor(height / 2);
  return Math.max(0, Math.min(start, total - height));
}
