import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

/**
 * Reading one indexed file, defensively: the walk saw a regular file, but the tree
 * can change under us, so the open itself refuses to follow a symlink or block on
 * a FIFO, and the size cap is re-checked on the open descriptor.
 */

export type ReadFn = (fsPath: string | Buffer, maxSize: number) => Buffer;

export class ReadSkip extends Error {
  constructor(readonly reason: 'too-large' | 'special-file') {
    super(reason);
  }
}

const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export const readFileCapped: ReadFn = (fsPath, maxSize) => {
  const fd = openSync(fsPath, FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ReadSkip('special-file');
    if (st.size > maxSize) throw new ReadSkip('too-large');
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, null);
      if (n === 0) break; // the file shrank while we read it
      off += n;
    }
    return off === st.size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
};

/**
 * The size of an indexed file no detector reads (the walk does not stat; a read
 * takes the size on its open descriptor), or why it is not scannable: the same
 * answers a read would give, without opening it.
 */
export function sizeOf(fsPath: string | Buffer, maxSize: number): number | 'too-large' | 'special-file' | 'unreadable' {
  let size: number;
  try {
    const st = lstatSync(fsPath);
    // A read's O_NOFOLLOW open fails on a symlink (unreadable); FIFOs, sockets and devices are special.
    if (st.isSymbolicLink()) return 'unreadable';
    if (!st.isFile()) return 'special-file';
    size = st.size;
  } catch {
    return 'unreadable';
  }
  return size > maxSize ? 'too-large' : size;
}

/** Binary if a NUL byte appears in the first block (the heuristic git and ripgrep use). */
export function looksBinary(buf: Buffer, block = 8192): boolean {
  const end = Math.min(buf.length, block);
  return buf.subarray(0, end).includes(0);
}
