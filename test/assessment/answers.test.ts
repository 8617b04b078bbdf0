import { describe, expect, it } from 'vitest';
import {
  addEvidence,
  applyProposal,
  clearAnswer,
  confirmProposal,
  grantWaiver,
  removeEvidence,
  revokeWaiver,
  setAnswer,
  setLinks,
  setNote,
  setOwnerDue,
  type Actor,
} from '../../source/assessment/answers.js';
import { AnswerError } from '../../source/assessment/errors.js';
import { AssessmentSchema, type Assessment } from '../../source/assessment/model.js';
import { proposeAnswer, type Proposal } from '../../source/assessment/propose.js';
import { NOW, alice, assessment, bob, checklist, question, signal, signals } from '../helpers/builders.js';

const list = checklist([question('auth.mfa', { signals: [{ id: 'auth.library' }] })]);
const base = assessment(list);
const Q = 'auth.mfa';

function proposal(status: 'pass' | 'fail'): Proposal {
  const p = proposeAnswer(list.questions[0]!, signals(signal('auth.library', status)));
  if (!p) throw new Error('expected a proposal');
  return p;
}

function answerOf(a: Assessment) {
  const answer = a.answers[Q];
  if (!answer) throw new Error('no answer');
  return answer;
}

/** Every operation's output must still be a valid file. */
function valid(a: Assessment): Assessment {
  expect(AssessmentSchema.safeParse(a).success).toBe(true);
  return a;
}

