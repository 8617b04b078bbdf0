import { createHash } from 'node:crypto';

/**
 * The one place a secret is turned into something printable. Everywhere a secret
 * could surface (terminal, JSON, SARIF, dossier, saved assessment) carries only this:
 * a short prefix (enough to recognise the provider), the length, and a fingerprint.
 */
export interface RedactedSecret {
  prefix: string;
  length: number;
  /** First 12 hex digits of sha256(secret): matches findings within a scan; shown only for long secrets (see display). */
  fingerprint: string;
  /** e.g. "AKIA…(20 chars, fp 3f9a1c0b2d4e)"; a short secret shows no fingerprint: "hu…(8 chars)". */
  display: string;
}

/**
 * A fingerprint is an unsalted hash: with the prefix and the length beside it, a
 * short secret (a database password) could be recovered by trying every value.
 * It is shown only when at least this many characters stay hidden, which puts an
 * exhaustive search out of reach for anything machine-generated.
 */
export const MIN_HIDDEN_FOR_FINGERPRINT = 16;

export function fingerprintOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}

export function redactSecret(secret: string): RedactedSecret {
  // Never reveal more than a quarter of a short secret, and at most 4 characters.
  const keep = Math.min(4, Math.floor(secret.length / 4));
  const prefix = secret.slice(0, keep);
  const fingerprint = fingerprintOf(secret);
  return {
    prefix,
    length: secret.length,
    fingerprint,
    display: secret.length - prefix.length >= MIN_HIDDEN_FOR_FINGERPRINT ? `${prefix}…(${secret.length} chars, fp ${fingerprint})` : `${prefix}…(${secret.length} chars)`,
  };
}

/** Replace every occurrence of `secret` in `text` by its redacted display form. */
export function redactIn(text: string, secret: string): string {
  if (secret.length === 0) return text;
  return text.split(secret).join(redactSecret(secret).display);
}
