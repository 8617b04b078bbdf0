import type { Confidence, EvaluateInput, Evidence, Finding, Signal } from '../../types.js';
import { collectSecrets } from './hardcoded.js';
import { evidenceFor, flag, MAX_EVIDENCE, plural, str } from './report.js';

/**
 * secrets.history: secrets that some past commit added. Deleting a key in a later
 * commit does not un-leak it — anyone with a clone has it — so a secret found in
 * history fails the signal whether or not it is still in the tree; evidence says
 * which ones were removed since (those need rotating; the rest are also in
 * secrets.hardcoded). Test-fixture and suppression rules are the same as for the tree.
 *
 * The lines come from the engine's `historyPatches` stream (`git log -p`), injected
 * through EvaluateInput so this module stays testable without git.
 */
export const HISTORY_ID = 'secrets.history';

type Patches = NonNullable<EvaluateInput['historyPatches']>;

/** Distinct secrets kept in memory while streaming (a pathological history cannot grow this without bound). */
const MAX_DISTINCT = 2000;

export interface HistoryScan {
  findings: Finding[];
  commits: number;
  truncated: boolean;
}

/** Stream the added lines and collect one finding per distinct secret, at the oldest commit that added it. */
export async function scanHistory(patches: Patches, wants: (path: string) => boolean): Promise<HistoryScan> {
  const byFingerprint = new Map<string, Finding>();
  const commits = new Set<string>();
  let truncated = false;
  for await (const patch of patches()) {
    commits.add(patch.commit);
    if (!wants(patch.path) || patch.addedLines.length === 0) continue;
    const base = (patch.path.split('/').pop() ?? '').toLowerCase();
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? base.slice(dot) : '';
    const text = patch.addedLines.map((l) => l.text).join('\n');
    const found = collectSecrets(patch.path, base, ext, text, {
      lineNumber: (i) => patch.addedLines[i]?.line ?? i + 1,
      extra: { commit: patch.commit },
    });
    for (const f of found) {
      const fp = str(f, 'fingerprint');
      // Newest first: a later sighting of the same secret is an older commit, so it wins.
      if (byFingerprint.has(fp) || byFingerprint.size < MAX_DISTINCT) byFingerprint.set(fp, f);
      else truncated = true;
    }
  }
  return { findings: [...byFingerprint.values()], commits: commits.size, truncated };
}

export async function historySignal(
  input: EvaluateInput,
  currentFingerprints: ReadonlySet<string>,
  wants: (path: string) => boolean,
): Promise<Signal> {
  const unknown = (summary: string): Signal => ({ id: HISTORY_ID, status: 'unknown', summary, confidence: 'low', evidence: [] });
  if (input.options.history !== true) {
    return unknown('Git history not scanned: run with --history to look for secrets committed and since removed');
  }
  if (!input.git.isRepository) return unknown('Not a git repository: there is no history to scan');
  if (!input.historyPatches) return unknown('No commits to scan');

  let scan: HistoryScan;
  try {
    scan = await scanHistory(input.historyPatches, wants);
  } catch {
    return unknown('Git history could not be read');
  }
  const failing = scan.findings.filter((f) => flag(f, 'fails'));
  const removed = failing.filter((f) => !currentFingerprints.has(str(f, 'fingerprint')));
  const evidence: Evidence[] = [...scan.findings]
    .sort((a, b) => Number(flag(b, 'fails')) - Number(flag(a, 'fails')))
    .slice(0, MAX_EVIDENCE)
    .map((f) => {
      const e = evidenceFor(f, '');
      const where = currentFingerprints.has(str(f, 'fingerprint'))
        ? 'still in the tree (see secrets.hardcoded)'
        : 'removed since: rotate it';
      return { ...e, note: `${e.note ?? ''}; ${where}` };
    });
  const depth = input.options.historyDepth ?? 1000;
  const scope = `${plural(scan.commits, 'commit')} scanned (up to ${depth})`;
  const confidence: Confidence =
    failing.length === 0 ? 'medium' : failing.some((f) => f.data?.['confidence'] === 'high') ? 'high' : 'medium';
  return {
    id: HISTORY_ID,
    status: failing.length > 0 ? 'fail' : 'pass',
    summary:
      failing.length > 0
        ? `${plural(failing.length, 'secret')} in git history, ${removed.length} removed since (rotate them: deleting a file does not un-leak a key); ${scope}`
        : `No secrets in the lines added by ${scope}`,
    confidence,
    evidence,
    details: {
      commitsScanned: scan.commits,
      failing: failing.length,
      removedSince: removed.length,
      distinctFindings: scan.findings.length,
      truncated: scan.truncated,
    },
  };
}
