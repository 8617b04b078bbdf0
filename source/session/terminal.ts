import { EXIT_USAGE, type CommandIO } from '../runtime/io.js';

/**
 * Ink needs a terminal for input (raw mode). Without one, say so before render()
 * and name the commands that work without it, instead of Ink's "Raw mode is not
 * supported" stack trace.
 */
export function needsTerminal(io: CommandIO, command: string): number | null {
  if (io.stdinIsTTY && io.stdout.isTTY === true) return null;
  io.stderr.write(
    `shipshape ${command}: the wizard needs an interactive terminal (stdin and stdout must be a TTY).\n` +
      'Without one, use the non-interactive commands:\n' +
      '  shipshape scan [dir] --json     detectors only\n' +
      '  shipshape check [file]          CI gate over a saved assessment\n' +
      '  shipshape report [file]         write the dossier of a saved assessment\n',
  );
  return EXIT_USAGE;
}
