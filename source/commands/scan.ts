import path from 'node:path';
import type { ScanJson, SignalsJson } from '../contract/outputs.js';
import { declaredSignals } from '../detect/engine-signals.js';
import { runScan, ScanInputError, type EngineDeps } from '../detect/engine.js';
import { scanCacheDir, withCache } from './scan-cache-dir.js';
import { DETECTORS } from '../detect/detectors/index.js';
import { formatScanTable } from '../detect/format-table.js';
import type { ScanProgress, ScanResult } from '../detect/types.js';
import { applyBaseline, baselineSummary, findingJson } from '../report/baseline.js';
import { renderAnnotations, renderCodeQuality } from '../report/ci-formats.js';
import { counts, type Finding } from '../report/findings.js';
import { scanFindings, type FindingsBundle } from '../report/findings-scan.js';
import { renderSarif } from '../report/sarif.js';
import { renderScanMarkdown } from '../report/scan-markdown.js';
import { repoLayout } from '../util/repo-layout.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { readBaselineFile, writeBaselineFile } from './baseline-file.js';
import { loadChecklistRef } from './context.js';
import { EXIT_OK, UsageError, colorEnabled, isDumbTerminal, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputFormat, type OutputOptions } from './outputs.js';

/** Options of `shipshape scan [dir]`, as parsed by the CLI. */
export interface ScanCommandOptions extends OutputOptions {
  /** `--no-cache`: read every file again instead of reusing what an earlier scan found in unchanged files. */
  cache?: boolean;
  listSignals?: boolean;
  /** Also look for secrets in git history. */
  history?: boolean;
  /** Size cap in bytes (default 2 MB). */
  maxFileSize?: number;
  /** Commits examined for history signals. */
  historyDepth?: number;
  /** Worker threads for reading files (0: none); default auto. */
  workers?: number | 'auto';
  /** Checklist whose questions give signals their severity (default: the shipped one). */
  checklist?: string;
  /** An earlier JSON or SARIF output: its findings are "unchanged", the rest "new". */
  baseline?: string;
  writeBaseline?: string;
  /** Exit with this code when a counted finding (a new one, with a baseline) is reported. */
  exitCode?: number;
}

const SCAN_FORMATS: readonly OutputFormat[] = ['table', 'json', 'sarif', 'md', 'github', 'codequality'];

/** Show progress only on a terminal, and only once a scan has taken a while. */
const PROGRESS_AFTER_MS = 700;

