/**
 * One line of editable text with a caret, as the form fields keep it. Positions
 * count code points, so an emoji or an accented letter is one step of the caret.
 * Pure: every operation returns a new value.
 */

export interface LineText {
  value: string;
  /** Code points before the caret; undefined means at the end. */
  caret?: number;
}

export type EditOp = 'left' | 'right' | 'home' | 'end' | 'backspace' | 'kill-start' | 'kill-word';

function caretOf(t: LineText, length: number): number {
  return t.caret === undefined ? length : Math.max(0, Math.min(length, t.caret));
}

export function insertText(t: LineText, text: string): LineText {
  const chars = [...t.value];
  const at = caretOf(t, chars.length);
  const added = [...text];
  return { value: [...chars.slice(0, at), ...added, ...chars.slice(at)].join(''), caret: at + added.length };
}

export function editLine(t: LineText, op: EditOp): LineText {
  const chars = [...t.value];
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
      while (from > 0 && /\s/.test(chars[from - 1]!)) from--;
      while (from > 0 && !/\s/.test(chars[from - 1]!)) from--;
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
  const cells = [...t.value, ' '];
  const at = caretOf(t, cells.length - 1);
  const width = Math.max(3, room);
  let start = 0;
  let end = cells.length;
  if (cells.length > width) {
    // Scroll so the caret stays one cell in from the right edge.
    start = Math.max(0, Math.min(at - (width - 2), cells.length - width));
    end = start + width;
  }
  const shown = cells.slice(start, end);
  if (start > 0) shown[0] = '…';
  if (end < cells.length) shown[shown.length - 1] = '…';
  const i = at - start;
  return { before: shown.slice(0, i).join(''), under: shown[i] ?? ' ', after: shown.slice(i + 1).join('').replace(/ $/, '') };
}
