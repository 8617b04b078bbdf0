import { describe, expect, it } from 'vitest';
import { grantWaiver, setAnswer, setOwnerDue } from '../../source/assessment/answers.js';
import { evaluateGate } from '../../source/assessment/gate.js';
import { DEFAULT_POLICY, mergePolicy } from '../../source/assessment/policy.js';
import { proposeAll } from '../../source/assessment/propose.js';
import { reconcile } from '../../source/assessment/reconcile.js';
import { refreshDetectedAnswers } from '../../source/assessment/refresh.js';
import { alice, assessment, checklist, LATER, NOW, question, signal } from '../helpers/builders.js';

const list = checklist([
  question('sec.secrets', { severity: 'blocker', signals: [{ id: 'secrets.hardcoded' }] }),
  question('auth.mfa', { severity: 'high' }),
  question('ops.logs', { severity: 'medium', signals: [{ id: 'logging.structured' }] }),
  question('ops.docs', { severity: 'low' }),
]);

const gate = (a = assessment(list), policy = DEFAULT_POLICY, opts: { detectionOnly?: boolean; now?: Date; reconciled?: ReturnType<typeof reconcile> | null } = {}) =>
  evaluateGate({ assessment: a, checklist: list, reconciled: opts.reconciled ?? null, policy, now: opts.now ?? NOW, detectionOnly: opts.detectionOnly ?? false });

function answerAll(state: 'yes' | 'no' = 'yes') {
  let a = assessment(list);
  for (const q of list.questions) a = setAnswer(a, q.id, { state }, alice);
  return a;
}

