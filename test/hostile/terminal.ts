import path from 'node:path';
import { spawn as spawnPty } from 'node-pty';
import xterm from '@xterm/headless';
import { packageRoot } from '../../source/util/package-root.js';

/**
 * The built CLI in a pseudo-terminal, read through a headless xterm: wait for
 * text on the screen, press keys, collect the screen at the end.
 */

const CLI = path.join(packageRoot(), 'dist', 'cli.js');

export interface Step {
  /** Wait until the screen matches. */
  until?: RegExp;
  /** Then press these keys (one write). */
  press?: string;
}

export async function inTerminal(cwd: string, args: string[], env: NodeJS.ProcessEnv, steps: Step[], timeoutMs = 45_000): Promise<{ screen: string; exitCode: number | null }> {
  const term = new xterm.Terminal({ cols: 100, rows: 30, allowProposedApi: true });
  const pty = spawnPty(process.execPath, [CLI, ...args], {
    name: 'xterm-256color',
    cols: 100,
    rows: 30,
    cwd,
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', ...env } as Record<string, string>,
  });
  pty.onData((d) => term.write(d));
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    pty.onExit((e) => {
      exitCode = e.exitCode;
      resolve();
    }),
  );
  const screen = () => {
    const lines: string[] = [];
    for (let i = 0; i < term.rows; i++) lines.push(term.buffer.active.getLine(term.buffer.active.viewportY + i)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  const deadline = Date.now() + timeoutMs;
  try {
    for (const step of steps) {
      while (step.until && !step.until.test(screen())) {
        if (Date.now() > deadline || exitCode !== null) throw new Error(`${args.join(' ')}: waited for ${String(step.until)}; screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (step.press !== undefined) {
        pty.write(step.press);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    return { screen: screen(), exitCode };
  } finally {
    try {
      pty.kill('SIGKILL');
    } catch {
      // gone already
    }
  }
}
