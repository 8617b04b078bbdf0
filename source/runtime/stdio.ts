import { closeSync } from 'node:fs';

/**
 * The terminal or the reader at the other end can go away at any moment: a pipe
 * closed early (`shipshape scan --json | head`: EPIPE) or a terminal window closed
 * (EIO on every write, and on stdin). Neither is an error worth a stack trace.
 * A command that is only printing stops at once; the wizard holds the exit while
 * it saves and leaves through exitQuietly.
 */

const GONE = new Set(['EPIPE', 'EIO', 'ENXIO', 'ECONNRESET']);

export function isTerminalGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && GONE.has(code);
}

let gone = false;
let holds = 0;
const listeners = new Set<() => void>();

/** Whether a write or read on stdio has failed because the other end went away. */
export function stdioGone(): boolean {
  return gone;
}

/**
 * Treat a vanished terminal on stdin, stdout and stderr as an ending, not a crash.
 * Other stream errors are still thrown.
 */
export function guardStdio(streams: readonly NodeJS.EventEmitter[] = [process.stdin, process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: unknown) => {
      if (!isTerminalGone(error)) throw error;
      const first = !gone;
      gone = true;
      if (first) for (const l of listeners) l();
      if (holds === 0) exitQuietly(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}

/**
 * Keep the process alive through a lost terminal until the work that must finish
 * (saving the wizard's answers) is done; `onGone` runs once when it goes. Returns
 * the release.
 */
export function holdExit(onGone?: () => void): () => void {
  holds++;
  if (onGone) listeners.add(onGone);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    if (onGone) listeners.delete(onGone);
  };
}

/**
 * Exit without a word after the terminal went away. Node restores the terminal's
 * modes on exit and aborts with an assertion when that fails on a hung-up
 * terminal (nodejs/node#42433); a closed file descriptor is skipped, so close
 * stdio first. Only ever called on the way out.
 */
export function exitQuietly(code: number): never {
  for (const fd of [0, 1, 2]) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
  process.exit(code);
}

/** Mark the terminal as gone without an error having been seen (a SIGHUP: the window was closed). */
export function markStdioGone(): void {
  gone = true;
}
