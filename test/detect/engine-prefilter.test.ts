import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralMatcher } from '../../source/detect/prefilter.js';

/** The one-pass automaton must agree with the obvious definition: some literal is a substring. */
function naive(groups: (string[] | undefined)[], text: string, wanted: number[]): number[] {
  return wanted.filter((g) => (groups[g] ?? []).some((l) => text.includes(l))).sort((a, b) => a - b);
}

describe('LiteralMatcher', () => {
  it('finds overlapping and nested literals across groups', () => {
    const groups = [['sk-', 'sk-ant-'], ['ant'], ['pino'], undefined, ['é', '日本'], ['']];
    const m = new LiteralMatcher(groups);
    const text = 'const k = "sk-ant-xyz"; // café 日本';
    expect([...m.matchGroups(Buffer.from(text), [0, 1, 2, 4, 5])].sort()).toEqual([0, 1, 4, 5]);
    expect([...m.matchGroups(Buffer.from('nothing here'), [0, 1, 2, 4])]).toEqual([]);
  });

  it('agrees with String.includes on random texts and literal sets (more than 32 groups)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'ab', '-', 'é', '\n', 'A');
    const lit = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.array(lit, { maxLength: 4 }), { nil: undefined }), { minLength: 1, maxLength: 40 }),
        fc.array(alphabet, { maxLength: 60 }).map((xs) => xs.join('')),
        (groups, text) => {
          const m = new LiteralMatcher(groups);
          const wanted = groups.map((_, i) => i);
          expect([...m.matchGroups(Buffer.from(text), wanted)].sort((a, b) => a - b)).toEqual(naive(groups, text, wanted));
        },
      ),
      { numRuns: 300 },
    );
  });
});
