import * as z from 'zod';
import { MAX_WAIVER_DAYS_LIMIT } from './limits.js';

/**
 * The CI gate's policy. Defaults are strict where it matters: blockers fail,
 * unknown on a blocker fails, expired waivers fail; softer things warn.
 */
export const PolicySchema = z.strictObject({
  /** Gaps at or above this severity fail the gate. */
  fail_on: z.enum(['blocker', 'high', 'medium']).default('blocker'),
  /** An applicable question answered "unknown" at or above fail_on. */
  unknown: z.enum(['fail', 'warn']).default('fail'),
  /** An applicable question nobody answered, at or above fail_on. Without a saved assessment this is "warn" unless set. */
  unanswered: z.enum(['fail', 'warn']).optional(),
  /** Answers whose evidence changed since they were given (the answer may still hold). */
  stale_evidence: z.enum(['fail', 'warn']).default('warn'),
  /** A yes that a fresh signal now contradicts (or a no it now supports), at or above fail_on. */
  contradictions: z.enum(['fail', 'warn']).default('fail'),
  /** Expired waivers, whatever the severity. */
  expired_waivers: z.enum(['fail', 'warn']).default('fail'),
  /** Gaps whose due date has passed. */
  overdue: z.enum(['fail', 'warn']).default('warn'),
  /** A waiver granted for longer than this many days is not honoured. null: no limit. */
  max_waiver_days: z.number().int().positive().max(MAX_WAIVER_DAYS_LIMIT, { error: `at most ${MAX_WAIVER_DAYS_LIMIT} (ten years); null means no limit` }).nullable().default(180),
});
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});

/** Later layers win: defaults ← policy file ← flags. */
export function mergePolicy(...layers: readonly (Partial<Policy> | undefined)[]): Policy {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) merged[k] = v;
  }
  return PolicySchema.parse(merged);
}
