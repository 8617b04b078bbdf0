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
    /** Reached the main line through a pull/merge request (merge or PR-numbered squash). */
    viaPullRequests: number | null;
    /** Through a merge that names no request (sync merges): git shows no review. */
    viaOtherMerges: number | null;
    pushedDirectly: number | null;
    /** Commits git shows a review for (Reviewed-by / Approved-by trailers). */
    reviewShown: number | null;
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
        return {
          status: c.status,
          summary: c.summary,
          examined,
          assisted,
          sharePercent: share === null ? null : Math.round(share * 10) / 10,
          viaPullRequests: pickNumber(c.details, ['via_pull_request', 'via_pull_requests']),
          viaOtherMerges: pickNumber(c.details, ['via_other_merge', 'via_other_merges']),
          pushedDirectly: pickNumber(c.details, ['direct', 'pushed_directly']),
          // Never read from a count of merges: a merge is not a review.
          reviewShown: pickNumber(c.details, ['review_shown']),
        };
      })()
    : null;
  return { available: markers !== null || commits !== null, markers, commits };
}
