import { HISTORY_FILE, type HistoryLine } from '../assessment/gate-history.js';
import { appendFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { appendTextSafe, SafeReadError } from '../util/safe-read.js';
import path from 'node:path';
import { defaultParseCache } from '../checklist/parse-cache.js';
import { inferAiScope } from '../assessment/ai-scope.js';
import { createAssessment } from '../assessment/create.js';
import { AssessmentFileError } from '../assessment/errors.js';
import { evaluateGate, type GateFinding, type GateResult } from '../assessment/gate.js';
import { mergePolicy, type Policy } from '../assessment/policy.js';
import { proposeAll } from '../assessment/propose.js';
import { reconcile } from '../assessment/reconcile.js';
import { refreshDetectedAnswers } from '../assessment/refresh.js';
import { ASSESSMENT_DIR } from '../assessment/files.js';
import { loadAssessment } from '../assessment/store.js';
import type { Assessment } from '../assessment/model.js';
import { runScan, ScanInputError } from '../detect/engine.js';
import { scanCacheDir, withCache } from './scan-cache-dir.js';
import type { CheckJson } from '../contract/outputs.js';
import { applyBaseline, baselineSummary, findingJson } from '../report/baseline.js';
import { renderAnnotations, renderCodeQuality } from '../report/ci-formats.js';
import { gateFindings } from '../report/findings-gate.js';
import { formatGateMarkdown, formatGateText, type GateReportContext } from '../report/gate-summary.js';
import { renderSarif } from '../report/sarif.js';
import { repoLayout } from '../util/repo-layout.js';
import { readBaselineFile, writeBaselineFile } from './baseline-file.js';
import { resolveOutputs, writeOutputs, type OutputFormat, type OutputOptions } from './outputs.js';
import { toolVersion } from '../util/package-root.js';
import { sanitizeLine, sanitizeText } from '../util/sanitize.js';
import { findAssessmentFiles, repoOfShipshapeFile } from '../assessment/files.js';
import { ReportInputError, resolveChecklist } from '../report/inputs.js';
import { loadChecklistRef, resolveRepoRoot } from './context.js';
import { readPolicyFile, repositoryPolicyFile } from './policy-file.js';
import { EXIT_FAILED, EXIT_OK, UsageError, colorEnabled, type CommandIO } from '../runtime/io.js';
import { errorCode, fsErrorWords } from '../util/fs-errors.js';

/**
 * `shipshape check [assessment] [--repo dir] [--fail-on blocker|high|medium] [--policy file]
 *   [--allow-unknown] [--stale-fails] [--max-waiver-days n] [--format X[=path]]… [--baseline file]
 *   [--write-baseline file] [--exit-code n | --soft-fail] [--record] [--checklist ref]`
 *
 * The CI gate. Never starts Ink. Exit 0 pass, 1 (or --exit-code) gate failed, 2 usage or input error.
 */
export interface CheckOptions extends OutputOptions {
  /** `--no-cache`: read every file again instead of reusing what an earlier scan found in unchanged files. */
  cache?: boolean;
  repo?: string;
  failOn?: Policy['fail_on'];
  policy?: string;
  allowUnknown?: boolean;
  allowUnanswered?: boolean;
  staleFails?: boolean;
  maxWaiverDays?: number;
  record?: boolean;
  checklist?: string;
  /** An earlier check JSON or SARIF (or --write-baseline file): failures all of whose findings are in it only warn. */
  baseline?: string;
  writeBaseline?: string;
  /** Exit code when the gate fails (default 1). */
  exitCode?: number;
  /** Report a failing gate but exit 0. */
  softFail?: boolean;
  /** Injected clock for tests. */
  now?: Date;
}

export async function runCheck(file: string | undefined, opts: CheckOptions, io: CommandIO): Promise<number> {
  const targets = resolveOutputs(opts, CHECK_FORMATS, 'table', io.cwd);
  if (opts.softFail && opts.exitCode !== undefined) throw new UsageError('choose one of --soft-fail and --exit-code');
  const now = opts.now ?? new Date();
  const baseline = opts.baseline ? await readBaselineFile(opts.baseline, io) : null;

  const explicit = file ? path.resolve(io.cwd, file) : undefined;
  const repoRoot = resolveRepoRoot(io.cwd, opts.repo ?? (explicit ? (repoOfShipshapeFile(explicit) ?? io.cwd) : undefined));
  const assessmentFile = explicit ?? findAssessmentFiles(repoRoot)[0];

  let saved: Assessment | null = null;
  if (assessmentFile) {
    try {
      saved = (await loadAssessment(assessmentFile)).assessment;
    } catch (error) {
      if (error instanceof AssessmentFileError) throw new UsageError(sanitizeText(error.message, 2000));
      throw error;
    }
  }

  let checklist;
  let source: string | null;
  if (saved) {
    // The checklist the assessment pinned (same id and content hash), else its nearest match with a warning.
    try {
      const resolved = resolveChecklist(saved, repoRoot, { override: opts.checklist ? path.resolve(io.cwd, opts.checklist) : undefined, cache: defaultParseCache(io.env, io.cwd) });
      checklist = resolved.checklist;
      if (resolved.warning) io.stderr.write(`shipshape check: ${sanitizeLine(resolved.warning, 400)}\n`);
    } catch (error) {
      if (error instanceof ReportInputError) throw new UsageError(`${error.message}; ${error.hint}`);
      throw error;
    }
    source = saved.checklist.source;
  } else {
    ({ checklist, source } = loadChecklistRef(opts.checklist, repoRoot, io.cwd, io.env));
  }

  const policyFile = opts.policy ? path.resolve(io.cwd, opts.policy) : repositoryPolicyFile(repoRoot);
  const fromFile = readPolicyFile(policyFile, opts.policy !== undefined, opts.policy === undefined ? repoRoot : undefined);
  const policy = mergePolicy(fromFile, {
    ...(opts.failOn ? { fail_on: opts.failOn } : {}),
    ...(opts.allowUnknown ? { unknown: 'warn' as const } : {}),
    ...(opts.allowUnanswered ? { unanswered: 'warn' as const } : {}),
    ...(opts.staleFails ? { stale_evidence: 'fail' as const } : {}),
    ...(opts.maxWaiverDays !== undefined ? { max_waiver_days: opts.maxWaiverDays } : {}),
  });

  let report;
  try {
    report = await runScan(repoRoot, {}, withCache(scanCacheDir(io.env, io.cwd, opts.cache !== false)));
  } catch (error) {
    if (error instanceof ScanInputError) throw new UsageError(`${error.message}; ${error.hint}`);
    throw error;
  }
  const signals = report.result.signals;
  const actor = { by: 'shipshape check', now };
  const proposals = proposeAll(checklist.questions, signals);

  let assessment: Assessment;
  let reconciled = null;
  if (saved) {
    reconciled = reconcile(saved, checklist, signals, now);
    assessment = refreshDetectedAnswers(saved, checklist, proposals, actor);
  } else {
    const base = createAssessment({
      name: 'detection-only',
      repository: { root: '.', remote: report.git.remote, branch: report.git.branch },
      checklist,
      checklistSource: source,
      // Without a review, assume the strictest common case: a customer-facing service.
      scope: { tier: 'customer-facing', data: [], ai: inferAiScope(signals).ai === true, frameworks: [] },
      assessor: actor.by,
      now,
      id: 'detection-only',
    });
    assessment = refreshDetectedAnswers(base, checklist, proposals, actor);
  }

  const evaluated = evaluateGate({ assessment, checklist, reconciled, policy, now, detectionOnly: saved === null });
  if (report.result.files_scanned === 0) {
    // An empty checkout (a CI step that fetched nothing, a wrong --repo) must not come out green.
    const skipped = report.result.files_skipped > 0 ? ` (${report.result.files_skipped} skipped)` : '';
    evaluated.failures.unshift({ question: 'scan', severity: 'blocker', kind: 'unknown', message: `no file was scanned${skipped}: nothing was checked, so the gate cannot pass`, locations: [] });
    evaluated.passed = false;
  }
  const layout = repoLayout(repoRoot);
  const repoRelativeAssessment = assessmentFile ? [layout.prefix, path.relative(repoRoot, assessmentFile).split(path.sep).join('/')].filter(Boolean).join('/') : null;
  const findingsOf = (r: GateResult) =>
    gateFindings({ result: r, checklist, assessmentFile: repoRelativeAssessment, prefix: layout.prefix, isDirectory: layout.isDirectory, signals });
  let result = evaluated;
  let bundle = findingsOf(result);
  let demoted = new Set<GateFinding>();
  if (baseline) {
    ({ result, demoted } = demoteKnown(result, applyBaseline(bundle.findings, baseline.known)));
    bundle = findingsOf(result);
  }
  const findings = baseline ? applyBaseline(bundle.findings, baseline.known) : bundle.findings;
  const shownFile = assessmentFile ? sanitizeLine(path.relative(io.cwd, assessmentFile) || assessmentFile, 300) : null;
  const ctx: GateReportContext = {
    result,
    policy,
    assessmentFile: shownFile,
    commit: report.git.commit,
    dirty: report.git.dirty,
    checklist: { id: checklist.id, version: checklist.version },
    ...(baseline ? { baseline: baselineSummary(baseline.shown, findings) } : {}),
  };
  if (opts.writeBaseline) await writeBaselineFile(opts.writeBaseline, findings, io, now);

  await writeOutputs(
    targets,
    (format) => {
      switch (format) {
        case 'json': {
          const json: CheckJson = {
            ...gateJson(ctx, now),
            repository: { remote: report.git.remote, branch: report.git.branch, prefix: layout.prefix },
            assessment_updated_at: saved?.updated_at ?? null,
            sections: result.scored.sections.map((s) => ({ id: s.id, title: s.title, score: s.score, applicable: s.applicable, answered: s.answered, gaps: s.gaps })),
            failures: result.failures.map(gateFindingJson(demoted)),
            warnings: result.warnings.map(gateFindingJson(demoted)),
            findings: findings.map(findingJson),
            baseline: ctx.baseline ?? null,
          };
          return `${JSON.stringify(json, null, 2)}\n`;
        }
        case 'sarif':
          return renderSarif({
            rules: bundle.rules,
            findings,
            notifications: bundle.notifications,
            toolVersion: toolVersion(),
            category: `shipshape/check${layout.prefix ? `/${layout.prefix}` : ''}`,
            repositoryRoot: layout.root,
            provenance: { remote: report.git.remote, commit: report.git.commit, branch: report.git.branch },
          });
        case 'md':
          return formatGateMarkdown(ctx);
        case 'github':
          return renderAnnotations(findings);
        case 'codequality':
          return renderCodeQuality(findings, bundle.rules);
        default:
          return formatGateText(ctx, targets.some((t) => t.format === 'table' && t.file === null) && colorEnabled(io));
      }
    },
    io,
  );

  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, formatGateMarkdown(ctx));
    } catch (error) {
      io.stderr.write(`shipshape check: could not append to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? 'error'}); the verdict stands\n`);
    }
  }

  if (opts.record) {
    const line: HistoryLine = {
      at: now.toISOString(),
      commit: report.git.commit,
      dirty: report.git.dirty,
      assessment: assessmentFile ? path.relative(repoRoot, assessmentFile) : null,
      checklist: `${checklist.id}@${checklist.version}`,
      passed: result.passed,
      verdict: result.verdict,
      score: result.score,
      failures: result.failures.length,
      warnings: result.warnings.length,
      answered: result.counts.answered,
      applicable: result.counts.applicable,
      sections: result.scored.sections.map((s) => ({ id: s.id, score: s.score })),
    };
    const dir = path.join(repoRoot, ASSESSMENT_DIR);
    const file = path.join(dir, HISTORY_FILE);
    try {
      await mkdir(dir, { recursive: true });
      // A FIFO would block the append, a symlink would write elsewhere.
      appendTextSafe(file, `${JSON.stringify(line)}\n`);
    } catch (error) {
      // A history that is a FIFO, a device or a symlink is planted, not a setting: refuse the run.
      if (error instanceof SafeReadError && error.problem === 'not-a-file') throw new UsageError(`cannot record the run: ${sanitizeLine(path.relative(io.cwd, file) || file, 300)} ${error.why}`);
      if (errorCode(error) === undefined) throw error;
      // The history is a record of gate runs, not the gate: a read-only checkout still passes or fails on the verdict alone.
      const shown = sanitizeLine(path.relative(io.cwd, file) || HISTORY_FILE, 300);
      io.stderr.write(`shipshape check: warning: this run was not recorded, ${shown} cannot be written (${fsErrorWords(error)}); the verdict above stands\n`);
    }
  }

  if (result.passed || opts.softFail) return EXIT_OK;
  return opts.exitCode ?? EXIT_FAILED;
}

