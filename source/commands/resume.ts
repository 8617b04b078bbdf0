/**
 * `shipshape resume [file]`: continue a saved assessment. Re-scans, flags answers
 * whose evidence changed, and opens at the first question that still needs a person.
 *
 * Wire as (source/cli.ts):
 *   program.command('resume').description('continue a saved assessment (re-scans and flags what changed)')
 *     .argument('[file]', 'assessment file (default: the most recent .shipshape/*.json here)')
 *     .option('--checklist <file>', 'checklist to use if the pinned one cannot be found')
 *     .action((file: string | undefined, opts: ResumeOptions) => run(() => runResume(file, opts, io))());
 */
import path from 'node:path';
import { scanCacheDir, withCache } from './scan-cache-dir.js';
import { defaultParseCache } from '../checklist/parse-cache.js';
import { AssessmentFileError } from '../assessment/errors.js';
import { openAssessment } from '../assessment/store.js';
import { mostRecentAssessment, ReportInputError, repositoryOf, resolveChecklist } from '../report/inputs.js';
import { defaultAssessor, openPreferencesAsking } from '../session/assessor.js';
import type { WizardRuntime } from '../session/run-wizard.js';
import { loadWizard } from '../session/load-ui.js';
import { needsTerminal } from '../session/terminal.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { EXIT_USAGE, type CommandIO } from '../runtime/io.js';
import { wizardPolicy } from './policy-file.js';

export interface ResumeOptions {
  /** `--no-cache`: read every file again instead of reusing what an earlier scan found in unchanged files. */
  cache?: boolean;
  checklist?: string;
  /** From the home screen: open the preview or export once the scan is in. */
  landing?: 'question' | 'preview' | 'export';
}

export async function runResume(file: string | undefined, opts: ResumeOptions, io: CommandIO, runtime: WizardRuntime = {}): Promise<number> {
  if (!runtime.stdin) {
    const refused = needsTerminal(io, 'resume');
    if (refused !== null) return refused;
  }
  const wizard = loadWizard();
  let target: string;
  try {
    target = file ? path.resolve(io.cwd, file) : await mostRecentAssessment(io.cwd);
  } catch (error) {
    if (!(error instanceof ReportInputError)) throw error;
    io.stderr.write(`shipshape resume: ${error.message}\n  ${error.hint}\n`);
    return EXIT_USAGE;
  }
  let session;
  try {
    session = await openAssessment(target);
  } catch (error) {
    if (!(error instanceof AssessmentFileError)) throw error;
    io.stderr.write(`shipshape resume: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const notes: string[] = [];
  if (session.tookOverLock) notes.push(`took over the lock left by process ${session.tookOverLock.pid} (it is no longer running)`);
  if (session.fileVersion !== null && session.fileVersion < 2) notes.push(`the file is in format version ${session.fileVersion}; it will be migrated on the first save (a backup is kept)`);
  let resolved;
  const repoRoot = repositoryOf(target, session.assessment, io.cwd);
  try {
    resolved = resolveChecklist(session.assessment, repoRoot, { override: opts.checklist ? path.resolve(io.cwd, opts.checklist) : undefined, cache: defaultParseCache(io.env, io.cwd) });
  } catch (error) {
    await session.close();
    if (!(error instanceof ReportInputError)) throw error;
    io.stderr.write(`shipshape resume: ${sanitizeLine(error.message, 500)}\n  ${error.hint}\n`);
    return EXIT_USAGE;
  }
  if (resolved.warning) notes.push(sanitizeLine(resolved.warning, 500));
  const { prefs, ready: gitNameAsked } = openPreferencesAsking(io);
  notes.push(...prefs.warnings);
  const { policy, warning: policyWarning } = wizardPolicy(repoRoot);
  if (policyWarning) notes.push(policyWarning);
  io.stderr.write(`Resuming ${sanitizePath(path.relative(io.cwd, target) || target)}\n`);
  const [{ runWizard }] = await Promise.all([wizard, gitNameAsked]);
  return runWizard({
    io,
    session,
    checklist: resolved.checklist,
    repoRoot,
    flow: 'resume',
    ...withCache(scanCacheDir(io.env, io.cwd, opts.cache !== false)),
    ...(opts.landing && { landing: opts.landing }),
    assessor: defaultAssessor(prefs),
    maxWaiverDays: policy.max_waiver_days,
    prefs,
    notes,
    runtime,
  });
}
