import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlaceholderKeyBody, isPlaceholderValue, tokensOf } from '../../source/detect/detectors/secrets/false-positives.js';
import { findSecrets } from '../../source/detect/detectors/secrets/scan.js';

/**
 * Placeholder words (`todo`, `fake`, `asdf`, `test`, `mock`, `example`, …) count only
 * as whole tokens or known placeholder shapes, never as letters inside a random
 * string (issue 15, item 9). A real-format key whose random part happens to contain
 * such letters must still be found: random keys, with a word glued into the random
 * part at a random place and in a random case, are all reported.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORDS = ['todo', 'fake', 'asdf', 'test', 'mock', 'example', 'sample', 'dummy', 'demo', 'lorem', 'qwerty', 'your', 'changeme', 'redacted', 'placeholder', 'invalid'];

/** Uniform random characters from a seed (real keys are uniform; fast-check's own strings lean on repeats). */
function uniform(seed: number, n: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; out.length < n; i++) {
    for (const b of createHash('sha256').update(`${seed}:${i}`).digest()) {
      // Rejection sampling keeps every character equally likely.
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
      if (out.length === n) break;
    }
  }
  return out;
}

const cased = (w: string, c: number) => (c === 0 ? w : c === 1 ? w.toUpperCase() : w[0]?.toUpperCase() + w.slice(1));

/** `body` with `word` written over it at `at`, glued to random characters on both sides. */
function glue(body: string, word: string, at: number): string {
  const start = 1 + (at % Math.max(1, body.length - word.length - 5));
  return body.slice(0, start) + word + body.slice(start + word.length);
}

interface Format {
  rule: string;
  bodyLength: number;
  line: (body: string) => string;
}

// Prefixes are split so this file holds no key-shaped literal.
const FORMATS: Format[] = [
  { rule: 'github-token', bodyLength: 36, line: (b) => `token = "gh${'p'}_${b}"` },
  { rule: 'openai-key', bodyLength: 64, line: (b) => `OPENAI_API_KEY=sk-${'proj'}-${b}` },
  { rule: 'anthropic-key', bodyLength: 93, line: (b) => `client = Anthropic(api_key="sk-${'ant'}-api03-${b}")` },
  { rule: 'groq-key', bodyLength: 52, line: (b) => `GROQ_API_KEY=gs${'k'}_${b}` },
  { rule: 'huggingface-token', bodyLength: 34, line: (b) => `login(token="h${'f'}_${b}")` },
  { rule: 'stripe-live-key', bodyLength: 32, line: (b) => `new Stripe("sk_${'live'}_${b}")` },
  { rule: 'slack-token', bodyLength: 24, line: (b) => `SLACK_BOT_TOKEN=xox${'b'}-1029384756-5647382910-${b}` },
  { rule: 'gitlab-token', bodyLength: 20, line: (b) => `GITLAB_TOKEN = "gl${'pat'}-${b}"` },
  { rule: 'replicate-token', bodyLength: 37, line: (b) => `REPLICATE_API_TOKEN=r${'8'}_${b}` },
  { rule: 'perplexity-key', bodyLength: 48, line: (b) => `PPLX_KEY="ppl${'x'}-${b}"` },
  { rule: 'generic-secret', bodyLength: 32, line: (b) => `API_SECRET = "${b}"` },
  { rule: 'generic-secret', bodyLength: 40, line: (b) => `const SUPABASE_KEY = process.env.SUPABASE_KEY || '${b}';` },
];

const injected = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  word: fc.constantFrom(...WORDS),
  casing: fc.integer({ min: 0, max: 2 }),
  at: fc.nat(),
});

describe('placeholder words are whole tokens, never letters inside a random string', () => {
  for (const format of FORMATS) {
    it(`finds ${format.rule} keys whose random part contains a placeholder word (${format.line('…').slice(0, 24)}…)`, () => {
      fc.assert(
        fc.property(injected, ({ seed, word, casing, at }) => {
          const body = glue(uniform(seed, format.bodyLength), cased(word, casing), at);
          const rules = findSecrets(format.line(body), { base: 'app.py', ext: '.py' }).map((f) => f.rule);
          expect(rules).toContain(format.rule);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('judges random values with a word inside as values, not placeholders', () => {
    fc.assert(
      // At least 16 random characters beside the word: a value that is mostly the word is a word.
      fc.property(injected, fc.integer({ min: 16, max: 56 }), ({ seed, word, casing, at }, n) => {
        const v = glue(uniform(seed, n + word.length), cased(word, casing), at);
        expect(isPlaceholderValue(v)).toBe(false);
        expect(isPlaceholderKeyBody(v)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('still knows a placeholder when the word is a whole token or a known shape', () => {
    for (const v of ['test-token-1234', 'my_fake_key', 'TODO', 'asdf', 'mock.secret.value', 'yourApiKey', 'testKey123', 'example', 'sk-your-key-here', 'xxxxxxxxxxxx', '<key>', 'REPLACE_ME']) {
      expect(isPlaceholderValue(v), v).toBe(true);
    }
    for (const body of ['your-key-here', 'xxxxxxxxxxxxxxxxxxxx', '...', 'EXAMPLE-KEY-VALUE', 'aaaaaaaaaaaaaaaaaaaa', 'abcdef1234567890']) {
      expect(isPlaceholderKeyBody(body), body).toBe(true);
    }
  });

  it('splits camel-case only where the whole token is shaped like words', () => {
    expect(tokensOf('testToken123')).toEqual(expect.arrayContaining(['test', 'token', '123']));
    expect(tokensOf('k8FtestQ2xZ')).toEqual(['k8ftestq2xz']);
  });
});
