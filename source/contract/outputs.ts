import * as z from 'zod';

/**
 * The versioned JSON contract: one zod schema per JSON output, the single source of
 * the TypeScript types the commands build and of the JSON Schemas shipped in
 * `schemas/` (`npm run schema`). Every object in those schemas is open
 * (`additionalProperties: true`, see registry.ts): a consumer must ignore fields it does not know, because new fields arrive without a version
 * bump. `format_version` changes only when a field is removed, renamed, changes type
 * or meaning, or an enumeration gains a value.
 */

const obj = z.object;
const str = z.string();
const int = z.number().int();
const nstr = z.string().nullable();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const timestamp = z.string().describe('ISO 8601 date-time, UTC');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const header = <F extends string>(format: F, version: number) => ({
  format: z.literal(format).describe('Which shipshape output this is'),
  format_version: z.literal(version).describe('Bumped only on a change a consumer could notice; new fields do not bump it'),
});

export const QuestionSeverity = z.enum(['blocker', 'high', 'medium', 'low']);
export const FindingSeverity = z.enum(['critical', 'high', 'medium', 'low']);
export const ApartReason = z.enum(['test-fixture', 'test-data', 'suppressed', 'public']);
export const AnswerState = z.enum(['yes', 'partial', 'no', 'n/a', 'unknown', 'unanswered']);
export const Verdict = z.enum(['ready', 'ready with conditions', 'not ready']);

/** A located finding, as in SARIF results; shared by scan, check and baselines. */
export const FindingJson = obj({
  rule: str.describe('Signal id (scan) or question id (check)'),
  level: z.enum(['error', 'warning', 'note']),
  severity: FindingSeverity.nullable(),
  path: str.describe("POSIX path relative to the repository root; '' for a finding about the repository as a whole"),
  line: int.positive().nullable(),
  message: str,
  fingerprint: str.describe('hash:n, stable across runs and line moves (SARIF primaryLocationLineHash)'),
  apart: ApartReason.nullable().describe('Shown but not counted: a fixture, test data, suppressed, public by design'),
  suppression: obj({ kind: z.enum(['inSource', 'external']), justification: str }).nullable(),
  controls: z.array(str).describe('framework:control ids, e.g. soc2:CC6.1'),
  baseline: z.enum(['new', 'unchanged']).nullable().describe('Set when a baseline was given'),
});

const BaselineSummary = obj({ file: str, new: int, unchanged: int }).nullable();

const EvidenceJson = obj({
  path: str,
  line: int.positive().optional(),
  excerpt: str.optional(),
  sha256: str,
  note: str.optional(),
  commit: str.optional(),
  severity: FindingSeverity.optional(),
  apart: ApartReason.optional(),
});

