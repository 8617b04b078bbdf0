import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseChecklistText } from '../../source/checklist/parse.js';

const VALID = {
  id: 'fuzz',
  version: '1.0.0',
  title: 'Fuzz',
  sections: [{ id: 'auth', title: 'Auth' }],
  questions: [
    {
      id: 'auth.routes',
      section: 'auth',
      text: 'Is every route authenticated?',
      why: 'Open routes leak data.',
      severity: 'high',
      applies_when: { tier: ['customer-facing'], ai: true },
      signals: [{ id: 'auth.library', pass: 'yes' }],
      evidence: 'The middleware.',
      remediation: 'Add one.',
      mappings: { soc2: ['CC6.1'], 'owasp-llm': ['LLM06'] },
    },
  ],
};

function expectOnlyProblems(text: string): void {
  const result = parseChecklistText(text, 'fuzz.yaml');
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
  }
}

/** Random edits of a JSON-like value: delete keys, swap types, insert junk. */
const junk = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));

function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
  const [choice, ...rest] = choices;
  if (choice === undefined || value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [key] = entries[choice % entries.length]!;
  if (Array.isArray(value)) {
    const copy: unknown[] = [...(value as unknown[])];
    if (rest.length === 0 && choice % 3 === 0) copy.splice(Number(key), 1);
    else copy[Number(key)] = mutate(copy[Number(key)], rest, replacement);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && choice % 3 === 0) delete copy[key];
  else copy[key] = mutate(copy[key], rest, replacement);
  return copy;
}

describe('checklist parsing under random input', () => {
  it('the unmutated fixture is valid (so mutations test something)', () => {
    expect(parseChecklistText(stringify(VALID), 'fuzz.yaml').ok).toBe(true);
  });

  it('random text never crashes the parser', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => expectOnlyProblems(text)), { numRuns: 400 });
  });

  it('mutated checklists give problems, never exceptions', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }), junk, (choices, replacement) => {
        expectOnlyProblems(stringify(mutate(VALID, choices, replacement)));
      }),
      { numRuns: 500 },
    );
  });

  it('truncated and byte-flipped YAML gives problems, never exceptions', () => {
    const text = stringify(VALID);
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.integer({ min: 0, max: 127 }), (cut, at, code) => {
        expectOnlyProblems(text.slice(0, cut));
        expectOnlyProblems(text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1));
      }),
      { numRuns: 500 },
    );
  });

  it('anchors and aliases cannot blow up (billion laughs)', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const result = parseChecklistText(bomb.join('\n'), 'bomb.yaml');
    expect(result.ok).toBe(false);
  });
});
