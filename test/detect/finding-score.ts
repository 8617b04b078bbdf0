import type { Signal } from '../../source/detect/types.js';

/**
 * Finding-level accuracy, beside the signal-level score: for a signal whose evidence
 * lists individual findings (secrets.hardcoded), which labelled lines were reported
 * and which reported findings nobody labelled. A finding counts when it is evidence
 * not set apart (fixtures, test data, suppressed, public keys are shown but not
 * counted); a place folded into another (the same value repeated in docs, listed in
 * `details.repeats`) counts as reported, since the evidence names it.
 */
export interface FindingScore {
  labelled: number;
  found: number;
  missed: string[];
  /** Counted findings at no labelled line. */
  extra: string[];
}

const at = (path: string, line: number | null | undefined) => `${path}${line ? `:${line}` : ''}`;

export function scoreFindings(signal: Signal | undefined, labelled: readonly string[]): FindingScore {
  const counted = new Set<string>();
  for (const e of signal?.evidence ?? []) if (e.apart === undefined) counted.add(at(e.path, e.line));
  const repeats = (signal?.details?.['repeats'] ?? []) as { path: string; line: number | null; sameAs: string }[];
  const reported = new Set(counted);
  for (const r of repeats) if (counted.has(r.sameAs)) reported.add(at(r.path, r.line));
  const want = new Set(labelled);
  return {
    labelled: want.size,
    found: [...want].filter((l) => reported.has(l)).length,
    missed: [...want].filter((l) => !reported.has(l)),
    extra: [...counted].filter((l) => !want.has(l)),
  };
}
