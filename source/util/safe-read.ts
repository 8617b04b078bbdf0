import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The one way shipshape reads a file that is not a scanned source file: its own
 * inputs (checklists and their `extends`, policy.yaml, .shipshapeignore,
 * .gitignore outside git, assessments, dossiers, templates, lock and history
 * files). Any of them can arrive inside a repository as a symlink to /dev/zero,
 * a FIFO, or a link to a private file, so every read:
 *
 * - resolves symlinks and refuses a real path outside the allowed folders
 *   (`within`: the repository, or for `extends` the checklist folders);
 * - reads regular files only, opened non-blocking and without following a link
 *   swapped in meanwhile, so a FIFO or a device can never hang or flood it;
 * - stops at a size cap, checked on the open descriptor and while reading (a
 *   /proc file reports size 0);
 * - requires valid UTF-8 and names the offset of the first bad byte.
 *
 * Errors say what is wrong with the file, never what is in it.
 */

export type SafeReadProblem = 'missing' | 'directory' | 'not-a-file' | 'outside' | 'too-large' | 'not-utf8' | 'unreadable';

export class SafeReadError extends Error {
  override name = 'SafeReadError';
  constructor(
    readonly problem: SafeReadProblem,
    /** The words to put after the file's name (or "it"): "is a FIFO, not a regular file". */
    readonly why: string,
    /** For not-utf8: byte offset, line and column (1-based) of the first bad byte. */
    readonly position?: { offset: number; line: number; column: number },
    /** The system error code, when there was one. */
    readonly code?: string,
  ) {
    super(why);
  }
}

export interface SafeReadOptions {
  /** Folders the file's real path must be inside (none given: anywhere, e.g. a path the user named). */
  within?: readonly string[];
  /** Largest file accepted, in bytes (default 4 MiB). */
  maxBytes?: number;
  /** What the folders are, for the refusal: "the repository" (default). */
  withinWhat?: string;
}

export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function kindOf(st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function sizeWords(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}

function systemError(error: unknown): SafeReadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new SafeReadError('missing', 'does not exist', undefined, code);
  if (code === 'EACCES' || code === 'EPERM') return new SafeReadError('unreadable', 'is not readable (permission denied)', undefined, code);
  if (code === 'ELOOP') return new SafeReadError('unreadable', 'is a symlink loop', undefined, code);
  if (code === 'EISDIR') return new SafeReadError('directory', 'is a directory, not a file', undefined, code);
  return new SafeReadError('unreadable', `cannot be read (${code ?? 'error'})`, undefined, code);
}

/** Where the first byte that is not valid UTF-8 is (isUtf8 says whether; this says where). */
export function firstBadUtf8(buf: Uint8Array): { offset: number; line: number; column: number } | null {
  if (isUtf8(buf)) return null;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i] as number;
    // Sequence length and smallest code point it may encode (anything shorter is overlong).
    const [len, min] = b < 0x80 ? [1, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80] : b >= 0xe0 && b <= 0xef ? [3, 0x800] : b >= 0xf0 && b <= 0xf4 ? [4, 0x10000] : [0, 0];
    let ok = len > 0 && i + len <= n;
    let cp = len === 1 ? b : b & (0xff >> (len + 1));
    for (let k = 1; ok && k < len; k++) {
      const c = buf[i + k] as number;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) return { offset: i, line, column: i - lineStart + 1 };
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += len;
  }
  return null;
}

/** Read a regular file as UTF-8 text under the rules above. Throws SafeReadError only. */
export function readTextFileSafe(file: string, opts: SafeReadOptions = {}): string {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let real: string;
  try {
    const l = lstatSync(file);
    real = l.isSymbolicLink() ? realpathSync(file) : path.join(realpathSync(path.dirname(file)), path.basename(file));
  } catch (error) {
    throw systemError(error);
  }
  if (opts.within && opts.within.length > 0 && !opts.within.some((root) => isInside(real, realOr(root)))) {
    throw new SafeReadError('outside', `leads outside ${opts.withinWhat ?? 'the repository'} (to ${real}); not read`);
  }
  try {
    const st = statSync(real);
    if (st.isDirectory()) throw new SafeReadError('directory', 'is a directory, not a file');
    if (!st.isFile()) throw new SafeReadError('not-a-file', `is ${kindOf(st)}, not a regular file; not read`);
  } catch (error) {
    if (error instanceof SafeReadError) throw error;
    throw systemError(error);
  }
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (error) {
    throw systemError(error);
  }
  let buf: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new SafeReadError('not-a-file', `is ${kindOf(st)}, not a regular file; not read`);
    if (st.size > maxBytes) throw new SafeReadError('too-large', `is larger than ${sizeWords(maxBytes)} (${sizeWords(st.size)}); not read`);
    // Read to the cap plus one byte whatever the size says: a file can grow, and /proc files say 0.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 64 * 1024), maxBytes + 1 - total));
      if (chunk.length === 0) break;
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new SafeReadError('too-large', `is larger than ${sizeWords(maxBytes)}; not read`);
    }
    buf = Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof SafeReadError) throw error;
    throw systemError(error);
  } finally {
    closeSync(fd);
  }
  const bad = firstBadUtf8(buf);
  if (bad) {
    throw new SafeReadError('not-utf8', `is not valid UTF-8: byte 0x${(buf[bad.offset] as number).toString(16).padStart(2, '0')} at offset ${bad.offset} (line ${bad.line}, column ${bad.column})`, bad);
  }
  return buf.toString('utf8');
}

/** Same rules, for async callers (the files are small and capped; the read itself is synchronous). */
export async function readTextFileSafeAsync(file: string, opts: SafeReadOptions = {}): Promise<string> {
  return readTextFileSafe(file, opts);
}

/**
 * Is `file` absent, or a regular file (not a link, FIFO or device)? For writers
 * that append: appending to a FIFO blocks, and through a symlink writes elsewhere.
 */
export function appendTextSafe(file: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0), 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // O_NONBLOCK on a FIFO without a reader fails with ENXIO instead of waiting.
    if (code === 'ENXIO') throw new SafeReadError('not-a-file', 'is a FIFO, not a regular file; not written', undefined, code);
    if (code === 'ELOOP') throw new SafeReadError('not-a-file', 'is a symlink; not written', undefined, code);
    throw systemError(error);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new SafeReadError('not-a-file', `is ${kindOf(st)}, not a regular file; not written`);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
