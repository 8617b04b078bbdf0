import * as z from 'zod';
import { ScopeSchema } from '../checklist/scope.js';
import { CalendarDateSchema, TimestampSchema } from './dates.js';

/**
 * The assessment file format, version 3 (version 2 without a finding's optional
 * severity and apart; version 1 is model-v1.ts). The file lives in the audited repository
 * and is reviewed in git, so the shapes here are the public contract: change them
 * only with a new schema version and a migration in migrate.ts.
 */

export const SCHEMA_VERSION = 3;

export const ANSWER_STATES = ['yes', 'partial', 'no', 'n/a', 'unknown'] as const;
export const AnswerStateSchema = z.enum(ANSWER_STATES);
export type AnswerState = z.infer<typeof AnswerStateSchema>;

/** States that leave work to do: they take an owner, a due date and (only they) a waiver. */
export const GAP_STATES: readonly AnswerState[] = ['partial', 'no', 'unknown'];
export function isGap(state: AnswerState): boolean {
  return GAP_STATES.includes(state);
}

/** detected: pre-filled from signals, nobody looked; confirmed: a person accepted the proposal; human: a person chose it. */
export const AnswerSourceSchema = z.enum(['detected', 'confirmed', 'human']);
export type AnswerSource = z.infer<typeof AnswerSourceSchema>;

export const ConfidenceSchema = z.enum(['high', 'medium', 'low']);

/** Same rule as checklist ids; also keeps hostile keys ("__proto__", escape sequences) out of the answers map. */
export const QuestionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'is not a question id (lower-case letters, digits, ".", "_" or "-")');

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const sha256 = z.string().regex(/^([0-9a-f]{64})?$/, 'expected a hex sha256 (or empty)');

/** Evidence found by detection (source/detect/types.ts Evidence), tagged so human items can sit beside it. */
export const DetectedEvidenceSchema = z.strictObject({
  kind: z.literal('detected'),
  /** The signal that reported it. */
  signal: z.string().optional(),
  path: z.string(),
  line: z.number().int().positive().optional(),
  excerpt: z.string().optional(),
  sha256,
  note: z.string().optional(),
  commit: z.string().optional(),
  /** Severity of this one finding (detect/types.ts Evidence.severity), when the detector could tell. */
  severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  /** Shown but not counted by its signal, and why (detect/types.ts Evidence.apart). */
  apart: z.enum(['test-fixture', 'test-data', 'suppressed', 'public']).optional(),
});
export type DetectedEvidence = z.infer<typeof DetectedEvidenceSchema>;

export const LinkEvidenceSchema = z.strictObject({
  kind: z.literal('link'),
  url: nonEmpty,
  title: z.string().optional(),
  added_by: z.string(),
  added_at: TimestampSchema,
});
export type LinkEvidence = z.infer<typeof LinkEvidenceSchema>;

export const NoteEvidenceSchema = z.strictObject({
  kind: z.literal('note'),
  text: nonEmpty,
  added_by: z.string(),
  added_at: TimestampSchema,
});
export type NoteEvidence = z.infer<typeof NoteEvidenceSchema>;

export const EvidenceItemSchema = z.discriminatedUnion('kind', [DetectedEvidenceSchema, LinkEvidenceSchema, NoteEvidenceSchema]);
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

/** What identifies a piece of detected evidence across scans; the excerpt is deliberately left out (it is display text). */
export const EvidenceDigestSchema = z.strictObject({
  path: z.string(),
  line: z.number().int().positive().optional(),
  sha256,
  commit: z.string().optional(),
});
export type EvidenceDigest = z.infer<typeof EvidenceDigestSchema>;

/** What detection proposed when the answer was last given, so a later scan can tell what changed. */
export const ProposalSnapshotSchema = z.strictObject({
  state: AnswerStateSchema,
  confidence: ConfidenceSchema,
  signals: z.array(z.string()),
  digests: z.array(EvidenceDigestSchema),
  reason: z.string(),
  proposed_at: TimestampSchema,
});
export type ProposalSnapshot = z.infer<typeof ProposalSnapshotSchema>;

export const WaiverSchema = z.strictObject({
  justification: nonEmpty,
  approver: nonEmpty,
  /** Last day the waiver holds (UTC). */
  expires: CalendarDateSchema,
  granted_at: TimestampSchema,
  /** The assessor who recorded it (the approver may be someone else). */
  granted_by: z.string(),
});
export type Waiver = z.infer<typeof WaiverSchema>;

