import stringWidth from 'string-width';

/**
 * One line of editable text with a caret, as the form fields keep it. The caret
 * steps over user-perceived characters (grapheme clusters: an accented letter
 * typed as two code points, a family emoji), and what fits on screen is measured
 * in terminal columns (a CJK character takes two). Pure: every operation returns
 * a new value.
 */

export interface LineText {
  value: string;
  /** Characters (grapheme clusters) before the caret; undefined means at the end. */
  caret?: number;
}

export type EditOp = 'left' | 'right' | 'home' | 'end' | 'backspace' | 'kill-start' | 'kill-word';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function caretOf(t: LineText, length: number): number {
  return t.caret === undefined ? length : Math.max(0, Math.min(length, t.caret));
}

export function insertText(t: LineText, text: string): LineText {
  const chars = graphemes(t.value);
  const at = caretOf(t, chars.length);
  const before = chars.slice(0, at).join('') + text;
  // Counted again: a combining mark typed after a letter joins it rather than adding a character.
  return { value: before + chars.slice(at).join(''), caret: graphemes(before).length };
}

export function editLine(t: LineText, op: EditOp): LineText {
  const chars = graphemes(t.value);
  const at = caretOf(t, chars.length);
  switch (op) {
    case 'left':
      return { value: t.value, caret: Math.max(0, at - 1) };
    case 'right':
      return { value: t.value, caret: Math.min(chars.length, at + 1) };
    case 'home':
      return { value: t.value, caret: 0 };
    case 'end':
      return { value: t.value, caret: chars.length };
    case 'backspace':
      if (at === 0) return { value: t.value, caret: 0 };
      return { value: [...chars.slice(0, at - 1), ...chars.slice(at)].join(''), caret: at - 1 };
    case 'kill-start':
      return { value: chars.slice(at).join(''), caret: 0 };
    case 'kill-word': {
      // Like a shell's Ctrl-W: the spaces before the caret, then the word before them.
      let from = at;
      while (from > 0 && /^\s+$/.test(chars[from - 1]!)) from--;
      while (from > 0 && !/^\s+$/.test(chars[from - 1]!)) from--;
      return { value: [...chars.slice(0, from), ...chars.slice(at)].join(''), caret: from };
    }
  }
}

/**
 * What of a long value fits in `room` columns around the caret: the text before
 * the caret, the character under it (a space at the end), the text after, with
 * an ellipsis where something is cut.
 */
export function visibleAround(t: LineText, room: number): { before: string; under: string; after: string } {
  // Every character plus one cell after the last, where the caret sits at the end.
  const cells = [...graphemes(t.value), ' '];
  const widths = cells.map((c) => Math.max(1, stringWidth(c)));
  const at = caretOf(t, cells.length - 1);
  const width = Math.max(4, room);
  const span = (from: number, to: number) => widths.slice(from, to).reduce((a, b) => a + b, 0);
  if (span(0, cells.length) <= width) {
    return { before: cells.slice(0, at).join(''), under: cells[at]!, after: cells.slice(at + 1, -1).join('') };
  }
  // Scroll right only as far as needed to keep the caret in view, with a column left for
  // the ellipsis when text continues past it.
  const reserve = at < cells.length - 1 ? 1 : 0;
  let start = 0;
  while (start < at && (start > 0 ? 1 : 0) + span(start, at + 1) > width - reserve) start++;
  const left = start > 0 ? 1 : 0;
  let end = at + 1;
  // Grow to the right while the next cell (and an ellipsis, if more would still be hidden) fits.
  while (end < cells.length - 1 && left + span(start, end + 1) + (end + 1 < cells.length - 1 ? 1 : 0) <= width) end++;
  const cutRight = end < cells.length - 1;
  return {
    before: (left ? '…' : '') + cells.slice(start, at).join(''),
    under: cells[at]!,
    after: cells.slice(at + 1, end).join('') + (cutRight ? '…' : ''),
  };
}

/** One change to a field: text typed or pasted at the caret, or an editing key. */
export type LineEdit = { insert: string } | { op: EditOp };

/** The one text-field reducer: every field (forms, the search box, the home settings) changes through it. */
export function applyEdit(t: LineText, edit: LineEdit): LineText {
  if ('op' in edit) return editLine(t, edit.op);
  // Pasted text may hold newlines or escapes; a field is one line of plain text.
  const text = edit.insert.replace(/[\u0000-\u001f\u007f]/g, '');
  return text === '' ? t : insertText(t, text);
}
