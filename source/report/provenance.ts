import type { ScanResult, Signal } from '../detect/types.js';

/**
 * What the scan says about AI-assisted authorship, from the two informational
 * signals `ai.provenance-markers` and `ai.assisted-commits`. The numbers come
 * from the signal's `details`; several key spellings are accepted so the summary
 * does not silently go blank if the detector names a count slightly differently.
 */

export interface ProvenanceSummary {
  /** False when there was no scan, or it reported neither signal. */
  available: boolean;
  markers: { status: string; summary: string; count: number; paths: string[] } | null;
  commits: {
    status: string;
    summary: string;
    examined: number | null;
    assisted: number | null;
    /** 0–100, one decimal. */
    sharePercent: number | null;
    viaReviewedMerges: number | null;
  } | null;
}

const MAX_MARKER_PATHS = 50;

function pickNumber(details: Record<string, unknown> | undefined, keys: readonly string[]): number | null {
  if (!details) return null;
  for (const k of keys) {
    const v = details[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  }
  return null;
}

function find(scan: ScanResult | null, id: string): Signal | undefined {
  return scan?.signals.find((s) => s.id === id);
}

export function provenanceSummary(scan: ScanResult | null): ProvenanceSummary {
  const m = find(scan, 'ai.provenance-markers');
  const c = find(scan, 'ai.assisted-commits');
  const markers = m
    ? (() => {
        const paths = [...new Set(m.evidence.map((e) => e.path).filter((p) => p !== ''))].sort();
        const count = pickNumber(m.details, ['markers', 'count', 'files']) ?? paths.length;
        return { status: m.status, summary: m.summary, count, paths: paths.slice(0, MAX_MARKER_PATHS) };
      })()
    : null;
  const commits = c
    ? (() => {
        const examined = pickNumber(c.details, ['total_commits', 'commits_examined', 'examined', 'commits', 'total']);
        const assisted = pickNumber(c.details, ['ai_commits', 'assisted', 'assisted_commits']);
        let share = pickNumber(c.details, ['share_percent', 'percent']);
        if (share === null) {
          const fraction = pickNumber(c.details, ['share']);
          if (fraction !== null) share = fraction <= 1 ? fraction * 100 : fraction;
          else if (examined && assisted !== null) share = (assisted / examined) * 100;
        }
        const reviewed = pickNumber(c.details, ['via_reviewed_merge', 'via_reviewed_merges', 'reviewed_merges', 'reviewed']);
        return {
          status: c.status,
          summary: c.summary,
          examined,
          assisted,
          sharePercent: share === null ? null : Math.round(share * 10) / 10,
          viaReviewedMerges: reviewed,
        };
      })()
    : null;
  return { available: markers !== null || commits !== null, markers, commits };
}
