import { readTextFileSafeAsync } from '../util/safe-read.js';
import { repoOfShipshapeFile } from '../assessment/files.js';
import path from 'node:path';
import { defaultParseCache } from '../checklist/parse-cache.js';
import { AssessmentFileError } from '../assessment/errors.js';
import { loadAssessment, MAX_ASSESSMENT_BYTES } from '../assessment/store.js';
import { diffReports, renderDiffMarkdown } from '../report/diff.js';
import { repositoryOf, ReportInputError, resolveChecklist } from '../report/inputs.js';
import { buildReport, REPORT_FORMAT, REPORT_FORMAT_VERSION, type Report } from '../report/json.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { EXIT_OK, EXIT_USAGE, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputOptions } from './outputs.js';

export interface DiffCommandOptions extends OutputOptions {
  checklist?: string;
}

export interface DiffDeps {
  now?: () => Date;
}

/** A saved report JSON is compared as is; an assessment is scored against its checklist first (without a scan). */
async function loadSide(file: string, opts: DiffCommandOptions, io: CommandIO, now: Date): Promise<Report> {
  const abs = path.resolve(io.cwd, file);
  let raw: unknown = null;
  const inRepo = repoOfShipshapeFile(abs);
  try {
    raw = JSON.parse(await readTextFileSafeAsync(abs, { maxBytes: MAX_ASSESSMENT_BYTES, ...(inRepo !== null && { within: [inRepo] }) }));
  } catch {
    // not JSON, or unreadable: loadAssessment below gives the precise message
  }
  if (raw && typeof raw === 'object' && (raw as { format?: unknown }).format === REPORT_FORMAT) {
    const version = (raw as { format_version?: unknown }).format_version;
    if (version !== REPORT_FORMAT_VERSION) throw new ReportInputError(`${sanitizePath(file)} is a report of format version ${String(version)}; this shipshape reads version ${REPORT_FORMAT_VERSION}`, 'compare the assessment files instead');
    return raw as Report;
  }
  const { assessment } = await loadAssessment(abs);
  const repoRoot = repositoryOf(abs, assessment, io.cwd);
  const { checklist, warning } = resolveChecklist(assessment, repoRoot, { override: opts.checklist ? path.resolve(io.cwd, opts.checklist) : undefined, cache: defaultParseCache(io.env, io.cwd) });
  if (warning) io.stderr.write(`shipshape diff: note (${sanitizePath(file)}): ${sanitizeLine(warning, 500)}\n`);
  return buildReport({ assessment, checklist, scan: null, repoRoot, now });
}

/** `shipshape diff <old> <new>`: what improved, regressed, changed, appeared or went between two assessments. */
export async function runDiffCommand(oldFile: string, newFile: string, opts: DiffCommandOptions, io: CommandIO, deps: DiffDeps = {}): Promise<number> {
  const targets = resolveOutputs(opts, ['md', 'json'], 'md', io.cwd);
  const now = deps.now?.() ?? new Date();
  try {
    const before = await loadSide(oldFile, opts, io, now);
    const after = await loadSide(newFile, opts, io, now);
    const d = diffReports(before, after);
    await writeOutputs(targets, (format) => (format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : renderDiffMarkdown(d)), io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof AssessmentFileError) {
      io.stderr.write(`shipshape diff: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ReportInputError) {
      io.stderr.write(`shipshape diff: ${sanitizeLine(error.message, 500)}\n  ${sanitizeLine(error.hint, 300)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
