import { describe, expect, it } from 'vitest';
import { liveCredentialSignal } from '../../source/detect/detectors/secrets/live-credential-signal.js';
import type { Evidence, Signal } from '../../source/detect/types.js';

const ev = (path: string, severity: Evidence['severity'], apart?: Evidence['apart']): Evidence => ({ path, line: 3, sha256: 'x', severity, ...(apart ? { apart } : {}) });
const hardcoded = (status: Signal['status'], evidence: Evidence[]): Signal => ({ id: 'secrets.hardcoded', status, confidence: 'high', summary: 's', evidence });

describe('secrets.live-credential', () => {
  it('fails on counted critical findings only, with them as evidence', () => {
    const s = liveCredentialSignal(hardcoded('fail', [ev('supabase/migrations/1.sql', 'critical'), ev('.env.example', 'medium'), ev('test/keys.ts', 'critical', 'test-fixture')]));
    expect(s.status).toBe('fail');
    expect(s.evidence.map((e) => e.path)).toEqual(['supabase/migrations/1.sql']);
    expect(s.summary).toContain('supabase/migrations/1.sql:3');
  });

  it('passes when the hard-coded findings are generic (an example SESSION_SECRET, a docs snippet)', () => {
    expect(liveCredentialSignal(hardcoded('fail', [ev('.env.example', 'medium'), ev('docs/email.md', 'medium')])).status).toBe('pass');
    expect(liveCredentialSignal(hardcoded('pass', [])).status).toBe('pass');
  });

  it('stays unknown when nothing was scanned', () => {
    const s = liveCredentialSignal(hardcoded('unknown', []));
    expect(s.id).toBe('secrets.live-credential');
    expect(s.status).toBe('unknown');
  });
});
