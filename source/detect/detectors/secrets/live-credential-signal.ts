import type { Signal } from '../../types.js';

export const LIVE_CREDENTIAL_ID = 'secrets.live-credential';

/**
 * The hard-coded findings that are certainly live credentials (critical: provider
 * keys in their own format, a Supabase service-role key), read off the
 * secrets.hardcoded signal. Questions about where production secrets come from
 * and whether they rotate without a code change are disproved by these, not by a
 * generic `SESSION_SECRET="…"` in an example file or a docs snippet.
 */
export function liveCredentialSignal(hardcoded: Signal): Signal {
  if (hardcoded.status === 'unknown') return { ...hardcoded, id: LIVE_CREDENTIAL_ID, evidence: [] };
  const live = hardcoded.evidence.filter((e) => e.severity === 'critical' && e.apart === undefined);
  if (live.length === 0) {
    return { id: LIVE_CREDENTIAL_ID, status: 'pass', confidence: 'medium', evidence: [], summary: 'no live credential (provider key format, service-role key) written into the code' };
  }
  const files = new Set(live.map((e) => e.path));
  return {
    id: LIVE_CREDENTIAL_ID,
    status: 'fail',
    confidence: 'high',
    evidence: live,
    details: { live: live.length, files: files.size },
    summary: `${live.length} live credential${live.length === 1 ? '' : 's'} written into ${files.size} file${files.size === 1 ? '' : 's'} (e.g. ${live[0]?.path}:${live[0]?.line ?? 1}): baked into the code, not delivered at runtime, and not rotatable without a code change`,
  };
}
