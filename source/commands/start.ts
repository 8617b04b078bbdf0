/**
 * `shipshape start [dir]`: a new assessment: scope, scan, then the wizard.
 *
 * Wire as (source/cli.ts):
 *   program.command('start').description('new assessment of a repository: scope, scan, then the wizard')
 *     .argument('[dir]', 'repository to review', '.')
 *     .option('--checklist <id|file>', 'checklist id or YAML file (default: preferences, else ai-production-readiness)')
 *     .option('--name <name>', 'assessment name; the file is .shipshape/<name>.json')
 *     .action((dir: string, opts: StartOptions) => run(() => runStart(dir, opts, io))());
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createAssessment } from '../assessment/create.js';
import { utcDay } from '../assessment/dates.js';
import { AssessmentFileError } from '../assessment/errors.js';
import { AssessmentNameSchema } from '../assessment/model.js';
import { defaultAssessmentPath, openAssessment } from '../assessment/store.js';
import { readBranchAndRemote } from '../detect/git.js';
import { defaultAssessor, openPreferencesAsking } from '../session/assessor.js';
import type { WizardRuntime } from '../session/run-wizard.js';
import { loadWizard } from '../session/load-ui.js';
import { needsTerminal } from '../session/terminal.js';
import { sanitizeLine } from '../util/sanitize.js';
import { loadChecklistRef, resolveRepoRoot } from './context.js';
import { EXIT_USAGE, UsageError, type CommandIO } from '../runtime/io.js';
import { wizardPolicy } from './policy-file.js';

export interface StartOptions {
  checklist?: string;
  name?: string;
}

/** "<repo>-<date>", made file-name-safe, with -2, -3… when taken. */
export function defaultName(repoRoot: string, now: Date): string {
  const base = path.basename(repoRoot).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 60) || 'assessment';
  const stem = `${base}-${utcDay(now)}`;
  for (let i = 1; ; i++) {
    const name = i === 1 ? stem : `${stem}-${i}`;
    if (!existsSync(defaultAssessmentPath(repoRoot, name))) return name;
  }
}

function repositoryFacts(root: string): Promise<{ remote: string | null; branch: string | null }> {
  return readBranchAndRemote(root);
}

export async function runStart(dir: string | undefined, opts: StartOptions, io: CommandIO, runtime: WizardRuntime = {}): Promise<number> {
  if (!runtime.stdin) {
    const refused = needsTerminal(io, 'start');
    if (refused !== null) return refused;
  }
  const repoRoot = resolveRepoRoot(io.cwd, dir);
  // Ink and React load while the checklist is read and git is asked: the first frame comes sooner.
  const wizard = loadWizard();
  const facts = repositoryFacts(repoRoot);
  const { prefs, ready: gitNameAsked } = openPreferencesAsking(io);
  const now = runtime.now?.() ?? new Date();
  const { checklist, source } = loadChecklistRef(opts.checklist ?? prefs.defaultChecklist() ?? undefined, repoRoot, io.cwd, io.env);

  let name: string;
  if (opts.name !== undefined) {
    const checked = AssessmentNameSchema.safeParse(opts.name);
    if (!checked.success) throw new UsageError(`--name ${sanitizeLine(JSON.stringify(opts.name), 120)} ${checked.error.issues[0]?.message ?? 'is not valid'}`);
    name = checked.data;
    const file = defaultAssessmentPath(repoRoot, name);
    if (existsSync(file)) {
      const shown = sanitizeLine(path.relative(io.cwd, file) || file, 400);
      throw new UsageError(`an assessment named "${name}" already exists (${shown}); continue it with \`shipshape resume ${shown}\` or choose another --name`);
    }
  } else {
    name = defaultName(repoRoot, now);
  }

  const [repository] = await Promise.all([facts, gitNameAsked]);
  const assessor = defaultAssessor(prefs);
  const assessment = createAssessment({
    name,
    repository: { root: path.relative(io.cwd, repoRoot) || '.', ...repository },
    checklist,
    checklistSource: source,
    scope: { tier: 'customer-facing', data: [], ai: false, frameworks: [] },
    assessor,
    now,
  });
  let session;
  try {
    session = await openAssessment(defaultAssessmentPath(repoRoot, name), { create: assessment });
  } catch (error) {
    if (!(error instanceof AssessmentFileError)) throw error;
    io.stderr.write(`shipshape start: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const { policy, warning } = wizardPolicy(repoRoot);
  const { runWizard } = await wizard;
  return runWizard({ io, session, checklist, repoRoot, flow: 'start', assessor, prefs, notes: [...prefs.warnings, ...(warning ? [warning] : [])], maxWaiverDays: policy.max_waiver_days, runtime });
}