const SignalJson = obj({
  id: str,
  status: z.enum(['pass', 'fail', 'unknown', 'not_applicable']),
  summary: str,
  confidence: z.enum(['high', 'medium', 'low']),
  evidence: z.array(EvidenceJson).describe('Paths relative to the scanned directory'),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const ScanOutput = obj({
  ...header('shipshape-scan', 1),
  tool: z.literal('shipshape'),
  version: str,
  root: str,
  prefix: str.describe("The scanned directory relative to the repository root ('' when it is the root); finding paths include it"),
  commit: nstr,
  branch: nstr,
  dirty: z.boolean(),
  files_scanned: int,
  files_skipped: int,
  skipped_by_reason: z.record(z.string(), int),
  skipped_examples: z.record(z.string(), z.array(str)).optional(),
  duration_ms: z.number(),
  signals: z.array(SignalJson),
  findings: z.array(FindingJson),
  baseline: BaselineSummary,
});

const GateFindingJson = obj({
  question: str,
  severity: QuestionSeverity,
  kind: z.enum(['gap', 'unknown', 'unanswered', 'expired-waiver', 'waiver-too-long', 'stale-evidence', 'contradiction', 'overdue', 'checklist-changed']),
  message: str,
  locations: z.array(
    obj({ path: str, line: int.optional(), excerpt: str.optional(), signal: str.optional(), note: str.optional(), severity: FindingSeverity.optional(), apart: ApartReason.optional() }),
  ),
  in_baseline: z.boolean().optional().describe('A failure every location of which is in the baseline: reported as a warning'),
});

const SectionScoreJson = obj({ id: str, title: str, score: z.number().nullable(), applicable: int, answered: int, gaps: int });

export const CheckOutput = obj({
  ...header('shipshape-check', 1),
  tool: z.literal('shipshape'),
  version: str,
  checked_at: timestamp,
  passed: z.boolean(),
  verdict: Verdict,
  score: z.number().nullable(),
  commit: nstr,
  dirty: z.boolean(),
  repository: obj({ remote: nstr, branch: nstr, prefix: str }),
  assessment: nstr.describe('Assessment file, or null on the detection-only path'),
  assessment_updated_at: timestamp.nullable(),
  checklist: obj({ id: str, version: str }),
  policy: obj({
    fail_on: z.enum(['blocker', 'high', 'medium']),
    unknown: z.enum(['fail', 'warn']),
    unanswered: z.enum(['fail', 'warn']).optional(),
    stale_evidence: z.enum(['fail', 'warn']),
    contradictions: z.enum(['fail', 'warn']),
    expired_waivers: z.enum(['fail', 'warn']),
    overdue: z.enum(['fail', 'warn']),
    max_waiver_days: int.nullable(),
  }),
  counts: obj({ applicable: int, answered: int, yes: int, gaps: int, blockers: int }),
  sections: z.array(SectionScoreJson),
  failures: z.array(GateFindingJson),
  warnings: z.array(GateFindingJson),
  findings: z.array(FindingJson),
  baseline: BaselineSummary,
});

export const BaselineOutput = obj({
  ...header('shipshape-baseline', 1),
  tool: z.literal('shipshape'),
  version: str,
  created_at: timestamp,
  findings: z.array(obj({ rule: str, path: str, fingerprint: str, level: z.enum(['error', 'warning', 'note']), message: str })),
});

export const VerifyOutput = obj({
  ...header('shipshape-verify', 1),
  dossier: str,
  repository: str,
  ok: z.boolean(),
  text: obj({ intact: z.boolean(), detail: nstr }),
  assessment: obj({ id: str, name: str, sha256: str }),
  counts: obj({ unchanged: int, changed: int, missing: int, invalid: int }),
  evidence: z.array(obj({ path: str, expected: str, actual: nstr, status: z.enum(['unchanged', 'changed', 'missing', 'invalid']), questions: z.array(str), detail: str.optional() })),
});

const HistoryRun = obj({
  at: timestamp,
  commit: nstr,
  dirty: z.boolean(),
  assessment: nstr,
  checklist: str,
  passed: z.boolean(),
  verdict: str,
  score: z.number().nullable(),
  failures: int,
  warnings: int,
  answered: int,
  applicable: int,
  sections: z
    .array(obj({ id: str, score: z.number().nullable() }))
    .optional()
    .describe('Score per section at that run (absent in runs recorded before per-section trends)'),
});

export const HistoryOutput = obj({
  ...header('shipshape-history', 1),
  file: str,
  total: int.describe('Runs recorded; `runs` holds the last --limit of them'),
  skipped: int.describe('Unreadable lines skipped'),
  runs: z.array(HistoryRun),
});

const ReadinessCounts = obj({ yes: int, proposed: int, gap: int, waived: int, open: int });
const DiffSide = obj({ name: str, updated_at: str, checklist: str, score: z.number().nullable(), verdict: str });
const DiffChange = obj({ id: str, text: str, severity: QuestionSeverity, from: AnswerState, to: AnswerState, detail: nstr });
const DiffQuestion = obj({ id: str, text: str, severity: QuestionSeverity, state: AnswerState, waived: z.boolean() });

export const DiffOutput = obj({
  ...header('shipshape-diff', 1),
  old: DiffSide,
  new: DiffSide,
  score_change: z.number().nullable(),
  verdict_changed: z.boolean(),
  improved: z.array(DiffChange),
  regressed: z.array(DiffChange),
  changed: z.array(DiffChange),
  added: z.array(DiffQuestion),
  removed: z.array(DiffQuestion),
  sections: z
    .array(
      obj({
        id: str,
        title: str,
        direction: z.enum(['improved', 'regressed']),
        before: obj({ score: z.number().nullable(), counts: ReadinessCounts }),
        after: obj({ score: z.number().nullable(), counts: ReadinessCounts }),
      }),
    )
    .describe('Sections whose score moved, regressed first, with how many applicable questions stand confirmed yes, proposed, gap, waived or open on each side'),
});

const ReportEvidence = obj({
  kind: z.enum(['file', 'commit', 'link', 'note']),
  path: nstr,
  line: int.nullable(),
  excerpt: nstr,
  note: nstr,
  signal: nstr,
  commit: nstr,
  sha256: sha256.nullable(),
  url: nstr,
  title: nstr,
  text: nstr,
  added_by: nstr,
  added_at: nstr,
  severity: FindingSeverity.nullable().describe('Severity of this one finding, when detection could tell'),
  apart: ApartReason.nullable().describe('Shown but not counted: a fixture, test data, suppressed, public by design'),
});

const ReportQuestion = obj({
  id: str,
  text: nstr,
  severity: QuestionSeverity,
  applies: z.boolean(),
  state: AnswerState,
  out_of_scope_reason: nstr,
  gap: z.boolean(),
  source: z.enum(['detected', 'confirmed', 'human']).nullable(),
  answered_by: nstr,
  answered_at: nstr,
  note: nstr,
  links: z.array(str),
  owner: nstr,
  due: date.nullable(),
  overdue: z.boolean(),
  waiver: obj({ status: z.enum(['active', 'expired']), justification: str, approver: str, expires: str, granted_by: str, granted_at: str }).nullable(),
  evidence: z.array(ReportEvidence),
});

export const ReportOutput = obj({
  ...header('shipshape-report', 1),
  generated_at: timestamp,
  tool: obj({ name: z.literal('shipshape'), version: str }),
  assessment: obj({ id: str, name: str, created_at: str, updated_at: str, sha256 }),
  repository: obj({ root: str, remote: nstr, branch: nstr, commit: nstr, dirty: z.boolean().nullable(), scanned: z.boolean() }),
  checklist: obj({ id: str, version: str, title: str, hash: str, pinned_hash: str }),
  scope: obj({ tier: str, data: z.array(str), ai: z.boolean(), frameworks: z.array(str) }),
  assessors: z.array(str),
  verdict: Verdict,
  score: z.number().min(0).max(100).nullable(),
  evidence_coverage: obj({ backed: int, yes: int, percent: z.number().nullable() }),
  progress: obj({ answered: int, applicable: int, percent: z.number(), unconfirmed: int }),
  blockers: z.array(obj({ question: str, severity: QuestionSeverity, state: AnswerState, reason: str })),
  conditions: z.array(obj({ question: str, severity: QuestionSeverity, state: AnswerState, reason: str, waived: z.boolean() })),
  sections: z.array(
    obj({ id: str, title: str, score: z.number().nullable(), applicable: int, answered: int, yes: int, gaps: int, out_of_scope: int, questions: z.array(ReportQuestion) }),
  ),
  remediation: z.array(
    obj({ question: str, severity: QuestionSeverity, state: AnswerState, owner: nstr, due: date.nullable(), overdue: z.boolean(), waived: z.boolean(), remediation: str }),
  ),
  crosswalk: z.array(obj({ framework: str, label: str, controls: z.array(obj({ control: str, questions: z.array(obj({ id: str, state: AnswerState })) })) })),
  provenance: obj({
    available: z.boolean(),
    markers: obj({ status: str, summary: str, count: z.number(), paths: z.array(str) }).nullable(),
    commits: obj({
      status: str,
      summary: str,
      examined: z.number().nullable(),
      assisted: z.number().nullable(),
      share_percent: z.number().nullable(),
      // How AI-assisted commits reached the main line; a review only where git shows one (Reviewed-by/Approved-by).
      via_pull_requests: z.number().nullable(),
      via_other_merges: z.number().nullable(),
      pushed_directly: z.number().nullable(),
      review_shown_by_git: z.number().nullable(),
    }).nullable(),
  }),
  integrity: obj({ assessment_sha256: sha256, evidence: z.array(obj({ path: str, sha256, questions: z.array(str) })) }),
});

export const SignalsOutput = obj({
  ...header('shipshape-signals', 1),
  signals: z.array(obj({ id: str, title: str, pass_when: str, informational: z.boolean(), needs_history: z.boolean() })),
});

export const ChecklistsOutput = obj({
  ...header('shipshape-checklists', 1),
  checklists: z.array(
    obj({
      file: str,
      origin: str,
      id: str.optional(),
      version: str.optional(),
      title: str.optional(),
      sections: int.optional(),
      questions: int.optional(),
      hash: str.optional(),
      errors: z.array(str).optional(),
    }),
  ),
});

export const VersionOutput = obj({
  ...header('shipshape-version', 1),
  name: z.literal('shipshape'),
  version: str,
  node: str,
  formats: z.array(obj({ format: str, format_version: int, schema: str.describe('$id of its JSON Schema') })),
});

const FleetRepo = obj({
  name: str,
  source: str.describe('The file it was read from'),
  kind: z.enum(['report', 'check']),
  verdict: Verdict,
  score: z.number().nullable(),
  passed: z.boolean().nullable().describe('Gate outcome (check JSON only)'),
  blockers: int,
  gaps: int,
  stale: z.boolean(),
  stale_reasons: z.array(str),
  updated_at: timestamp.nullable(),
  commit: nstr,
  sections: z.array(obj({ id: str, title: str, score: z.number().nullable() })),
});

export const AggregateOutput = obj({
  ...header('shipshape-aggregate', 1),
  generated_at: timestamp,
  stale_after_days: int,
  repositories: z.array(FleetRepo),
  totals: obj({ repositories: int, ready: int, conditional: int, not_ready: int, stale: int, failing_gate: int }),
  sections: z.array(obj({ id: str, title: str })),
  controls: z.array(obj({ control: str, failing: int, repositories: z.array(str) })),
  questions: z.array(obj({ question: str, failing: int, repositories: z.array(str) })),
  skipped: z.array(obj({ file: str, reason: str })),
});

export type ScanJson = z.input<typeof ScanOutput>;
export type CheckJson = z.input<typeof CheckOutput>;
export type FindingJsonT = z.input<typeof FindingJson>;
export type BaselineJson = z.input<typeof BaselineOutput>;
export type VerifyJson = z.input<typeof VerifyOutput>;
export type HistoryJson = z.input<typeof HistoryOutput>;
export type DiffJson = z.input<typeof DiffOutput>;
export type ReportJson = z.input<typeof ReportOutput>;
export type SignalsJson = z.input<typeof SignalsOutput>;
export type ChecklistsJson = z.input<typeof ChecklistsOutput>;
export type VersionJson = z.input<typeof VersionOutput>;
export type AggregateJson = z.input<typeof AggregateOutput>;
