import { describe, expect, it } from 'vitest';
import { addEvidence, confirmProposal, grantWaiver, setAnswer } from '../../source/assessment/answers.js';
import { proposeAnswer } from '../../source/assessment/propose.js';
import { failsGate, scoreAssessment } from '../../source/assessment/score.js';
import type { Question } from '../../source/checklist/schema.js';
import type { Assessment, AnswerState } from '../../source/assessment/model.js';
import { LATER, NOW, alice, assessment, checklist, question, signal, signals } from '../helpers/builders.js';

function answered(list: ReturnType<typeof checklist>, states: Record<string, AnswerState>): Assessment {
  let a = assessment(list);
  for (const [id, state] of Object.entries(states)) a = setAnswer(a, id, { state }, alice);
  return a;
}

const blocker = question('b', { severity: 'blocker', section: 'sec' });
const high = question('h', { severity: 'high', section: 'sec' });
const medium = question('m', { severity: 'medium', section: 'other' });
const low = question('l', { severity: 'low', section: 'other' });
const health = question('hd', { severity: 'blocker', section: 'other', applies_when: { data: ['health'] } });

describe('scoreAssessment', () => {
  it('no applicable questions: no score, ready, progress complete', () => {
    const list = checklist([health]);
    const r = scoreAssessment(assessment(list), list, NOW);
    expect(r.score).toBeNull();
    expect(r.verdict).toBe('ready');
    expect(r.progress).toEqual({ answered: 0, applicable: 0, percent: 100, unconfirmed: 0 });
    expect(r.outOfScope).toEqual([{ question: 'hd', reason: 'applies only when the service handles health data' }]);
    expect(r.evidenceCoverage.percent).toBeNull();
  });

  it('an out-of-scope blocker does not block, whatever was answered', () => {
    const list = checklist([health, low]);
    const r = scoreAssessment(answered(list, { hd: 'no', l: 'yes' }), list, NOW);
    expect(r.verdict).toBe('ready');
    expect(r.score).toBe(100);
  });

  it('all answered n/a: excluded from the score, counted as answered', () => {
    const list = checklist([blocker, high]);
    const r = scoreAssessment(answered(list, { b: 'n/a', h: 'n/a' }), list, NOW);
    expect(r.score).toBeNull();
    expect(r.verdict).toBe('ready');
    expect(r.progress.percent).toBe(100);
  });

  it('weights by severity: blocker 10, high 5, medium 3, low 1; partial counts half', () => {
    const list = checklist([blocker, high, medium, low]);
    const r = scoreAssessment(answered(list, { b: 'yes', h: 'partial', m: 'no', l: 'yes' }), list, NOW);
    // (10 + 2.5 + 0 + 1) / 19
    expect(r.score).toBe(71.1);
    expect(r.sections).toEqual([
      { id: 'sec', title: 'Section sec', score: 83.3, applicable: 2, answered: 2, gaps: 1 },
      { id: 'other', title: 'Section other', score: 25, applicable: 2, answered: 2, gaps: 1 },
    ]);
  });

  it('a blocker answered unknown, or unanswered, means not ready', () => {
    const list = checklist([blocker, low]);
    const unknown = scoreAssessment(answered(list, { b: 'unknown', l: 'yes' }), list, NOW);
    expect(unknown.verdict).toBe('not ready');
    expect(unknown.blocking).toMatchObject([{ question: 'b', state: 'unknown', reason: 'blocker: answered unknown: nobody could confirm it' }]);
    const unanswered = scoreAssessment(answered(list, { l: 'yes' }), list, NOW);
    expect(unanswered.verdict).toBe('not ready');
    expect(unanswered.blocking[0]?.reason).toBe('blocker: not answered');
    expect(unanswered.progress).toMatchObject({ answered: 1, applicable: 2, percent: 50 });
  });

  it('a partial blocker still blocks', () => {
    const list = checklist([blocker]);
    expect(scoreAssessment(answered(list, { b: 'partial' }), list, NOW).verdict).toBe('not ready');
  });

  it('an active waiver lifts a blocker to ready with conditions, without changing the score', () => {
    const list = checklist([blocker, low]);
    const gap = answered(list, { b: 'no', l: 'yes' });
    const waived = grantWaiver(gap, 'b', { justification: 'VPN only until launch', approver: 'CISO', expires: '2025-07-31' }, alice);
    const r = scoreAssessment(waived, list, NOW);
    expect(r.verdict).toBe('ready with conditions');
    expect(r.blocking).toEqual([]);
    expect(r.conditions).toHaveLength(1);
    expect(r.conditions[0]?.reason).toBe('blocker: answered no; waived until 2025-07-31 by CISO: VPN only until launch');
    expect(r.score).toBe(scoreAssessment(gap, list, NOW).score);
    expect(failsGate(r, 'blocker')).toBe(false);
  });

  it('an expired waiver counts as the gap again', () => {
    const list = checklist([blocker]);
    const waived = grantWaiver(answered(list, { b: 'no' }), 'b', { justification: 'for now', approver: 'CISO', expires: '2025-07-31' }, alice);
    expect(scoreAssessment(waived, list, new Date('2025-07-31T23:59:59Z')).verdict).toBe('ready with conditions');
    const r = scoreAssessment(waived, list, LATER);
    expect(r.verdict).toBe('not ready');
    expect(r.blocking[0]?.reason).toContain('expired after 2025-07-31');
    expect(failsGate(r, 'blocker')).toBe(true);
  });

  it('high-severity gaps make ready with conditions; medium and low gaps do not', () => {
    const list = checklist([blocker, high, medium, low]);
    const r = scoreAssessment(answered(list, { b: 'yes', h: 'no', m: 'no', l: 'unknown' }), list, NOW);
    expect(r.verdict).toBe('ready with conditions');
    expect(r.conditions.map((c) => c.question)).toEqual(['h']);
    expect(r.gaps.map((g) => g.question)).toEqual(['h', 'm', 'l']);
    const clean = scoreAssessment(answered(list, { b: 'yes', h: 'yes', m: 'no', l: 'no' }), list, NOW);
    expect(clean.verdict).toBe('ready');
  });

  it('gate thresholds: fails on unwaived gaps at or above the threshold', () => {
    const list = checklist([blocker, high, medium, low]);
    const r = scoreAssessment(answered(list, { b: 'yes', h: 'yes', m: 'no', l: 'no' }), list, NOW);
    expect(failsGate(r, 'blocker')).toBe(false);
    expect(failsGate(r, 'high')).toBe(false);
    expect(failsGate(r, 'medium')).toBe(true);
    const waived = grantWaiver(answered(list, { b: 'yes', h: 'yes', m: 'no', l: 'no' }), 'm', { justification: 'j', approver: 'a', expires: '2025-12-31' }, alice);
    expect(failsGate(scoreAssessment(waived, list, NOW), 'medium')).toBe(false);
  });

  it('evidence coverage: share of applicable yes answers with at least one evidence item', () => {
    const q1: Question = question('e1', { signals: [{ id: 's' }] });
    const list = checklist([q1, question('e2'), question('e3'), question('e4')]);
    let a = assessment(list);
    a = confirmProposal(a, 'e1', proposeAnswer(q1, signals(signal('s', 'pass')))!, alice);
    a = setAnswer(a, 'e2', { state: 'yes' }, alice);
    a = addEvidence(a, 'e2', { kind: 'link', url: 'https://wiki/runbook' }, alice);
    a = setAnswer(a, 'e3', { state: 'yes' }, alice);
    a = setAnswer(a, 'e4', { state: 'no' }, alice);
    a = addEvidence(a, 'e4', { kind: 'note', text: 'ticket filed' }, alice);
    expect(scoreAssessment(a, list, NOW).evidenceCoverage).toEqual({ backed: 2, yes: 3, percent: 66.7 });
  });

  it('counts detected answers nobody confirmed', () => {
    const list = checklist([question('x')]);
    const a = answered(list, { x: 'yes' });
    const detected = { ...a, answers: { x: { ...a.answers.x!, source: 'detected' as const } } };
    expect(scoreAssessment(detected, list, NOW).progress.unconfirmed).toBe(1);
  });

  it("a blocker held up only by detection's proposal says it is a proposal, not an answer", () => {
    const list = checklist([blocker, high]);
    const a = answered(list, { b: 'no', h: 'unknown' });
    const detected = { ...a, answers: { b: { ...a.answers.b!, source: 'detected' as const }, h: { ...a.answers.h!, source: 'detected' as const } } };
    const r = scoreAssessment(detected, list, NOW);
    expect(r.blocking).toMatchObject([{ question: 'b', state: 'no', reason: 'blocker: detection proposes no, not yet confirmed' }]);
    expect(r.conditions).toMatchObject([{ question: 'h', reason: 'high: detection could not tell, and nobody has confirmed it' }]);
    // Once a person confirms it, it is their answer.
    const confirmed = { ...detected, answers: { ...detected.answers, b: { ...detected.answers.b, source: 'confirmed' as const } } };
    expect(scoreAssessment(confirmed, list, NOW).blocking[0]?.reason).toBe('blocker: answered no');
  });
});