const CHECK_FORMATS: readonly OutputFormat[] = ['table', 'json', 'sarif', 'md', 'github', 'codequality'];

/**
 * A failure every finding of which the baseline already holds is known debt: it
 * moves to the warnings, so only what is new fails the gate.
 */
function demoteKnown(result: GateResult, marked: readonly { group?: number; baseline: 'new' | 'unchanged' | null }[]): { result: GateResult; demoted: Set<GateFinding> } {
  const groups = new Map<number, boolean>();
  for (const f of marked) if (f.group !== undefined) groups.set(f.group, (groups.get(f.group) ?? true) && f.baseline === 'unchanged');
  const demoted = new Set<GateFinding>();
  const failures: GateFinding[] = [];
  result.failures.forEach((f, i) => {
    if (groups.get(i) === true) {
      const known = { ...f, message: `${f.message} (known: in the baseline)` };
      demoted.add(known);
    } else failures.push(f);
  });
  return { result: { ...result, failures, warnings: [...demoted, ...result.warnings], passed: failures.length === 0 }, demoted };
}

const gateFindingJson = (demoted: ReadonlySet<GateFinding>) => (f: GateFinding) => ({ ...f, ...(demoted.has(f) ? { in_baseline: true } : {}) });

function gateJson(ctx: GateReportContext, now: Date) {
  const r: GateResult = ctx.result;
  return {
    format: 'shipshape-check' as const,
    format_version: 1 as const,
    tool: 'shipshape' as const,
    version: toolVersion(),
    checked_at: now.toISOString(),
    passed: r.passed,
    verdict: r.verdict,
    score: r.score,
    commit: ctx.commit,
    dirty: ctx.dirty,
    assessment: ctx.assessmentFile,
    checklist: ctx.checklist,
    policy: ctx.policy,
    counts: r.counts,
    failures: r.failures,
    warnings: r.warnings,
  };
}

