import { describe, expect, it } from 'vitest';
import { inferAiScope } from '../../source/assessment/ai-scope.js';
import type { Signal } from '../../source/detect/types.js';

const sdk = (status: Signal['status'], details?: Record<string, unknown>): Signal => ({
  id: 'llm.sdk', status, summary: 'x', confidence: 'high', details,
  evidence: status === 'pass' ? [{ path: 'supabase/functions/_shared/ai.ts', line: 12, sha256: '' }] : [],
});

describe('inferAiScope', () => {
  it('says yes and names the routes the scan found, with a first place to look', () => {
    const r = inferAiScope([sdk('pass', { via: [{ how: 'HTTP', what: 'Lovable AI Gateway', calls: 3 }, { how: 'SDK', what: 'OpenAI', calls: 1 }] })]);
    expect(r.ai).toBe(true);
    expect(r.words).toBe('the scan found model calls: Lovable AI Gateway (HTTP, 3 calls), OpenAI (SDK, 1 call), e.g. supabase/functions/_shared/ai.ts:12');
  });

  it('says no only when the scan found no model call at all, and leaves the rest to a person', () => {
    expect(inferAiScope([sdk('not_applicable')]).ai).toBe(false);
    expect(inferAiScope([sdk('unknown')]).ai).toBeNull();
    expect(inferAiScope([]).ai).toBeNull();
  });

  it('falls back to the imported libraries when no call site was recognised', () => {
    expect(inferAiScope([sdk('pass', { via: [], libraries: ['LangChain4j'] })]).words).toMatch(/^the scan found model calls: LangChain4j imported/);
  });

  it('keeps escape sequences from a hostile repository out of the words', () => {
    const r = inferAiScope([sdk('pass', { via: [{ how: 'HTTP', what: 'evil\u001b[31mred', calls: 1 }] })]);
    expect(r.words).not.toContain('\u001b');
  });
});
