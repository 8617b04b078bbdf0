import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDossier, type IntegrityEvidence } from './integrity.js';

/**
 * Recheck a dossier: is its text as written, and does every evidence file still
 * hash to what it did when the answer was given? The repository is read only
 * through paths that stay inside it: a recorded path that is absolute or climbs
 * out (`..`) is reported invalid and never opened, and a path whose real location
 * (after symlinks) is outside the repository is reported invalid too.
 */

export type EvidenceCheck = 'unchanged' | 'changed' | 'missing' | 'invalid';

export interface EvidenceResult {
  path: string;
  expected: string;
  actual: string | null;
  status: EvidenceCheck;
  questions: string[];
  /** Why it is missing or invalid, in words. */
  detail?: string;
}

export type VerifyOutcome =
  | { kind: 'not-a-dossier'; reason: string }
  | {
      kind: 'checked';
      /** The text above the digest line hashes to the recorded digest, and nothing follows it. */
      textIntact: boolean;
      textDetail: string | null;
      evidence: EvidenceResult[];
      assessment: { id: string; name: string; sha256: string };
      ok: boolean;
    };

/** Why a recorded path must not be opened, or null when it is a plain relative path. */
export function unsafePathReason(p: string): string | null {
  if (p === '') return 'empty path';
  if (p.includes('\0')) return 'path contains a NUL byte';
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p)) return 'absolute path';
  if (p.split(/[\\/]/).some((seg) => seg === '..')) return 'path climbs out of the repository (..)';
  return null;
}

function within(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** Not following a link swapped in since the check, and never blocking on a FIFO. */
const HASH_OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

async function hashFile(file: string): Promise<string> {
  const handle = await open(file, HASH_OPEN_FLAGS);
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    const h = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false })) h.update(chunk as Buffer);
    return h.digest('hex');
  } finally {
    await handle.close();
  }
}

async function checkOne(realRoot: string, e: IntegrityEvidence): Promise<EvidenceResult> {
  const base = { path: e.path, expected: e.sha256, questions: e.questions };
  const unsafe = unsafePathReason(e.path);
  if (unsafe) return { ...base, actual: null, status: 'invalid', detail: unsafe };
  const joined = path.join(realRoot, ...e.path.split('/'));
  let real: string;
  try {
    await lstat(joined);
    real = await realpath(joined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...base, actual: null, status: 'missing', detail: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot read (${code ?? 'error'})` };
  }
  if (!within(realRoot, real)) return { ...base, actual: null, status: 'invalid', detail: 'a symlink leads outside the repository; not read' };
  try {
    const st = await stat(real);
    if (!st.isFile()) return { ...base, actual: null, status: 'missing', detail: 'no longer a regular file' };
    const actual = await hashFile(real);
    return { ...base, actual, status: actual === e.sha256 ? 'unchanged' : 'changed' };
  } catch (error) {
    return { ...base, actual: null, status: 'missing', detail: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

export async function verifyDossierText(text: string, repoRoot: string): Promise<VerifyOutcome> {
  const parsed = parseDossier(text);
  if (!parsed.ok) return { kind: 'not-a-dossier', reason: parsed.reason };
  let realRoot: string;
  try {
    realRoot = await realpath(repoRoot);
  } catch {
    realRoot = path.resolve(repoRoot);
  }
  const evidence: EvidenceResult[] = [];
  // Sequential keeps memory flat for dossiers citing thousands of files; hashing dominates anyway.
  for (const e of parsed.data.evidence) evidence.push(await checkOne(realRoot, e));
  let textDetail: string | null = null;
  if (parsed.claimedDigest !== parsed.actualDigest) textDetail = 'the text above the digest line was edited after the dossier was written';
  else if (parsed.textAfterDigest) textDetail = 'text was added after the digest line';
  const textIntact = textDetail === null;
  return {
    kind: 'checked',
    textIntact,
    textDetail,
    evidence,
    assessment: parsed.data.assessment,
    ok: textIntact && evidence.every((r) => r.status === 'unchanged'),
  };
}
