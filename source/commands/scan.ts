import path from 'node:path';
import { declaredSignals } from '../detect/engine-signals.js';
import { runScan, ScanInputError, type EngineDeps } from '../detect/engine.js';
import { DETECTORS } from '../detect/detectors/index.js';
import { formatScanTable } from '../detect/format-table.js';
import { toSarif } from '../detect/sarif.js';
import type { ScanProgress } from '../detect/types.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { EXIT_OK, EXIT_USAGE, colorEnabled, type CommandIO } from '../runtime/io.js';

/** Options of `shipshape scan [dir]`, as parsed by the CLI. */
export interface ScanCommandOptions {
  json?: boolean;
  sarif?: boolean;
  listSignals?: boolean;
  /** Also look for secrets in git history. */
  history?: boolean;
  /** Size cap in bytes (default 2 MB). */
  maxFileSize?: number;
  /** Commits examined for history signals. */
  historyDepth?: number;
  /** Worker threads for reading files (0: none); default auto. */
  workers?: number | 'auto';
}

/** Show progress only on a terminal, and only once a scan has taken a while. */
const PROGRESS_AFTER_MS = 700;

function progressLine(io: CommandIO): { onProgress?: (p: ScanProgress) => void; clear(): void } {
  if (io.stderr.isTTY !== true) return { clear: () => undefined };
  let shown = false;
  return {
    onProgress: (p) => {
      if (p.elapsedMs < PROGRESS_AFTER_MS || p.phase === 'done') return;
      shown = true;
      const mb = (p.bytesRead / 1024 / 1024).toFixed(0);
      const what =
        p.phase === 'walk'
          ? `listing files… ${p.filesWalked.toLocaleString('en-US')}`
          : p.phase === 'read'
            ? `reading… ${p.filesRead.toLocaleString('en-US')} files, ${mb} MB`
            : `evaluating… ${p.detectorsDone}/${p.detectorsTotal} detectors`;
      io.stderr.write(`\r\u001b[2K${what}`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}

function listSignals(io: CommandIO, json: boolean): number {
  const metas = declaredSignals(DETECTORS);
  if (json) {
    io.stdout.write(`${JSON.stringify(metas.map((m) => ({ id: m.id, title: m.title, passWhen: m.passWhen, informational: m.informational ?? false, needsHistory: m.needsHistory ?? false })), null, 2)}\n`);
    return EXIT_OK;
  }
  const w = Math.max(2, ...metas.map((m) => m.id.length));
  for (const m of metas) {
    const tags = [m.informational ? 'informational' : '', m.needsHistory ? 'needs git history' : ''].filter(Boolean).join(', ');
    io.stdout.write(`${m.id.padEnd(w)}  ${sanitizeLine(m.title)}${tags ? ` [${tags}]` : ''}\n${' '.repeat(w + 2)}passes when ${sanitizeLine(m.passWhen, 400)}\n`);
  }
  io.stdout.write(`${metas.length} signals\n`);
  return EXIT_OK;
}

/**
 * `shipshape scan [dir]`: detectors only, no questions. Returns the exit code:
 * 0 when the scan ran (findings are facts, not a gate), 2 for bad input.
 */
export async function runScanCommand(
  dir: string | undefined,
  opts: ScanCommandOptions,
  io: CommandIO,
  deps: EngineDeps = {},
): Promise<number> {
  if (opts.json && opts.sarif) {
    io.stderr.write('shipshape scan: choose one of --json and --sarif\n');
    return EXIT_USAGE;
  }
  if (opts.listSignals) return listSignals(io, opts.json === true);
  if (opts.maxFileSize !== undefined && !(Number.isFinite(opts.maxFileSize) && opts.maxFileSize > 0)) {
    io.stderr.write('shipshape scan: --max-file-size must be a positive number of bytes\n');
    return EXIT_USAGE;
  }

  const root = path.resolve(io.cwd, dir ?? '.');
  const progress = progressLine(io);
  let report;
  try {
    report = await runScan(
      root,
      {
        ...(opts.history ? { history: true } : {}),
        ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
        ...(opts.historyDepth !== undefined ? { historyDepth: opts.historyDepth } : {}),
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      },
      { ...(opts.workers !== undefined && { workers: opts.workers }), ...deps },
    );
  } catch (error) {
    progress.clear();
    if (error instanceof ScanInputError) {
      io.stderr.write(`shipshape scan: ${sanitizeLine(error.message, 500)}; ${error.hint}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  progress.clear();

  for (const note of report.notes) io.stderr.write(`shipshape scan: note: ${sanitizeLine(note, 300)}\n`);

  if (opts.json) {
    io.stdout.write(`${JSON.stringify(report.result, null, 2)}\n`);
  } else if (opts.sarif) {
    const log = toSarif(report.result, declaredSignals(report.detectors), report.git);
    io.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
  } else {
    const width = io.stdout.isTTY === true && typeof io.stdout.columns === 'number' ? io.stdout.columns : undefined;
    io.stdout.write(`Scan of ${sanitizePath(report.result.root)}\n\n`);
    io.stdout.write(formatScanTable(report.result, { color: colorEnabled(io, 'stdout'), ...(width ? { width } : {}) }));
    const { workers, filesInWorkers } = report.stats;
    if (workers > 0) io.stdout.write(`Read ${filesInWorkers} of ${report.stats.filesRead} files in ${workers} worker thread${workers === 1 ? '' : 's'}.\n`);
  }
  return EXIT_OK;
}
