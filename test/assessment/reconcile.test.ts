import { describe, expect, it } from 'vitest';
import { applyProposal, confirmProposal, grantWaiver, setAnswer, setOwnerDue } from '../../source/assessment/answers.js';
import { proposeAnswer } from '../../source/assessment/propose.js';
import { describeEvidenceChange, reconcile } from '../../source/assessment/reconcile.js';
import type { Signal } from '../../source/detect/types.js';
import { LATER, NOW, alice, assessment, checklist, evidence, question, signal, signals } from '../helpers/builders.js';

const q = question('container.user', { signals: [{ id: 'container.nonroot' }] });
const list = checklist([q, question('manual.review')]);

function confirmedWith(s: Signal) {
  return confirmProposal(assessment(list), q.id, proposeAnswer(q, signals(s))!, alice);
}

const kinds = (r: ReturnType<typeof reconcile>, id: string) => (r.byQuestion.get(id) ?? []).map((f) => f.kind);

describe('reconcile', () => {
  it('reports nothing when nothing changed', () => {
    const s = signal('container.nonroot', 'pass', { evidence: [evidence('Dockerfile', 'a', 12)] });
    const r = reconcile(confirmedWith(s), list, [s], NOW);
    expect(r.flags).toEqual([]);
    expect(r.checklistChanged).toBeNull();
    expect(r.proposals.get(q.id)?.state).toBe('yes');
  });

  it('flags evidence whose file changed', () => {
    const before = signal('container.nonroot', 'pass', { evidence: [evidence('Dockerfile', 'a', 12)] });
    const after = signal('container.nonroot', 'pass', { evidence: [evidence('Dockerfile', 'b', 12)] });
    const r = reconcile(confirmedWith(before), list, [after], NOW);
    expect(r.flags).toEqual([{ question: q.id, kind: 'evidence-changed', message: 'evidence changed since the answer: Dockerfile' }]);
  });

  it('flags evidence removed and added', () => {
    const before = signal('container.nonroot', 'pass', { evidence: [evidence('Dockerfile'), evidence('api/Dockerfile')] });
    const after = signal('container.nonroot', 'pass', { evidence: [evidence('Dockerfile'), evidence('worker/Dockerfile')] });
    const r = reconcile(confirmedWith(before), list, [after], NOW);
    expect(r.flags[0]?.message).toBe('evidence no longer found: api/Dockerfile; new evidence: worker/Dockerfile');
  });

  it('flags a human yes that a signal now contradicts', () => {
    const pass = signal('container.nonroot', 'pass');
    const answered = setAnswer(assessment(list), q.id, { state: 'yes', proposal: proposeAnswer(q, signals(pass)) }, alice);
    const fail = signal('container.nonroot', 'fail', { summary: 'Dockerfile runs as root', evidence: [evidence('Dockerfile', 'c', 1)] });
    const r = reconcile(answered, list, [fail], NOW);
    expect(kinds(r, q.id)).toEqual(['evidence-changed', 'contradiction']);
    expect(r.byQuestion.get(q.id)?.[1]?.message).toMatch(/^answered "yes" by Alice, but detection now proposes "no": container.nonroot failed: Dockerfile runs as root/);
  });

  it('flags a no that a signal now contradicts, even without a stored proposal', () => {
    const answered = setAnswer(assessment(list), q.id, { state: 'no' }, alice);
    const r = reconcile(answered, list, [signal('container.nonroot', 'pass')], NOW);
    expect(kinds(r, q.id)).toEqual(['contradiction']);
  });

  it('reports a changed proposal on a detected answer as out of date, not as a contradiction', () => {
    const detected = applyProposal(assessment(list), q.id, proposeAnswer(q, signals(signal('container.nonroot', 'pass')))!, alice);
    const r = reconcile(detected, list, [signal('container.nonroot', 'fail')], NOW);
    // The fixture's pass and fail point at the same file, so only the proposal changed.
    expect(kinds(r, q.id)).toEqual(['proposal-changed']);
    expect(r.byQuestion.get(q.id)?.[0]?.message).toBe('detection now proposes "no" (it proposed "yes" when answered) (the pre-filled answer is out of date)');
  });

  it('flags expired waivers and passed due dates', () => {
    let a = setAnswer(assessment(list), 'manual.review', { state: 'no' }, alice);
    a = setOwnerDue(a, 'manual.review', { owner: 'Dana', due: '2025-07-01' }, alice);
    a = grantWaiver(a, 'manual.review', { justification: 'later', approver: 'CISO', expires: '2025-07-15' }, alice);
    expect(reconcile(a, list, [], new Date('2025-07-10T00:00:00Z')).flags).toEqual([]); // waived: the due date is not chased
    const r = reconcile(a, list, [], LATER);
    expect(r.flags).toEqual([
      { question: 'manual.review', kind: 'waiver-expired', message: 'the waiver approved by CISO expired after 2025-07-15; the gap counts again' },
      { question: 'manual.review', kind: 'due-passed', message: 'was due on 2025-07-01 (owner Dana) and is still "no"' },
    ]);
  });

  it('flags questions added to and removed from the checklist', () => {
    let a = assessment(list);
    a = setAnswer(a, 'manual.review', { state: 'yes' }, alice);
    const next = checklist([q, question('new.one')], { version: '1.1.0', hash: 'b'.repeat(64) });
    const r = reconcile(a, next, [], NOW);
    expect(r.checklistChanged).toEqual({ fromVersion: '1.0.0', toVersion: '1.1.0', fromHash: 'a'.repeat(64), toHash: 'b'.repeat(64) });
    expect(r.flags).toEqual([
      { question: 'new.one', kind: 'question-added', message: 'new in checklist 1.1.0 (the assessment used 1.0.0): not asked yet' },
      { question: 'manual.review', kind: 'question-removed', message: 'no longer in checklist 1.1.0 (the assessment used 1.0.0); its answer is kept but not scored' },
    ]);
  });

  it('without pinned question ids (migrated from version 1) still finds answers to removed questions', () => {
    let a = setAnswer(assessment(list), 'manual.review', { state: 'yes' }, alice);
    const { question_ids: _ids, ...pinned } = a.checklist;
    a = { ...a, checklist: pinned };
    const r = reconcile(a, checklist([q, question('new.one')]), [], NOW);
    expect(r.flags.map((f) => [f.question, f.kind])).toEqual([['manual.review', 'question-removed']]);
  });

  it('leaves out-of-scope questions alone', () => {
    const scoped = question('phi', { signals: [{ id: 'x' }], applies_when: { data: ['health'] } });
    const l2 = checklist([scoped]);
    const a = setAnswer(assessment(l2), 'phi', { state: 'yes' }, alice);
    expect(reconcile(a, l2, [signal('x', 'fail')], NOW).flags).toEqual([]);
  });

  it('describeEvidenceChange sanitises paths from the repository', () => {
    const words = describeEvidenceChange([], [{ path: 'evil\u001b[2Jname', sha256: '' }]);
    expect(words).not.toContain('\u001b');
    expect(describeEvidenceChange([{ path: 'a', line: 1, sha256: '' }], [{ path: 'a', line: 2, sha256: '' }])).toBe(
      'evidence changed: the same files, but different lines or commits',
    );
    // Only new evidence reads as such, not "evidence new evidence".
    expect(describeEvidenceChange([{ path: 'a', sha256: '1' }], [{ path: 'a', sha256: '1' }, { path: 'b', sha256: '2' }])).toBe('new evidence: b');
  });
});
