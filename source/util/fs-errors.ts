/**
 * What a failed file operation means to a person, from its error code: the words
 * for a message, and whether the place cannot be written at all (a read-only
 * folder or file system), which no retry fixes.
 */

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "permission denied", "read-only file system", … or the bare code when there are no better words. */
export function fsErrorWords(error: unknown): string {
  const code = errorCode(error);
  return code === undefined ? 'error' : (WORDS[code] ?? code);
}

/** The folder or file system refuses writes: say what to change instead of "try again". */
export function isNotWritable(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

/** A Node file-system error (it names a syscall and a path), as opposed to a bug. */
export function isFsError(error: unknown): error is NodeJS.ErrnoException & { path: string; syscall: string } {
  const e = error as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}
