import { createHash } from 'node:crypto';

/**
 * The one place a secret is turned into something printable. Everywhere a secret
 * could surface (terminal, JSON, SARIF, dossier, saved assessment) carries only this:
 * a short prefix (enough to recognise the provider), the length, and a fingerprint.
 */
export interface RedactedSecret {
  prefix: string;
  length: number;
  /** First 12 hex digits of sha256(secret): lets two reports be compared without the value. */
  fingerprint: string;
  /** e.g. "AKIA…(20 chars, fp 3f9a1c0b2d4e)" */
  display: string;
}

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
    display: `${prefix}…(${secret.length} chars, fp ${fingerprint})`,
  };
}

/** Replace every occurrence of `secret` in `text` by its redacted display form. */
export function redactIn(text: string, secret: string): string {
  if (secret.length === 0) return text;
  return text.split(secret).join(redactSecret(secret).display);
}
