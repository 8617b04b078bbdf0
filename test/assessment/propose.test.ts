import { describe, expect, it } from 'vitest';
import { digestsOf, proposeAnswer, snapshotProposal } from '../../source/assessment/propose.js';
import { NOW, evidence, question, signal, signals } from '../helpers/builders.js';

const two = (combine: 'all' | 'any') => question('q', { signals: [{ id: 'a' }, { id: 'b' }], combine });

describe('proposeAnswer', () => {
  it('returns null for a question no signal can answer', () => {
    expect(proposeAnswer(question('q'), signals())).toBeNull();
  });

  it('maps statuses by default: pass→yes, fail→no, unknown→unknown, not_applicable→n/a', () => {
    const q = question('q', { signals: [{ id: 'a' }] });
    expect(proposeAnswer(q, signals(signal('a', 'pass')))?.state).toBe('yes');
    expect(proposeAnswer(q, signals(signal('a', 'fail')))?.state).toBe('no');
    expect(proposeAnswer(q, signals(signal('a', 'unknown')))?.state).toBe('unknown');
    expect(proposeAnswer(q, signals(signal('a', 'not_applicable')))?.state).toBe('n/a');
  });

  it('honours per-rule overrides', () => {
    const q = question('q', { signals: [{ id: 'a', fail: 'partial', not_applicable: 'yes' }] });
    expect(proposeAnswer(q, signals(signal('a', 'fail')))?.state).toBe('partial');
    expect(proposeAnswer(q, signals(signal('a', 'not_applicable')))?.state).toBe('yes');
  });

  it('proposes unknown for a missing signal and names it', () => {
    const p = proposeAnswer(question('q', { signals: [{ id: 'a' }] }), signals());
    expect(p?.state).toBe('unknown');
    expect(p?.missing).toEqual(['a']);
    expect(p?.signals).toEqual([]);
    expect(p?.reason).toContain('a: not reported by this scan');
  });

  it('never turns a low-confidence pass into yes', () => {
    const p = proposeAnswer(question('q', { signals: [{ id: 'a' }] }), signals(signal('a', 'pass', { confidence: 'low' })));
    expect(p?.state).toBe('unknown');
    expect(p?.reason).toMatch(/weak hint/);
  });

  it('keeps a medium-confidence pass as yes, and a low-confidence fail as no', () => {
    const q = question('q', { signals: [{ id: 'a' }] });
    expect(proposeAnswer(q, signals(signal('a', 'pass', { confidence: 'medium' })))?.state).toBe('yes');
    expect(proposeAnswer(q, signals(signal('a', 'fail', { confidence: 'low' })))?.state).toBe('no');
  });

  describe('combine: all', () => {
    const q = two('all');
    it.each([
      ['pass', 'pass', 'yes'],
      ['pass', 'fail', 'partial'],
      ['fail', 'fail', 'no'],
      ['fail', 'unknown', 'no'],
      ['pass', 'unknown', 'unknown'],
      ['pass', 'not_applicable', 'yes'],
      ['not_applicable', 'not_applicable', 'n/a'],
      ['unknown', 'not_applicable', 'unknown'],
    ] as const)('%s + %s → %s', (a, b, expected) => {
      expect(proposeAnswer(q, signals(signal('a', a), signal('b', b)))?.state).toBe(expected);
    });

    it('a missing signal makes yes impossible', () => {
      expect(proposeAnswer(q, signals(signal('a', 'pass')))?.state).toBe('unknown');
    });

    it('defaults to all when combine is absent', () => {
      const q2 = question('q', { signals: [{ id: 'a' }, { id: 'b' }] });
      expect(proposeAnswer(q2, signals(signal('a', 'pass'), signal('b', 'unknown')))?.state).toBe('unknown');
    });

    it('takes the lowest confidence of the signals it rests on', () => {
      const p = proposeAnswer(q, signals(signal('a', 'pass'), signal('b', 'pass', { confidence: 'medium' })));
      expect(p?.confidence).toBe('medium');
    });
  });

  describe('combine: any', () => {
    const q = two('any');
    it.each([
      ['pass', 'fail', 'yes'],
      ['unknown', 'pass', 'yes'],
      ['fail', 'unknown', 'no'],
      ['unknown', 'not_applicable', 'unknown'],
      ['not_applicable', 'not_applicable', 'n/a'],
      ['fail', 'fail', 'no'],
    ] as const)('%s + %s → %s', (a, b, expected) => {
      expect(proposeAnswer(q, signals(signal('a', a), signal('b', b)))?.state).toBe(expected);
    });

    it('a yes needs only the signal that said it, and carries only its evidence', () => {
      const p = proposeAnswer(q, signals(signal('a', 'pass', { evidence: [evidence('good.ts')] }), signal('b', 'fail', { evidence: [evidence('bad.ts')] })));
      expect(p?.state).toBe('yes');
      expect(p?.evidence.map((e) => e.path)).toEqual(['good.ts']);
      expect(p?.evidence[0]).toMatchObject({ kind: 'detected', signal: 'a' });
    });

    it('a low-confidence pass next to a fail does not make yes', () => {
      expect(proposeAnswer(q, signals(signal('a', 'pass', { confidence: 'low' }), signal('b', 'fail')))?.state).toBe('no');
    });

    it('a missing signal does not stop a yes from another', () => {
      expect(proposeAnswer(q, signals(signal('b', 'pass')))?.state).toBe('yes');
    });
  });

  it('sanitises signal summaries in the reason', () => {
    const p = proposeAnswer(question('q', { signals: [{ id: 'a' }] }), signals(signal('a', 'pass', { summary: 'found \u001b[31mred\u001b[0m in x' })));
    expect(p?.reason).not.toContain('\u001b');
  });

  it('snapshots sorted, unique digests without excerpts', () => {
    const p = proposeAnswer(
      two('all'),
      signals(signal('a', 'pass', { evidence: [evidence('z.ts', 'b', 3), evidence('a.ts')] }), signal('b', 'pass', { evidence: [evidence('a.ts')] })),
    );
    expect(p).not.toBeNull();
    const snap = snapshotProposal(p!, NOW);
    expect(snap.digests).toEqual([
      { path: 'a.ts', sha256: 'a'.repeat(64) },
      { path: 'z.ts', line: 3, sha256: 'b'.repeat(64) },
    ]);
    expect(snap.proposed_at).toBe(NOW.toISOString());
    expect(digestsOf([])).toEqual([]);
  });
});
