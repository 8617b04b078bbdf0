import { appendFileSync } from 'node:fs';
import { mkdir, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultParseCache } from '../checklist/parse-cache.js';
import { createAssessment } from '../assessment/create.js';
import { AssessmentFileError } from '../assessment/errors.js';
import { evaluateGate, type GateResult } from '../assessment/gate.js';
import { mergePolicy, type Policy } from '../assessment/policy.js';
import { proposeAll } from '../assessment/propose.js';
import { reconcile } from '../assessment/reconcile.js';
import { refreshDetectedAnswers } from '../assessment/refresh.js';
import { ASSESSMENT_DIR, loadAssessment } from '../assessment/store.js';
import type { Assessment } from '../assessment/model.js';
import { runScan, ScanInputError } from '../detect/engine.js';
import { formatGateMarkdown, formatGateText, type GateReportContext } from '../report/gate-summary.js';
import { gateSarif } from '../report/gate-sarif.js';
import { toolVersion } from '../util/package-root.js';
import { sanitizeLine, sanitizeText } from '../util/sanitize.js';
import { findAssessmentFiles, repoOfShipshapeFile } from '../assessment/files.js';
import { ReportInputError, resolveChecklist } from '../report/inputs.js';
import { loadChecklistRef, resolveRepoRoot } from './context.js';
import { readPolicyFile, repositoryPolicyFile } from './policy-file.js';
import { EXIT_FAILED, EXIT_OK, UsageError, colorEnabled, type CommandIO } from '../runtime/io.js';

/**
 * `shipshape check [assessment] [--repo dir] [--fail-on blocker|high|medium] [--policy file]
 *   [--allow-unknown] [--stale-fails] [--max-waiver-days n] [--json|--sarif] [--record] [--checklist ref]`
 *
 * The CI gate. Never starts Ink. Exit 0 pass, 1 gate failed, 2 usage or input error.
 */
export interface CheckOptions {
  repo?: string;
  failOn?: Policy['fail_on'];
  policy?: string;
  allowUnknown?: boolean;
  allowUnanswered?: boolean;
  staleFails?: boolean;
  maxWaiverDays?: number;
  json?: boolean;
  sarif?: boolean;
  record?: boolean;
  checklist?: string;
  /** Injected clock for tests. */
  now?: Date;
}

export const HISTORY_FILE = 'history.jsonl';

/** A history line per recorded run: what `shipshape history` reads. */
export interface HistoryLine {
  at: string;
  commit: string | null;
  dirty: boolean;
  assessment: string | null;
  checklist: string;
  passed: boolean;
  verdict: string;
  score: number | null;
  failures: number;
  warnings: number;
  answered: number;
  applicable: number;
}

export async function runCheck(file: string | undefined, opts: CheckOptions, io: CommandIO): Promise<number> {
  if (opts.json && opts.sarif) throw new UsageError('choose one of --json and --sarif');
  const now = opts.now ?? new Date();

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
  const fromFile = readPolicyFile(policyFile, opts.policy !== undefined);
  const policy = mergePolicy(fromFile, {
    ...(opts.failOn ? { fail_on: opts.failOn } : {}),
    ...(opts.allowUnknown ? { unknown: 'warn' as const } : {}),
    ...(opts.allowUnanswered ? { unanswered: 'warn' as const } : {}),
    ...(opts.staleFails ? { stale_evidence: 'fail' as const } : {}),
    ...(opts.maxWaiverDays !== undefined ? { max_waiver_days: opts.maxWaiverDays } : {}),
  });

  let report;
  try {
    report = await runScan(repoRoot, {});
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
    const llm = signals.find((s) => s.id === 'llm.sdk');
    const base = createAssessment({
      name: 'detection-only',
      repository: { root: '.', remote: report.git.remote, branch: report.git.branch },
      checklist,
      checklistSource: source,
      // Without a review, assume the strictest common case: a customer-facing service.
      scope: { tier: 'customer-facing', data: [], ai: llm?.status === 'pass', frameworks: [] },
      assessor: actor.by,
      now,
      id: 'detection-only',
    });
    assessment = refreshDetectedAnswers(base, checklist, proposals, actor);
  }

  const result = evaluateGate({ assessment, checklist, reconciled, policy, now, detectionOnly: saved === null });
  const shownFile = assessmentFile ? sanitizeLine(path.relative(io.cwd, assessmentFile) || assessmentFile, 300) : null;
  const ctx: GateReportContext = {
    result,
    policy,
    assessmentFile: shownFile,
    commit: report.git.commit,
    dirty: report.git.dirty,
    checklist: { id: checklist.id, version: checklist.version },
  };

  if (opts.json) io.stdout.write(`${JSON.stringify(gateJson(ctx, now), null, 2)}\n`);
  else if (opts.sarif) io.stdout.write(`${JSON.stringify(gateSarif(result, { toolVersion: toolVersion(), assessmentFile: assessmentFile ? path.relative(repoRoot, assessmentFile) : null }), null, 2)}\n`);
  else io.stdout.write(formatGateText(ctx, colorEnabled(io)));

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
    };
    const dir = path.join(repoRoot, ASSESSMENT_DIR);
    await mkdir(dir, { recursive: true });
    await appendFile(path.join(dir, HISTORY_FILE), `${JSON.stringify(line)}\n`);
  }

  return result.passed ? EXIT_OK : EXIT_FAILED;
}

function gateJson(ctx: GateReportContext, now: Date) {
  const r: GateResult = ctx.result;
  return {
    tool: 'shipshape',
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