function progressLine(io: CommandIO, quiet: boolean): { onProgress?: (p: ScanProgress) => void; clear(): void } {
  // A line redrawn in place needs a terminal that can erase one.
  if (io.stderr.isTTY !== true || quiet || isDumbTerminal(io)) return { clear: () => undefined };
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

async function listSignals(opts: ScanCommandOptions, io: CommandIO): Promise<number> {
  const metas = declaredSignals(DETECTORS);
  const targets = resolveOutputs(opts, ['table', 'json'], 'table', io.cwd);
  await writeOutputs(
    targets,
    (format) => {
      if (format === 'json') {
        const out: SignalsJson = {
          format: 'shipshape-signals',
          format_version: 1,
          signals: metas.map((m) => ({ id: m.id, title: m.title, pass_when: m.passWhen, informational: m.informational ?? false, needs_history: m.needsHistory ?? false })),
        };
        return `${JSON.stringify(out, null, 2)}\n`;
      }
      const w = Math.max(2, ...metas.map((m) => m.id.length));
      const lines = metas.map((m) => {
        const tags = [m.informational ? 'informational' : '', m.needsHistory ? 'needs git history' : ''].filter(Boolean).join(', ');
        return `${m.id.padEnd(w)}  ${sanitizeLine(m.title)}${tags ? ` [${tags}]` : ''}\n${' '.repeat(w + 2)}passes when ${sanitizeLine(m.passWhen, 400)}\n`;
      });
      return `${lines.join('')}${metas.length} signals\n`;
    },
    io,
  );
  return EXIT_OK;
}

export function scanJson(result: ScanResult, prefix: string, findings: readonly Finding[], baseline: ScanJson['baseline']): ScanJson {
  return { format: 'shipshape-scan', format_version: 1, ...result, prefix, findings: findings.map(findingJson), baseline };
}

/**
 * `shipshape scan [dir]`: detectors only, no questions. Returns the exit code:
 * 0 when the scan ran (findings are facts, not a gate) unless --exit-code asks
 * otherwise for counted findings, 2 for bad input.
 */
export async function runScanCommand(
  dir: string | undefined,
  opts: ScanCommandOptions,
  io: CommandIO,
  deps: EngineDeps = {},
): Promise<number> {
  if (opts.listSignals) return listSignals(opts, io);
  const targets = resolveOutputs(opts, SCAN_FORMATS, 'table', io.cwd);
  if (opts.maxFileSize !== undefined && !(Number.isFinite(opts.maxFileSize) && opts.maxFileSize > 0)) {
    throw new UsageError('--max-file-size must be a positive number of bytes');
  }
  // Read before the scan: a wrong path should not cost a scan.
  const baseline = opts.baseline ? await readBaselineFile(opts.baseline, io) : null;

  const root = path.resolve(io.cwd, dir ?? '.');
  const progress = progressLine(io, opts.quiet === true);
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
      { ...(opts.workers !== undefined && { workers: opts.workers }), ...withCache(scanCacheDir(io.env, io.cwd, opts.cache !== false)), ...deps },
    );
  } catch (error) {
    progress.clear();
    if (error instanceof ScanInputError) throw new UsageError(`${sanitizeLine(error.message, 500)}; ${error.hint}`);
    throw error;
  }
  progress.clear();

  if (!opts.quiet) for (const note of report.notes) io.stderr.write(`shipshape scan: note: ${sanitizeLine(note, 300)}\n`);

  const layout = repoLayout(report.result.root);
  // Severities come from the checklist questions that read each signal.
  const { checklist } = loadChecklistRef(opts.checklist, report.result.root, io.cwd, io.env);
  const bundle: FindingsBundle = scanFindings({ result: report.result, metas: report.declared, checklist, prefix: layout.prefix, isDirectory: layout.isDirectory });
  const findings = baseline ? applyBaseline(bundle.findings, baseline.known) : bundle.findings;
  const summary = baseline ? baselineSummary(baseline.shown, findings) : null;
  if (opts.writeBaseline) await writeBaselineFile(opts.writeBaseline, findings, io, new Date());

  await writeOutputs(
    targets,
    (format) => {
      switch (format) {
        case 'json':
          return `${JSON.stringify(scanJson(report.result, layout.prefix, findings, summary), null, 2)}\n`;
        case 'sarif':
          return renderSarif({
            rules: bundle.rules,
            findings,
            notifications: bundle.notifications,
            toolVersion: report.result.version,
            category: `shipshape/scan${layout.prefix ? `/${layout.prefix}` : ''}`,
            repositoryRoot: layout.root,
            provenance: { remote: report.git.remote, commit: report.result.commit, branch: report.result.branch },
          });
        case 'md':
          return renderScanMarkdown(report.result, findings);
        case 'github':
          return renderAnnotations(findings);
        case 'codequality':
          return renderCodeQuality(findings, bundle.rules);
        default: {
          const toTerminal = io.stdout.isTTY === true && targets.some((t) => t.format === 'table' && t.file === null);
          const width = toTerminal && typeof io.stdout.columns === 'number' ? io.stdout.columns : undefined;
          let text = `Scan of ${sanitizePath(report.result.root)}\n\n`;
          text += formatScanTable(report.result, { color: toTerminal && colorEnabled(io, 'stdout'), ...(width ? { width } : {}) });
          const { workers, filesInWorkers } = report.stats;
          if (workers > 0) text += `Read ${filesInWorkers} of ${report.stats.filesRead} files in ${workers} worker thread${workers === 1 ? '' : 's'}.\n`;
          if (report.stats.resultFromCache) text += 'Nothing changed since the last scan: its result was reused (--no-cache scans afresh).\n';
          if (summary) text += `Baseline ${summary.file}: ${summary.new} new, ${summary.unchanged} unchanged finding${summary.unchanged === 1 ? '' : 's'}.\n`;
          return text;
        }
      }
    },
    io,
  );
  const counted = findings.filter((f) => counts(f) && f.baseline !== 'unchanged').length;
  return opts.exitCode !== undefined && counted > 0 ? opts.exitCode : EXIT_OK;
}
