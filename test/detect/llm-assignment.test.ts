import { describe, expect, it } from 'vitest';
import { assignment } from '../../source/detect/detectors/llm/lines.js';

/**
 * What the line path reads as an assignment, per language. The patterns match the
 * text before the first `=` only: the whole-line patterns they replace took over
 * 120 s on a 2 KB Python line of `a`, 1,000 spaces, `:` and 1,000 spaces (issue 15).
 */
describe('assignment on a line', () => {
  it.each([
    ['py', 'reply = resp.choices[0].message.content', ['reply'], 'resp.choices[0].message.content'],
    ['py', 'text: str = await llm.ainvoke(prompt)', ['text'], 'await llm.ainvoke(prompt)'],
    ['py', 'a, (b, c) = pair()', ['a', 'b', 'c'], 'pair()'],
    ['js', 'const { data: answer } = await res.json()', ['data', 'answer'], 'await res.json()'],
    ['js', 'export const out: Reply = parse(x)', ['out'], 'parse(x)'],
    ['js', 'state.reply = completion', ['state', 'reply'], 'completion'],
    ['go', 'resp, err := client.CreateChatCompletion(ctx, req)', ['resp'], 'client.CreateChatCompletion(ctx, req)'],
    ['java', 'String reply = chatModel.call(prompt);', ['reply'], 'chatModel.call(prompt);'],
    ['kotlin', 'val reply: String = model.generate(p)', ['reply'], 'model.generate(p)'],
  ] as const)('%s: %s', (lang, line, names, rhs) => {
    expect(assignment(line, lang)).toEqual({ names, rhs });
  });

  it.each([
    ['py', 'if a == b:'],
    ['py', 'x += 1'],
    ['js', 'items.map(x => x.id)'],
    ['js', 'if (a === b) {'],
    ['go', 'if a != b {'],
  ] as const)('%s: %s is no assignment', (lang, line) => {
    expect(assignment(line, lang)).toBeNull();
  });

  it('a hostile line of spaces and colons is read in one pass', () => {
    const line = `a${' '.repeat(1000)}:${' '.repeat(1000)}`;
    for (const lang of ['py', 'js', 'go', 'java', 'kotlin'] as const) {
      expect(assignment(line, lang)).toBeNull();
      expect(assignment(`${line}= x`, lang)?.rhs ?? 'x').toBe('x');
    }
  });
});
