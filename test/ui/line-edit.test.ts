import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { editLine, graphemes, insertText, visibleAround, type EditOp, type LineText } from '../../source/ui/state/line-edit.js';

const at = (value: string, caret?: number): LineText => (caret === undefined ? { value } : { value, caret });

describe('line editing', () => {
  it('inserts at the caret, counting characters as a person sees them (an emoji, an accented letter are one step)', () => {
    expect(insertText(at('ac', 1), 'b')).toEqual({ value: 'abc', caret: 2 });
    expect(insertText(at('a🙂c', 2), 'b')).toEqual({ value: 'a🙂bc', caret: 3 });
    expect(insertText(at('ab'), 'c')).toEqual({ value: 'abc', caret: 3 });
    // A combining accent typed after "e" joins it: still one character, the caret after it.
    expect(insertText(at('e'), '\u0301')).toEqual({ value: 'e\u0301', caret: 1 });
    // Backspace removes the whole character, accent and family emoji included.
    expect(editLine(at('ae\u0301'), 'backspace')).toEqual({ value: 'a', caret: 1 });
    expect(editLine(at('x👨‍👩‍👧'), 'backspace')).toEqual({ value: 'x', caret: 1 });
  });

  it('moves, deletes before the caret, and kills to the start or the previous word', () => {
    expect(editLine(at('abc', 0), 'left')).toEqual({ value: 'abc', caret: 0 });
    expect(editLine(at('abc'), 'right')).toEqual({ value: 'abc', caret: 3 });
    expect(editLine(at('abc', 2), 'backspace')).toEqual({ value: 'ac', caret: 1 });
    expect(editLine(at('abc', 0), 'backspace')).toEqual({ value: 'abc', caret: 0 });
    expect(editLine(at('rotate all keys', 11), 'kill-word')).toEqual({ value: 'rotate keys', caret: 7 });
    expect(editLine(at('rotate   ', 9), 'kill-word')).toEqual({ value: '', caret: 0 });
    expect(editLine(at('rotate keys', 7), 'kill-start')).toEqual({ value: 'keys', caret: 0 });
  });

  it('never leaves the caret outside the text, whatever the sequence', () => {
    const op = fc.constantFrom<EditOp>('left', 'right', 'home', 'end', 'backspace', 'kill-start', 'kill-word');
    const step = fc.oneof(op.map((o) => ({ op: o })), fc.string({ maxLength: 4, unit: 'grapheme' }).map((text) => ({ text })));
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.array(step, { maxLength: 30 }), (start, steps) => {
        let t: LineText = at(start);
        for (const s of steps) {
          t = 'op' in s ? editLine(t, s.op) : insertText(t, s.text);
          const n = [...t.value].length;
          expect(t.caret ?? n).toBeGreaterThanOrEqual(0);
          expect(t.caret ?? n).toBeLessThanOrEqual(n);
        }
      }),
    );
  });

  it('shows a window around the caret that fits the room in terminal columns (wide characters count two), with the caret always inside', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 120, unit: fc.constantFrom('a', 'b', ' ', '界', '字', '🙂', 'e\u0301') }));
    fc.assert(
      fc.property(text, fc.nat(), fc.integer({ min: 4, max: 80 }), (value, c, room) => {
        const n = graphemes(value).length;
        const caret = n === 0 ? 0 : c % (n + 1);
        const { before, under, after } = visibleAround({ value, caret }, room);
        expect(stringWidth(before) + Math.max(1, stringWidth(under)) + stringWidth(after)).toBeLessThanOrEqual(room);
        expect(under).toBe(graphemes(value)[caret] ?? ' ');
      }),
    );
    expect(visibleAround({ value: '界界界界界界', caret: 6 }, 6)).toEqual({ before: '…界界', under: ' ', after: '' });
    expect(visibleAround({ value: 'abcdefghij', caret: 10 }, 6)).toEqual({ before: '…ghij', under: ' ', after: '' });
    expect(visibleAround({ value: 'abcdefghij', caret: 0 }, 6)).toEqual({ before: '', under: 'a', after: 'bcde…' });
  });
});
