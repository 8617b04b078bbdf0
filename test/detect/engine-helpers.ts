import type { Detector, FileEntry, Finding, Signal } from '../../source/detect/types.js';
import type { CommandIO } from '../../source/runtime/io.js';

/** Shared helpers for the engine, walk, hostile and SARIF tests: real temp trees, no mocks of the file system. */

/**
 * A detector that selects every file, records what it saw and emits one signal
 * listing the paths it collected from: lets tests see exactly what the engine fed it.
 */
export function probeDetector(id = 'probe', opts: Partial<Detector> = {}): Detector & { seen: string[] } {
  const seen: string[] = [];
  const d: Detector & { seen: string[] } = {
    id,
    seen,
    signals: [{ id: `${id}.files`, title: 'probe', passWhen: 'always' }],
    selects: () => true,
    collect(file: FileEntry, text: string): Finding[] {
      seen.push(file.path);
      return [{ kind: 'seen', path: file.path, line: 1, excerpt: text.slice(0, 40) }];
    },
    evaluate({ findings }): Signal[] {
      return [
        {
          id: `${id}.files`,
          status: 'pass',
          summary: `${findings.length} files`,
          confidence: 'high',
          evidence: findings.map((f) => ({ path: f.path, line: 1, sha256: '', ...(f.excerpt ? { excerpt: f.excerpt } : {}) })),
        },
      ];
    },
    ...opts,
  };
  return d;
}

/** A CommandIO capturing stdout/stderr as raw bytes. */
export function captureIO(cwd: string, opts: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stream = (sink: Buffer[]) =>
    ({
      isTTY: opts.tty ?? false,
      columns: 100,
      write(chunk: string | Uint8Array) {
        sink.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
        return true;
      },
    }) as unknown as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  const io: CommandIO = { stdout: stream(out), stderr: stream(err), cwd, env: opts.env ?? {}, stdinIsTTY: false };
  return { io, stdout: () => Buffer.concat(out), stderr: () => Buffer.concat(err).toString('utf8') };
}
