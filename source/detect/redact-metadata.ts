import path from 'node:path';
import { findSecrets } from './detectors/secrets/scan.js';
import { redactSecret } from './redact.js';

/**
 * Git metadata is repository text too: a token pasted into a commit subject, a
 * branch named after a key, a remote URL with one in its path. Everything git
 * tells shipshape about commits, branches, authors and remotes passes through
 * here before it is kept, and so does every evidence excerpt (a workflow's `env:`,
 * a Dockerfile's `ENV`, a CI script's line), so no output or saved file can hold
 * one in full. The
 * secrets detector decides what a secret is (its text scanner); this only
 * replaces each one it finds by its redacted form.
 */
export function redactSecretsIn(text: string, file = ''): string {
  if (text.length === 0) return text;
  const base = path.posix.basename(file).toLowerCase();
  const found = findSecrets(text, { base, ext: path.posix.extname(base) });
  if (found.length === 0) return text;
  let out = text;
  // Right to left, so earlier offsets stay valid.
  for (const s of [...found].sort((a, b) => b.start - a.start)) {
    out = `${out.slice(0, s.start)}${redactSecret(s.secret).display}${out.slice(s.end)}`;
  }
  return out;
}
