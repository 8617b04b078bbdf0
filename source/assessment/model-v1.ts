import * as z from 'zod';
import { ScopeSchema } from '../checklist/scope.js';
import { CalendarDateSchema, TimestampSchema } from './dates.js';
import { AnswerSourceSchema, AnswerStateSchema, AssessmentNameSchema, QuestionIdSchema, RepositorySchema } from './model.js';

/**
 * Schema version 1, kept only so older files can be read and migrated. Differences
 * from version 2: answers were an array of { question, … } instead of a map keyed
 * by question id; one `assessor` string instead of a list; evidence items were bare
 * detection evidence (no `kind`, no human links or notes); waivers did not record
 * who entered them; no per-answer history, proposal snapshot, links or save record.
 */

const EvidenceV1Schema = z.strictObject({
  path: z.string(),
  line: z.number().int().positive().optional(),
  excerpt: z.string().optional(),
  sha256: z.string().regex(/^([0-9a-f]{64})?$/, 'expected a hex sha256 (or empty)'),
  note: z.string().optional(),
  commit: z.string().optional(),
});

const WaiverV1Schema = z.strictObject({
  justification: z.string().trim().min(1, 'must not be empty'),
  approver: z.string().trim().min(1, 'must not be empty'),
  expires: CalendarDateSchema,
  granted_at: TimestampSchema,
});

const AnswerV1Schema = z.strictObject({
  question: QuestionIdSchema,
  state: AnswerStateSchema,
  source: AnswerSourceSchema,
  note: z.string().optional(),
  evidence: z.array(EvidenceV1Schema).default(() => []),
  answered_by: z.string(),
  answered_at: TimestampSchema,
  owner: z.string().optional(),
  due: CalendarDateSchema.optional(),
  waiver: WaiverV1Schema.optional(),
});

export const AssessmentV1Schema = z
  .strictObject({
    schema_version: z.literal(1),
    id: z.string().trim().min(1),
    name: AssessmentNameSchema,
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
    repository: RepositorySchema,
    checklist: z.strictObject({ id: z.string(), version: z.string(), hash: z.string(), source: z.string().nullable() }),
    scope: ScopeSchema,
    assessor: z.string(),
    answers: z.array(AnswerV1Schema),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.answers.forEach((answer, i) => {
      if (seen.has(answer.question)) {
        ctx.addIssue({ code: 'custom', path: ['answers', i, 'question'], message: `second answer for question "${answer.question}"` });
      }
      seen.add(answer.question);
    });
  });
export type AssessmentV1 = z.infer<typeof AssessmentV1Schema>;
