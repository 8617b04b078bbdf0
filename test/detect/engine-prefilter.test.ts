import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralGroups, LiteralPool } from '../../source/detect/prefilter.js';

/** The one-pass automaton must agree with the obvious definition: some literal is a substring. */
function naive(groups: (string[] | undefined)[], text: string): number[] {
  return groups.flatMap((lits, g) => ((lits ?? []).some((l) => text.includes(l)) ? [g] : []));
}
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('LiteralGroups', () => {
  it('finds overlapping and nested literals across groups', () => {
    const groups = [['sk-', 'sk-ant-'], ['ant'], ['pino'], undefined, ['é', '日本'], ['']];
    const pool = new LiteralPool();
    const m = new LiteralGroups(groups, pool);
    const text = 'const k = "sk-ant-xyz"; // café 日本';
    expect(sorted(m.groupsIn(pool.hitsOfBytes(Buffer.from(text))))).toEqual([0, 1, 4, 5]);
    expect(sorted(m.groupsIn(text))).toEqual([0, 1, 4, 5]);
    expect(sorted(m.groupsIn('nothing here'))).toEqual([5]);
  });

  it('agrees with String.includes on random texts and literal sets', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'ab', '-', 'é', '\n', 'A');
    const lit = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.array(lit, { maxLength: 4 }), { nil: undefined }), { minLength: 1, maxLength: 40 }),
        fc.array(alphabet, { maxLength: 60 }).map((xs) => xs.join('')),
        (groups, text) => {
          const m = new LiteralGroups(groups, new LiteralPool());
          expect(sorted(m.groupsIn(text))).toEqual(naive(groups, text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('consumers sharing a pool each read their own groups off one pass, and a literal registered later is found', () => {
    const pool = new LiteralPool();
    const a = new LiteralGroups([['import'], ['openai']], pool);
    const b = new LiteralGroups([['secret', 'openai'], ['zzz']], pool);
    const text = 'import OpenAI from "openai"; const secret = 1;';
    const hits = pool.hitsOfBytes(Buffer.from(text));
    pool.remember(text, hits);
    expect(sorted(a.groupsIn(text))).toEqual([0, 1]);
    expect(sorted(b.groupsIn(text))).toEqual([0]);
    // Registered after the pass: the remembered hits are stale and the text is matched again.
    const c = new LiteralGroups([['OpenAI']], pool);
    expect(sorted(c.groupsIn(text))).toEqual([0]);
    expect(sorted(a.groupsIn(text))).toEqual([0, 1]);
  });

  it('reports each literal once however often it occurs, and a literal that only ends inside another', () => {
    const pool = new LiteralPool();
    const m = new LiteralGroups([['ab'], ['b'], ['xab']], pool);
    const hits = pool.hitsOfBytes(Buffer.from('xabxabxab b'));
    expect(hits.ids.length).toBe(3);
    expect(sorted(m.groupsIn(hits))).toEqual([0, 1, 2]);
  });
});
