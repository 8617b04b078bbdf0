import xterm from '@xterm/headless';
import { spawn, type IPty } from 'node-pty';

/**
 * A program in a real pseudo-terminal, read the way a person reads it: the bytes
 * go through a headless xterm, and the screen is what that terminal shows. Ink
 * wraps each frame in synchronized-output marks (DEC 2026, when CI is not set),
 * so complete frames can be told from half-drawn ones: `onFrame` sees only
 * complete ones. No vitest here, so scripts and benchmarks can drive it too.
 */

const END_OF_FRAME = '\u001b[?2026l';

export interface PtyOptions {
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
  /** TERM (default xterm-256color). */
  name?: string;
  /** Run as another user (root ignores file permissions). */
  uid?: number;
  gid?: number;
}

export interface PtyScreen {
  pty: IPty;
  /** The rows on screen now, as far as the bytes received have been parsed. */
  lines(): string[];
  screen(): string;
  /** Called with each complete frame (the rows once its last byte is parsed); returns the unsubscribe. */
  onFrame(listener: (lines: readonly string[]) => void): () => void;
  /** Resolves once the screen shows `what`; rejects with the screen after `timeoutMs`, or when the program exits first. */
  waitFor(what: string | RegExp | ((lines: readonly string[]) => boolean), timeoutMs: number): Promise<void>;
  write(keys: string): void;
  exited: Promise<{ exitCode: number; signal?: number }>;
  /** Every byte the program wrote. */
  output(): string;
}

export function ptyScreen(file: string, args: readonly string[], opts: PtyOptions): PtyScreen {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const pty = spawn(file, [...args], {
    name: opts.name ?? 'xterm-256color',
    cols,
    rows,
    cwd: opts.cwd,
    env: opts.env,
    ...(opts.uid !== undefined && { uid: opts.uid }),
    ...(opts.gid !== undefined && { gid: opts.gid }),
  });
  let raw = '';
  let parsed = Promise.resolve();
  let ended = false;
  const frameListeners = new Set<(lines: readonly string[]) => void>();
  const checks = new Set<() => void>();

  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < term.rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return out;
  };
  const afterParse = (frameEnd: boolean) => {
    if (frameEnd && frameListeners.size > 0) {
      const now = lines();
      for (const l of frameListeners) l(now);
    }
    for (const c of [...checks]) c();
  };
  pty.onData((data) => {
    raw += data;
    // Split after each end-of-frame mark so a frame is seen whole, never half-drawn.
    const pieces = data.split(END_OF_FRAME);
    pieces.forEach((piece, i) => {
      const chunk = i < pieces.length - 1 ? piece + END_OF_FRAME : piece;
      if (chunk === '') return;
      const frameEnd = i < pieces.length - 1;
      parsed = parsed.then(() => new Promise<void>((resolve) => term.write(chunk, () => (afterParse(frameEnd), resolve()))));
    });
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) =>
    pty.onExit((e) => {
      // What was written before the exit is parsed before anyone hears of it.
      void parsed.then(() => {
        ended = true;
        for (const c of [...checks]) c();
        resolve(e);
      });
    }),
  );

  const matches = (what: string | RegExp | ((l: readonly string[]) => boolean)) => {
    const now = lines();
    if (typeof what === 'function') return what(now);
    const text = now.join('\n');
    return typeof what === 'string' ? text.includes(what) : what.test(text);
  };

  return {
    pty,
    lines,
    screen: () => lines().join('\n'),
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    waitFor(what, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          checks.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (matches(what)) done();
          else if (ended) done(new Error(`the program exited before the screen showed ${String(what)}; screen:\n${lines().join('\n')}`));
        };
        const timer = setTimeout(() => done(new Error(`waited ${timeoutMs} ms for ${String(what)}; screen:\n${lines().join('\n')}`)), timeoutMs);
        checks.add(check);
        check();
      });
    },
    write: (keys) => pty.write(keys),
    exited,
    output: () => raw,
  };
}

/** The environment a wizard under test gets: no colour, no CI (Ink marks frames only outside CI), the given overrides. */
export function terminalEnv(overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'FORCE_COLOR') continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', ...overrides };
}
