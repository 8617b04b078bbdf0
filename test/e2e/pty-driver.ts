import { spawn, type IPty } from 'node-pty';
import xterm from '@xterm/headless';
import { vi } from 'vitest';

/**
 * Drives the real CLI in a pseudo-terminal and reads the screen through a
 * headless xterm, so tests see what a person would see (cursor movement, line
 * erasing and all), not the raw byte stream.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
/** tsx by absolute path: the fixture repository has no node_modules to resolve it from. */
export const TSX = `${ROOT}node_modules/tsx/dist/loader.mjs`;

export interface Driven {
  pty: IPty;
  screen(): string;
  /** The foreground of each cell on the first screen row containing `text`: a palette index, or null for the default colour. */
  colours(text: string): { char: string; fg: number | null }[];
  waitFor(text: string | RegExp, timeout?: number): Promise<void>;
  press(keys: string): Promise<void>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  output(): string;
}

export function runCli(args: string[], cwd: string, env: Record<string, string>, size = { cols: 80, rows: 24 }): Driven {
  const term = new xterm.Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true });
  let raw = '';
  const pty = spawn(process.execPath, ['--import', TSX, `${ROOT}source/cli.ts`, ...args], {
    name: 'xterm-256color',
    cols: size.cols,
    rows: size.rows,
    cwd,
    env: { ...process.env, TSX_TSCONFIG_PATH: `${ROOT}tsconfig.json`, NODE_PATH: `${ROOT}node_modules`, NO_COLOR: '1', FORCE_COLOR: '0', ...env } as Record<string, string>,
  });
  pty.onData((d) => {
    raw += d;
    term.write(d);
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => pty.onExit(resolve));
  const screen = () => {
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < term.rows; i++) lines.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  const colours = (text: string) => {
    const buf = term.buffer.active;
    for (let i = 0; i < term.rows; i++) {
      const row = buf.getLine(buf.viewportY + i);
      if (!row?.translateToString(true).includes(text)) continue;
      const out: { char: string; fg: number | null }[] = [];
      for (let x = 0; x < term.cols; x++) {
        const cell = row.getCell(x);
        if (cell && cell.getWidth() > 0) out.push({ char: cell.getChars() || ' ', fg: cell.isFgDefault() ? null : cell.getFgColor() });
      }
      return out;
    }
    return [];
  };
  return {
    pty,
    screen,
    colours,
    output: () => raw,
    exited,
    async waitFor(text, timeout = 20_000) {
      await vi.waitFor(
        () => {
          const s = screen();
          if (typeof text === 'string' ? !s.includes(text) : !text.test(s)) throw new Error(`waiting for ${String(text)}; screen:\n${s}`);
        },
        { timeout, interval: 50 },
      );
    },
    async press(keys) {
      pty.write(keys);
      // One key, then let the app render before the next (a lone Esc needs the pause).
      await new Promise((r) => setTimeout(r, 120));
    },
  };
}