describe('answer operations', () => {
  it('setAnswer records a human answer, its author and time, and a first history entry', () => {
    const a = valid(setAnswer(base, Q, { state: 'no', note: '  not yet  ' }, alice));
    expect(answerOf(a)).toMatchObject({ state: 'no', source: 'human', note: 'not yet', answered_by: 'Alice', answered_at: NOW.toISOString() });
    expect(answerOf(a).history).toEqual([{ at: NOW.toISOString(), by: 'Alice', action: 'answer', previous: null }]);
    expect(a.updated_at).toBe(NOW.toISOString());
    expect(base.answers[Q]).toBeUndefined(); // input untouched
  });

  it('every change appends the previous answer to the history', () => {
    let a = setAnswer(base, Q, { state: 'no' }, alice);
    a = setOwnerDue(a, Q, { owner: 'Dana', due: '2025-07-01' }, alice);
    a = setNote(a, Q, 'waiting on IdP', bob);
    a = grantWaiver(a, Q, { justification: 'MFA at the VPN for now', approver: 'CISO', expires: '2025-09-30' }, bob);
    a = revokeWaiver(a, Q, alice);
    a = setLinks(a, Q, ['https://tickets/1', ' ', 'https://tickets/1'], alice);
    a = addEvidence(a, Q, { kind: 'link', url: 'https://wiki/mfa' }, alice);
    a = removeEvidence(a, Q, 0, alice);
    a = setAnswer(a, Q, { state: 'yes' }, bob);
    valid(a);
    const h = answerOf(a).history;
    expect(h.map((e) => e.action)).toEqual(['answer', 'owner-due', 'note', 'waive', 'revoke-waiver', 'links', 'evidence', 'evidence', 'answer']);
    expect(h.map((e) => e.by)).toEqual(['Alice', 'Alice', 'Bob', 'Bob', 'Alice', 'Alice', 'Alice', 'Alice', 'Bob']);
    expect(h[1]?.previous).toEqual({ state: 'no', source: 'human' });
    expect(h[2]?.previous).toMatchObject({ owner: 'Dana', due: '2025-07-01' });
    expect(h[4]?.previous?.waiver).toMatchObject({ approver: 'CISO', expires: '2025-09-30', granted_by: 'Bob' });
    expect(h[6]?.detail).toBe('added link https://wiki/mfa');
    expect(h[7]?.detail).toBe('removed evidence https://wiki/mfa');
    expect(h[8]?.previous).toMatchObject({ state: 'no', note: 'waiting on IdP', owner: 'Dana', links: ['https://tickets/1'] });
    // A yes is not a gap: owner and due go (the history keeps them).
    expect(answerOf(a).owner).toBeUndefined();
    expect(answerOf(a).due).toBeUndefined();
    expect(answerOf(a).links).toEqual(['https://tickets/1']);
    expect(a.assessors).toEqual(['Alice', 'Bob']);
  });

  it('confirmProposal takes the proposal state, evidence and snapshot', () => {
    const p = proposal('pass');
    const a = valid(confirmProposal(base, Q, p, alice));
    expect(answerOf(a)).toMatchObject({ state: 'yes', source: 'confirmed' });
    expect(answerOf(a).evidence).toEqual(p.evidence);
    expect(answerOf(a).proposal).toMatchObject({ state: 'yes', signals: ['auth.library'], digests: [{ path: 'auth.library.txt' }] });
    expect(answerOf(a).history[0]?.action).toBe('confirm');
  });

  it('a human override keeps the proposal snapshot but drops evidence that supported the other state', () => {
    let a = confirmProposal(base, Q, proposal('pass'), alice);
    a = addEvidence(a, Q, { kind: 'note', text: 'checked in the console' }, alice);
    a = valid(setAnswer(a, Q, { state: 'no' }, bob));
    expect(answerOf(a).proposal?.state).toBe('yes');
    expect(answerOf(a).evidence.map((e) => e.kind)).toEqual(['note']);
    // Agreeing with the proposal keeps detected evidence.
    const agree = setAnswer(base, Q, { state: 'yes', proposal: proposal('pass') }, alice);
    expect(answerOf(agree).evidence.map((e) => e.kind)).toEqual(['detected']);
  });

  it('applyProposal pre-fills but never replaces a person', () => {
    const a = valid(applyProposal(base, Q, proposal('fail'), alice));
    expect(answerOf(a).source).toBe('detected');
    const again = applyProposal(a, Q, proposal('pass'), alice);
    expect(answerOf(again).state).toBe('yes');
    const human = setAnswer(a, Q, { state: 'no' }, bob);
    expect(() => applyProposal(human, Q, proposal('pass'), alice)).toThrow(AnswerError);
  });

  describe('waivers', () => {
    const gap = setAnswer(base, Q, { state: 'no' }, alice);
    const ok = { justification: 'Compensating control: VPN MFA', approver: 'CISO', expires: '2025-09-30' };

    it('needs a justification, an approver and a future expiry', () => {
      expect(() => grantWaiver(gap, Q, { ...ok, justification: '  ' }, alice)).toThrow(/justification/);
      expect(() => grantWaiver(gap, Q, { ...ok, approver: '' }, alice)).toThrow(/approver/);
      expect(() => grantWaiver(gap, Q, { ...ok, expires: '2025-06-15' }, alice)).toThrow(/expire after today \(2025-06-15\)/);
      expect(() => grantWaiver(gap, Q, { ...ok, expires: '2025-01-01' }, alice)).toThrow(AnswerError);
      expect(() => grantWaiver(gap, Q, { ...ok, expires: '2025-02-30' }, alice)).toThrow(/not a date/);
      expect(() => grantWaiver(gap, Q, { ...ok, expires: 'next week' }, alice)).toThrow(/not a date/);
      // The policy's limit counts whole days from today: 30 days reach 2025-07-15, not a day more.
      expect(() => grantWaiver(gap, Q, { ...ok, expires: '2025-07-16', maxDays: 30 }, alice)).toThrow(/at most 30 days: expire on 2025-07-15 or earlier/);
      expect(answerOf(grantWaiver(gap, Q, { ...ok, expires: '2025-07-15', maxDays: 30 }, alice)).waiver?.expires).toBe('2025-07-15');
      expect(answerOf(grantWaiver(gap, Q, { ...ok, expires: '2035-07-15', maxDays: null }, alice)).waiver?.expires).toBe('2035-07-15');
      const a = grantWaiver(gap, Q, { ...ok, expires: '2025-06-16' }, alice);
      expect(answerOf(a).waiver).toEqual({ ...ok, expires: '2025-06-16', granted_at: NOW.toISOString(), granted_by: 'Alice' });
    });

    it('uses the injected clock, not the real one', () => {
      const future: Actor = { by: 'Alice', now: new Date('2030-01-01T00:00:00Z') };
      expect(() => grantWaiver(gap, Q, ok, future)).toThrow(/not in the future/);
    });

    it('is only valid on a gap', () => {
      const yes = setAnswer(base, Q, { state: 'yes' }, alice);
      expect(() => grantWaiver(yes, Q, ok, alice)).toThrow(/only a gap/);
      expect(() => grantWaiver(base, Q, ok, alice)).toThrow(/no answer yet/);
      const waived = grantWaiver(gap, Q, ok, alice);
      expect(answerOf(setAnswer(waived, Q, { state: 'partial' }, alice)).waiver).toBeDefined();
      expect(answerOf(setAnswer(waived, Q, { state: 'n/a' }, alice)).waiver).toBeUndefined();
    });

    it('revoking without a waiver is refused', () => {
      expect(() => revokeWaiver(gap, Q, alice)).toThrow(/no waiver/);
    });
  });

  it('owner and due date: only on a gap, due not in the past, null clears', () => {
    const gap = setAnswer(base, Q, { state: 'partial' }, alice);
    expect(() => setOwnerDue(setAnswer(base, Q, { state: 'yes' }, alice), Q, { owner: 'x', due: null }, alice)).toThrow(/only a gap/);
    expect(() => setOwnerDue(gap, Q, { owner: 'x', due: '2025-06-14' }, alice)).toThrow(/in the past/);
    expect(() => setOwnerDue(gap, Q, { owner: ' ', due: null }, alice)).toThrow(/owner/);
    const a = setOwnerDue(gap, Q, { owner: 'Dana', due: '2025-06-15' }, alice);
    expect(answerOf(a)).toMatchObject({ owner: 'Dana', due: '2025-06-15' });
    const cleared = setOwnerDue(a, Q, { owner: null, due: null }, alice);
    expect(answerOf(cleared).owner).toBeUndefined();
    expect(answerOf(cleared).due).toBeUndefined();
  });

  it('clearAnswer makes the question unanswered and keeps its history for when it is answered again', () => {
    let a = setAnswer(base, Q, { state: 'no' }, alice);
    a = valid(clearAnswer(a, Q, bob));
    expect(a.answers[Q]).toBeUndefined();
    expect(a.cleared[Q]?.map((e) => e.action)).toEqual(['answer', 'clear']);
    a = valid(setAnswer(a, Q, { state: 'yes' }, alice));
    expect(answerOf(a).history.map((e) => e.action)).toEqual(['answer', 'clear', 'answer']);
    expect(a.cleared[Q]).toBeUndefined();
  });

  it('notes and evidence need an answer; empty inputs are refused', () => {
    expect(() => setNote(base, Q, 'x', alice)).toThrow(/no answer yet/);
    const a = setAnswer(base, Q, { state: 'yes', note: 'keep' }, alice);
    expect(answerOf(setNote(a, Q, '', alice)).note).toBeUndefined();
    expect(() => addEvidence(a, Q, { kind: 'link', url: ' ' }, alice)).toThrow(AnswerError);
    expect(() => addEvidence(a, Q, { kind: 'note', text: '' }, alice)).toThrow(AnswerError);
    expect(() => removeEvidence(a, Q, 3, alice)).toThrow(/no evidence item 4/);
  });

  it('refuses an anonymous change and a bad question id', () => {
    expect(() => setAnswer(base, Q, { state: 'yes' }, { by: ' ', now: NOW })).toThrow(/assessor name/);
    expect(() => setAnswer(base, '__proto__', { state: 'yes' }, alice)).toThrow(/not a question id/);
    expect(() => setAnswer(base, 'Has Space', { state: 'yes' }, alice)).toThrow(/not a question id/);
  });
});
