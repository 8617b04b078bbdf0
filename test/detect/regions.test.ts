import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockMap, enclosingRegion } from '../../source/detect/detectors/usage/regions.js';
import { pathRole } from '../../source/detect/path-role.js';

/** The plain definition: per line, the blocks open at its start; a block closes on the line of its `}`. */
function reference(text: string): { openAt: number[][]; blocks: { open: number; close: number }[] } {
  const lines = text.split('\n');
  const blocks: { open: number; close: number }[] = [];
  const openAt: number[][] = [];
  const stack: number[] = [];
  lines.forEach((line, i) => {
    openAt.push([...stack]);
    for (const ch of line) {
      if (ch === '{') {
        blocks.push({ open: i, close: lines.length - 1 });
        stack.push(blocks.length - 1);
      } else if (ch === '}') {
        const b = stack.pop();
        if (b !== undefined) (blocks[b] as { close: number }).close = i;
      }
    }
  });
  return { openAt, blocks };
}

describe('block map', () => {
  it('says what the plain definition says, for any mix of braces, lines and other text', () => {
    const text = fc.array(fc.constantFrom('{', '}', '\n', 'a', ' ', 'é', '😀'), { maxLength: 300 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(blockMap(t)).toEqual(reference(t));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the function around a line', () => {
    const src = ['function a() {', '  if (x) {', '    call();', '  }', '}', 'const y = 1;'];
    const map = blockMap(src.join('\n'));
    expect(enclosingRegion('js', src, 2, map)).toEqual({ start: 0, end: 4 });
    expect(enclosingRegion('js', src, 5, map)).toEqual({ start: 0, end: 5 });
  });
});

describe('path role', () => {
  it('answers the same however often it is asked', () => {
    for (let i = 0; i < 3; i++) {
      expect(pathRole('src/app.ts')).toBe('app');
      expect(pathRole('packages/x/test/fixtures/a.js')).toBe('test');
      expect(pathRole('docs/example.ts')).toBe('example');
    }
  });
});
