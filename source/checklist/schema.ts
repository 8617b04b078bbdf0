import * as z from 'zod';
import { DataClassSchema, FrameworkSchema, TierSchema } from './scope.js';

/**
 * The single source of truth for checklist files. The JSON Schema shipped in
 * checklists/ is generated from this (npm run schema) so editors validate YAML.
 */

export const SEVERITIES = ['blocker', 'high', 'medium', 'low'] as const;
/** 0 for a blocker, 3 for low: the one order every list, gate and sort uses. */
export const severityRank = (s: (typeof SEVERITIES)[number]): number => SEVERITIES.indexOf(s);
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Answer states a signal outcome may propose. "unanswered" is never proposed. */
export const ProposableAnswerSchema = z.enum(['yes', 'partial', 'no', 'n/a', 'unknown']);
export type ProposableAnswer = z.infer<typeof ProposableAnswerSchema>;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

const text = z.string().trim().min(1, 'must not be empty');

export const SignalRuleSchema = z
  .object({
    /** Signal id from `shipshape scan --list-signals`. */
    id: id.describe('Signal id, as listed by `shipshape scan --list-signals`'),
    /** Answer proposed for each signal outcome. Defaults: pass→yes, fail→no, unknown→unknown, not_applicable→n/a. */
    pass: ProposableAnswerSchema.optional().describe('Answer proposed when the signal passes (default: yes)'),
    fail: ProposableAnswerSchema.optional().describe('Answer proposed when the signal fails (default: no)'),
    unknown: ProposableAnswerSchema.optional().describe('Answer proposed when the repository cannot tell (default: unknown)'),
    not_applicable: ProposableAnswerSchema.optional().describe('Answer proposed when the signal does not apply (default: n/a)'),
  })
  .strict();
export type SignalRule = z.infer<typeof SignalRuleSchema>;

export const AppliesWhenSchema = z
  .object({
    /** Applies only to these service tiers (any of). */
    tier: z.array(TierSchema).min(1).optional().describe('Applies only to these service tiers (any of)'),
    /** Applies only when the service handles any of these data classes. */
    data: z.array(DataClassSchema).min(1).optional().describe('Applies only when the service handles any of these data classes'),
    /** true: only when the service calls AI models; false: only when it does not. */
    ai: z.boolean().optional().describe('true: only when the service calls AI models; false: only when it does not'),
    /** Applies only when any of these frameworks is in scope. */
    frameworks: z.array(FrameworkSchema).min(1).optional().describe('Applies only when any of these frameworks is in scope'),
  })
  .strict();
export type AppliesWhen = z.infer<typeof AppliesWhenSchema>;

const controls = z.array(z.string().trim().min(1)).min(1);

export const MappingsSchema = z
  .object({
    soc2: controls.optional(),
    hipaa: controls.optional(),
    'pci-dss': controls.optional(),
    gdpr: controls.optional(),
    'nist-ai-rmf': controls.optional(),
    'owasp-llm': controls.optional(),
    'nist-ssdf': controls.optional(),
  })
  .strict();
export type Mappings = z.infer<typeof MappingsSchema>;

export const QuestionSchema = z
  .object({
    id: id.describe('Stable question id, e.g. secrets.no-hardcoded; answers are keyed by it'),
    section: id.describe('Id of the section this question belongs to'),
    text: text.describe('The question, answerable with yes / partial / no'),
    /** Why it matters, one or two sentences. */
    why: text.describe('Why it matters, in one or two sentences'),
    severity: SeveritySchema.describe('blocker stops a launch; high makes it conditional'),
    applies_when: AppliesWhenSchema.optional().describe('Scope conditions; every key given must match. Omit to apply always'),
    /** Signals that can propose an answer. Several signals combine per `combine`. */
    signals: z.array(SignalRuleSchema).optional().describe('Signals that can propose an answer'),
    /** all: every signal must propose yes for yes (default); any: one yes suffices. */
    combine: z.enum(['all', 'any']).optional().describe('all (default): every signal must propose yes; any: one yes suffices'),
    /** What a human answer needs as evidence. */
    evidence: text.describe('What a human answer needs as evidence'),
    remediation: text.describe('How to close the gap'),
    mappings: MappingsSchema.describe('Framework control identifiers (identifiers only, never control text)'),
  })
  .strict();
export type Question = z.infer<typeof QuestionSchema>;

export const SectionSchema = z
  .object({
    id,
    title: text,
    description: text.optional(),
    /** Labels for output formats; `security` makes the section's gaps security findings in SARIF. Not part of the content hash. */
    tags: z.array(id).optional().describe('Labels for output formats: "security" makes this section\'s gaps security findings in SARIF (security-severity, code scanning). Not part of the content hash'),
  })
  .strict();
export type Section = z.infer<typeof SectionSchema>;

export const ChecklistFileSchema = z
  .object({
    $schema: z.string().optional(),
    id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.2.0'),
    title: text,
    description: text.optional(),
    /** Path (relative to this file) or id of a shipped checklist this one builds on. */
    extends: z.string().trim().min(1).optional().describe('Path (relative to this file) or id of a shipped checklist this one builds on'),
    sections: z.array(SectionSchema).optional(),
    questions: z.array(QuestionSchema).optional(),
    /** For an extending checklist: ids of inherited questions and sections to drop. */
    drop: z
      .object({
        questions: z.array(id).optional(),
        sections: z.array(id).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ChecklistFile = z.infer<typeof ChecklistFileSchema>;

/** A fully resolved checklist (after extends). */
export interface Checklist {
  id: string;
  version: string;
  title: string;
  description?: string;
  sections: Section[];
  questions: Question[];
  /** sha256 of the canonical JSON of sections+questions: pins exactly what was asked. */
  hash: string;
  /** Files that contributed, base first. */
  sources: string[];
}
