import { describe, expect, it } from 'vitest';
import { MIN_HIDDEN_FOR_FINGERPRINT, redactIn, redactSecret } from '../../source/detect/redact.js';

describe('redacting a secret', () => {
  it('keeps at most a quarter of the secret, and never more than 4 characters', () => {
    expect(redactSecret('hunter22').prefix).toBe('hu');
    expect(redactSecret('AKIAIOSFODNN7EXAMPLE').prefix).toBe('AKIA');
    expect(redactSecret('abc').prefix).toBe('');
  });

  it('shows a fingerprint only when enough stays hidden that trying every value is out of reach', () => {
    // A short password: prefix, length and an unsalted hash together would give it away.
    const short = redactSecret('Tr0ub4dor&3');
    expect(short.display).toBe('Tr…(11 chars)');
    expect(short.display).not.toMatch(/fp /);
    const token = ['ghp', 'Xk29sLq8Wm3Zr7Tn2Vb5Mk9Pd4Hs6Yc1Ja0E'].join('_');
    const long = redactSecret(token);
    expect(token.length - long.prefix.length).toBeGreaterThanOrEqual(MIN_HIDDEN_FOR_FINGERPRINT);
    expect(long.display).toMatch(/^ghp_…\(40 chars, fp [0-9a-f]{12}\)$/);
    // Right at the limit: 20 characters keep 4, hide 16.
    expect(redactSecret('a'.repeat(20)).display).toMatch(/fp /);
    expect(redactSecret('a'.repeat(19)).display).not.toMatch(/fp /);
  });

  it('still fingerprints short secrets internally, so findings within a scan can be matched', () => {
    expect(redactSecret('Tr0ub4dor&3').fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(redactSecret('Tr0ub4dor&3').fingerprint).toBe(redactSecret('Tr0ub4dor&3').fingerprint);
  });

  it('replaces every occurrence in a text', () => {
    expect(redactIn('pw=Tr0ub4dor&3 again Tr0ub4dor&3', 'Tr0ub4dor&3')).toBe('pw=Tr…(11 chars) again Tr…(11 chars)');
  });
});
