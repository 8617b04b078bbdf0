import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../source/ui/text.js';

describe('wrapText', () => {
  it('wraps at word boundaries within the width, collapsing runs of spaces', () => {
    expect(wrapText('Does every   route require an authenticated identity?', 20)).toEqual(['Does every route', 'require an', 'authenticated', 'identity?']);
  });

  it('hard-breaks a word longer than a line (a path, a hash)', () => {
    const lines = wrapText(`see ${'a'.repeat(25)} here`, 10);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(10);
    expect(lines.join('')).toContain('a'.repeat(10));
  });

  it('counts terminal columns: wide characters take two', () => {
    const lines = wrapText('認証 されていない エンドポイント は 公開 された 扉 です', 12);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(12);
    expect(lines.length).toBeGreaterThan(2);
  });

  it('keeps paragraphs apart and ends a cut text in an ellipsis within the width', () => {
    expect(wrapText('one\ntwo', 20)).toEqual(['one', 'two']);
    const cut = wrapText('alpha beta gamma delta epsilon zeta eta theta', 12, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]?.endsWith('…')).toBe(true);
    for (const l of cut) expect(stringWidth(l)).toBeLessThanOrEqual(12);
    expect(wrapText('short', 20, 1)).toEqual(['short']);
  });
});