describe('evaluateGate', () => {
  it('passes when every applicable question is yes', () => {
    const r = gate(answerAll('yes'));
    expect(r.passed).toBe(true);
    expect(r.verdict).toBe('ready');
    expect(r.failures).toEqual([]);
  });

  it('fails on a blocker answered no, and names it', () => {
    const a = setAnswer(answerAll('yes'), 'sec.secrets', { state: 'no', note: 'key in config.ts' }, alice);
    const r = gate(a);
    expect(r.passed).toBe(false);
    expect(r.failures.map((f) => [f.question, f.kind])).toEqual([['sec.secrets', 'gap']]);
    expect(r.failures[0]?.message).toContain('key in config.ts');
  });

  it('a high gap fails only when fail_on reaches high', () => {
    const a = setAnswer(answerAll('yes'), 'auth.mfa', { state: 'no' }, alice);
    expect(gate(a).passed).toBe(true);
    expect(gate(a, mergePolicy({ fail_on: 'high' })).passed).toBe(false);
    expect(gate(a, mergePolicy({ fail_on: 'medium' })).failures.map((f) => f.question)).toEqual(['auth.mfa']);
  });

  it('unknown on a blocker fails even when unknown is allowed', () => {
    const a = setAnswer(answerAll('yes'), 'sec.secrets', { state: 'unknown' }, alice);
    expect(gate(a, mergePolicy({ unknown: 'warn' })).failures.map((f) => f.kind)).toEqual(['unknown']);
    const high = setAnswer(answerAll('yes'), 'auth.mfa', { state: 'unknown' }, alice);
    expect(gate(high, mergePolicy({ fail_on: 'high' })).passed).toBe(false);
    expect(gate(high, mergePolicy({ fail_on: 'high', unknown: 'warn' })).passed).toBe(true);
  });

  it('unanswered fails with a saved assessment, warns on the detection-only path', () => {
    const a = assessment(list);
    expect(gate(a).failures.map((f) => f.kind)).toEqual(['unanswered']);
    const detectionOnly = gate(a, DEFAULT_POLICY, { detectionOnly: true });
    expect(detectionOnly.passed).toBe(true);
    // The blocker is named; the three below fail-on are summed up in one line.
    expect(detectionOnly.warnings.map((f) => [f.question, f.kind])).toEqual([['sec.secrets', 'unanswered'], ['', 'unanswered']]);
    expect(detectionOnly.warnings[1]?.message).toMatch(/^3 applicable questions are not answered yet/);
    expect(gate(a, mergePolicy({ unanswered: 'warn' })).passed).toBe(true);
  });

  it('an active waiver lifts a blocker; an expired one fails whatever the severity', () => {
    let a = setAnswer(answerAll('yes'), 'sec.secrets', { state: 'no' }, alice);
    a = grantWaiver(a, 'sec.secrets', { justification: 'rotating next sprint', approver: 'CISO', expires: '2025-07-01' }, alice);
    expect(gate(a).passed).toBe(true);
    const later = gate(a, DEFAULT_POLICY, { now: LATER });
    expect(later.passed).toBe(false);
    expect(later.failures.map((f) => f.kind)).toContain('expired-waiver');

    let low = setAnswer(answerAll('yes'), 'ops.docs', { state: 'no' }, alice);
    low = grantWaiver(low, 'ops.docs', { justification: 'later', approver: 'Lead', expires: '2025-07-01' }, alice);
    expect(gate(low, DEFAULT_POLICY, { now: LATER }).failures.map((f) => f.kind)).toEqual(['expired-waiver']);
    expect(gate(low, mergePolicy({ expired_waivers: 'warn' }), { now: LATER }).passed).toBe(true);
  });

  it('a waiver longer than the policy allows is not honoured', () => {
    let a = setAnswer(answerAll('yes'), 'sec.secrets', { state: 'no' }, alice);
    a = grantWaiver(a, 'sec.secrets', { justification: 'legacy', approver: 'CISO', expires: '2026-06-15' }, alice);
    expect(gate(a).failures.map((f) => f.kind)).toEqual(['waiver-too-long']);
    expect(gate(a, mergePolicy({ max_waiver_days: 400 })).passed).toBe(true);
    expect(gate(a, mergePolicy({ max_waiver_days: null })).passed).toBe(true);
  });

  it('overdue gaps warn by default and fail when the policy says so', () => {
    let a = setAnswer(answerAll('yes'), 'ops.docs', { state: 'no' }, alice);
    a = setOwnerDue(a, 'ops.docs', { owner: 'Dana', due: '2025-07-01' }, alice);
    expect(gate(a, DEFAULT_POLICY, { now: LATER }).warnings.map((f) => f.kind)).toEqual(['overdue']);
    expect(gate(a, mergePolicy({ overdue: 'fail' }), { now: LATER }).passed).toBe(false);
  });

  it('a fresh signal contradicting a human yes fails; changed evidence only warns unless stale_evidence is fail', () => {
    const a = answerAll('yes');
    const contradicted = reconcile(a, list, [signal('secrets.hardcoded', 'fail'), signal('logging.structured', 'pass')], LATER);
    const r = gate(a, DEFAULT_POLICY, { reconciled: contradicted, now: LATER });
    expect(r.failures.map((f) => [f.question, f.kind])).toEqual([['sec.secrets', 'contradiction']]);
    expect(gate(a, mergePolicy({ contradictions: 'warn' }), { reconciled: contradicted, now: LATER }).passed).toBe(true);
  });

  it('detected answers follow a fresh scan; people\'s answers are kept', () => {
    const first = proposeAll(list.questions, [signal('secrets.hardcoded', 'pass'), signal('logging.structured', 'pass')]);
    let a = refreshDetectedAnswers(assessment(list), list, first, { by: 'ci', now: NOW });
    expect(a.answers['sec.secrets']?.state).toBe('yes');
    a = setAnswer(a, 'ops.logs', { state: 'partial' }, alice);
    const second = proposeAll(list.questions, [signal('secrets.hardcoded', 'fail'), signal('logging.structured', 'fail')]);
    const b = refreshDetectedAnswers(a, list, second, { by: 'ci', now: LATER });
    expect(b.answers['sec.secrets']?.state).toBe('no');
    expect(b.answers['sec.secrets']?.source).toBe('detected');
    expect(b.answers['ops.logs']?.state).toBe('partial');
    // An unknown proposal never fills an empty answer.
    const unknown = proposeAll(list.questions, [signal('secrets.hardcoded', 'unknown')]);
    expect(refreshDetectedAnswers(assessment(list), list, unknown, { by: 'ci', now: NOW }).answers['sec.secrets']).toBeUndefined();
  });
});
