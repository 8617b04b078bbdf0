import { gateRunsOf } from '../assessment/gate-history.js';
import { readTextFileSafeAsync, SafeReadError } from '../util/safe-read.js';
import path from 'node:path';
import { defaultParseCache } from '../checklist/parse-cache.js';
import { AssessmentFileError } from '../assessment/errors.js';
import { loadAssessment } from '../assessment/store.js';
import { runScan } from '../detect/engine.js';
import type { ScanResult } from '../detect/types.js';
import { renderDossierMarkdown, renderReportJson, renderReportSarif, TemplateError, type DossierInput } from '../report/index.js';
import { mostRecentAssessment, repositoryOf, ReportInputError, resolveChecklist } from '../report/inputs.js';
import { dossierFileName, reportFileName } from '../report/write.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputOptions } from './outputs.js';

export interface ReportCommandOptions extends OutputOptions {
  template?: string;
  checklist?: string;
  /** commander's --no-scan sets this to false. */
  scan?: boolean;
}

export interface ReportDeps {
  /** Fresh scan for metadata; null when it cannot run. Injected by tests. */
  scan?: (root: string) => Promise<ScanResult | null>;
  now?: () => Date;
}

const FORMATS = ['md', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

function isFormat(f: string): f is Format {
  return (FORMATS as readonly string[]).includes(f);
}

async function defaultScan(root: string): Promise<ScanResult | null> {
  try {
    return (await runScan(root)).result;
  } catch {
    // The dossier can be written without fresh metadata; the assessment has the rest.
    return null;
  }
}

function defaultOutput(assessmentFile: string, name: string, format: Format): string {
  const dir = path.dirname(assessmentFile);
  return path.join(dir, format === 'md' ? dossierFileName(name) : format === 'json' ? reportFileName(name) : `${name}.sarif`);
}

function fail(io: CommandIO, message: string, hint?: string): number {
  io.stderr.write(`shipshape report: ${sanitizeLine(message, 1000)}${hint ? `\n  ${sanitizeLine(hint, 500)}` : ''}\n`);
  return EXIT_USAGE;
}

/** `shipshape report`: render the dossier (or JSON / SARIF) of a saved assessment. */
export async function runReportCommand(file: string | undefined, opts: ReportCommandOptions, io: CommandIO, deps: ReportDeps = {}): Promise<number> {
  let targets;
  try {
    // The dossier is the default only when no format is named at all: `--format json=r.json` writes just that.
    const named = typeof opts.format === 'string' ? [opts.format] : (opts.format ?? []);
    targets = resolveOutputs({ ...opts, quiet: named.length > 0 && named.every((f) => f.includes('=')) }, FORMATS, 'md', io.cwd);
  } catch (error) {
    if (error instanceof UsageError) return fail(io, error.message);
    throw error;
  }
  if (opts.template && !targets.some((t) => t.format === 'md')) return fail(io, '--template applies to the markdown dossier only', 'drop --template or use --format md');
  try {
    const assessmentFile = file ? path.resolve(io.cwd, file) : await mostRecentAssessment(io.cwd);
    const { assessment } = await loadAssessment(assessmentFile);
    const repoRoot = repositoryOf(assessmentFile, assessment, io.cwd);
    const { checklist, warning } = resolveChecklist(assessment, repoRoot, { override: opts.checklist ? path.resolve(io.cwd, opts.checklist) : undefined, cache: defaultParseCache(io.env, io.cwd) });
    if (warning && !opts.quiet) io.stderr.write(`shipshape report: note: ${sanitizeLine(warning, 500)}\n`);
    let templateText: string | undefined;
    if (opts.template) {
      try {
        templateText = await readTextFileSafeAsync(path.resolve(io.cwd, opts.template), { maxBytes: 1024 * 1024 });
      } catch (error) {
        if (!(error instanceof SafeReadError)) throw error;
        return fail(io, `cannot read the template ${sanitizePath(opts.template)}: it ${sanitizeLine(error.why, 300)}`);
      }
    }
    const scan = opts.scan === false ? null : await (deps.scan ?? defaultScan)(repoRoot);
    if (opts.scan !== false && scan === null && !opts.quiet) io.stderr.write('shipshape report: note: could not re-scan the repository; metadata comes from the assessment\n');
    const input: DossierInput = { assessment, checklist, scan, repoRoot, now: deps.now?.() ?? new Date(), gateRuns: gateRunsOf(repoRoot, assessment.name) };
    // Without -o the main format goes next to the assessment (the dossier is a file people keep), `-o -` to stdout.
    const placed = targets.map((t) => (t.main && t.file === null && opts.output === undefined ? { ...t, file: defaultOutput(assessmentFile, assessment.name, t.format as Format) } : t));
    await writeOutputs(
      placed,
      (format) => {
        if (!isFormat(format)) throw new Error(`report cannot write ${format}`);
        return format === 'md'
          ? renderDossierMarkdown(input, templateText !== undefined ? { templateText, templateName: sanitizePath(opts.template ?? 'template') } : {})
          : format === 'json'
            ? renderReportJson(input)
            : renderReportSarif(input);
      },
      io,
    );
    if (!opts.quiet) for (const t of placed) if (t.file) io.stdout.write(`${sanitizePath(path.relative(io.cwd, t.file) || t.file)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) return fail(io, error.message);
    if (error instanceof TemplateError) return fail(io, `the template is broken: ${error.message}`, 'fix the template (Handlebars syntax) or drop --template to use the shipped one');
    if (error instanceof ReportInputError) return fail(io, error.message, error.hint);
    if (error instanceof AssessmentFileError) {
      // Its message is several lines, each already sanitised by the store.
      io.stderr.write(`shipshape report: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') return fail(io, `cannot write the output (${code})`, 'check the -o path and its directory');
    throw error;
  }
}