/** The answer as it was before a change: the audit trail keeps these. */
export const AnswerSnapshotSchema = z.strictObject({
  state: AnswerStateSchema,
  source: AnswerSourceSchema,
  note: z.string().optional(),
  owner: z.string().optional(),
  due: CalendarDateSchema.optional(),
  waiver: WaiverSchema.optional(),
  links: z.array(z.string()).optional(),
});
export type AnswerSnapshot = z.infer<typeof AnswerSnapshotSchema>;

export const HISTORY_ACTIONS = [
  'answer',
  'confirm',
  'detect',
  'note',
  'links',
  'evidence',
  'owner-due',
  'waive',
  'revoke-waiver',
  'clear',
] as const;

export const HistoryEntrySchema = z.strictObject({
  at: TimestampSchema,
  by: z.string(),
  action: z.enum(HISTORY_ACTIONS),
  /** null when the question had no answer before this change. */
  previous: AnswerSnapshotSchema.nullable(),
  /** Extra words for changes the snapshot does not show (e.g. which evidence was added). */
  detail: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const AnswerSchema = z
  .strictObject({
    state: AnswerStateSchema,
    source: AnswerSourceSchema,
    note: z.string().optional(),
    /** Related links (tickets, docs) that are not themselves evidence. */
    links: z.array(z.string()).default(() => []),
    evidence: z.array(EvidenceItemSchema).default(() => []),
    answered_by: z.string(),
    answered_at: TimestampSchema,
    owner: z.string().optional(),
    due: CalendarDateSchema.optional(),
    waiver: WaiverSchema.optional(),
    proposal: ProposalSnapshotSchema.optional(),
    history: z.array(HistoryEntrySchema).default(() => []),
  })
  .superRefine((answer, ctx) => {
    if (answer.waiver && !isGap(answer.state)) {
      ctx.addIssue({ code: 'custom', path: ['waiver'], message: `a waiver is only valid on a gap (partial, no or unknown), not on "${answer.state}"` });
    }
  });
export type Answer = z.infer<typeof AnswerSchema>;

export const RepositorySchema = z.strictObject({
  /** As the user gave it (relative or absolute). */
  root: z.string(),
  remote: z.string().nullable(),
  branch: z.string().nullable(),
});

export const ChecklistRefSchema = z.strictObject({
  id: z.string(),
  version: z.string(),
  hash: z.string(),
  /** Where the checklist was loaded from (path or shipped id); null when built in memory. */
  source: z.string().nullable(),
  /**
   * Question ids of that checklist version, so a later run can say which questions
   * were added or removed. Absent in files migrated from version 1.
   */
  question_ids: z.array(z.string()).optional(),
});
export type ChecklistRef = z.infer<typeof ChecklistRefSchema>;

/**
 * One entry per run of saves at the same commit and dirty flag: a wizard session
 * saves after every answer, and hundreds of identical entries would drown the
 * record in the reviewed file. See saves.ts for the cap.
 */
export const SaveRecordSchema = z.strictObject({
  commit: z.string().nullable(),
  dirty: z.boolean(),
  first_at: TimestampSchema,
  last_at: TimestampSchema,
  count: z.number().int().positive(),
  by: z.string().optional(),
});
export type SaveRecord = z.infer<typeof SaveRecordSchema>;

/** File-name-safe: the default path is .shipshape/<name>.json. */
export const AssessmentNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be letters, digits, ".", "_" or "-" (at most 100), starting with a letter or digit');

export const AssessmentSchema = z.strictObject({
  schema_version: z.literal(SCHEMA_VERSION),
  id: nonEmpty,
  name: AssessmentNameSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  repository: RepositorySchema,
  checklist: ChecklistRefSchema,
  scope: ScopeSchema,
  assessors: z.array(z.string()),
  /** Keyed by question id; an unanswered question has no entry. */
  answers: z.record(QuestionIdSchema, AnswerSchema),
  /** Audit trail of answers that were cleared, by question id; moved back into the answer when it is answered again. */
  cleared: z.record(QuestionIdSchema, z.array(HistoryEntrySchema)).default(() => ({})),
  saves: z.array(SaveRecordSchema).default(() => []),
});
export type Assessment = z.infer<typeof AssessmentSchema>;
