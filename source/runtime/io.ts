/**
 * What a command may touch of the outside world, injected so commands run the
 * same from the CLI, from tests and from CI without a terminal.
 */
export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
}

export function processIO(): CommandIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    stdinIsTTY: process.stdin.isTTY === true,
  };
}

/** Exit codes (DESIGN.md): 0 ok, 1 gate or verification failed, 2 usage or input error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** An error the user can fix; printed as one line without a stack trace. */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_USAGE) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

/**
 * Colour on a stream: NO_COLOR (or --no-color) turns it off, FORCE_COLOR decides
 * when set, a terminal that calls itself dumb gets none, and otherwise only a
 * terminal gets it. Ink's own colour level (chalk) follows the same rules for
 * TERM=dumb, so the wizard, the home screen and the command output agree.
 */
export function colorEnabled(io: CommandIO, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0';
  if (isDumbTerminal(io)) return false;
  return io[stream].isTTY === true;
}

/** TERM=dumb: no colour, and no cursor movement or line erasing either. */
export function isDumbTerminal(io: CommandIO): boolean {
  return io.env.TERM === 'dumb';
}
