import { describe, expect, it } from 'vitest';
import { answerOptions, bodyHeight, firstOpenQuestion, reviewItems, searchResults } from '../../source/ui/state/derive.js';
import type { WizardAction, WizardState } from '../../source/ui/state/types.js';
import { reduce } from '../../source/ui/state/wizard-state.js';
import { NOW, readyState, run, scanResult, signal, testState } from './helpers.js';

const LATER = new Date('2025-06-02T09:00:00.000Z');
const type = (s: WizardState, text: string): WizardState => run(s, { type: 'field-input', text });

describe('wizard reducer', () => {
  it('starts a new assessment on the scope screen, a resumed one on the scan screen', () => {
    expect(testState('start').screen).toBe('scope');
    expect(testState('start').scope.confirmed).toBe(false);
    const resumed = testState('resume');
    expect(resumed.screen).toBe('scan');
    expect(resumed.scope.confirmed).toBe(true);
  });

  it('is pure: the input state is never changed', () => {
    const s = readyState();
    const frozen = JSON.stringify({ a: s.assessment, q: s.question });
    reduce(s, { type: 'answer', state: 'yes', now: NOW });
    expect(JSON.stringify({ a: s.assessment, q: s.question })).toBe(frozen);
  });

  describe('scope', () => {
    it('moves between groups with wrap-around and within a group with clamping', () => {
      let s = run(testState(), { type: 'scope-group', delta: -1 });
      expect(s.scope.group).toBe(3);
      s = run(s, { type: 'scope-group', delta: 1 }, { type: 'scope-group', delta: 1 });
      expect(s.scope.group).toBe(1);
      s = run(s, { type: 'move', delta: -5, now: NOW });
      expect(s.scope.cursor[1]).toBe(0);
      s = run(s, { type: 'move', delta: 99, now: NOW });
      expect(s.scope.cursor[1]).toBe(4);
    });

    it('ticks data classes; "none" excludes the others and the other way round', () => {
      let s = run(testState(), { type: 'scope-group', delta: 1 }, { type: 'scope-toggle' });
      expect(s.scope.data).toEqual(['personal']);
      s = run(s, { type: 'move', delta: 1, now: NOW }, { type: 'scope-toggle' });
      expect(s.scope.data).toEqual(['personal', 'health']);
      s = run(s, { type: 'move-to', where: 'last', now: NOW }, { type: 'scope-toggle' });
      expect(s.scope.data).toEqual(['none']);
      s = run(s, { type: 'move-to', where: 'first', now: NOW }, { type: 'scope-toggle' });
      expect(s.scope.data).toEqual(['personal']);
      s = run(s, { type: 'scope-toggle' });
      expect(s.scope.data).toEqual([]);
    });

    it('chooses one tier, sets AI use, ticks frameworks', () => {
      let s = run(testState(), { type: 'move-to', where: 'last', now: NOW }, { type: 'scope-toggle' });
      expect(s.scope.tier).toBe('business-critical');
      s = run(s, { type: 'scope-group', delta: 1 }, { type: 'scope-group', delta: 1 }, { type: 'move', delta: -1, now: NOW }, { type: 'scope-toggle' });
      expect(s.scope.ai).toBe(true);
      expect(s.scope.aiTouched).toBe(true);
      s = run(s, { type: 'scope-group', delta: 1 }, { type: 'scope-toggle' }, { type: 'move', delta: 1, now: NOW }, { type: 'scope-toggle' });
      expect(s.scope.frameworks).toEqual(['soc2', 'hipaa']);
    });

    it('warns, without changing it, when a confirmed scope disagrees with the llm.sdk signal', () => {
      const s = run(testState(), { type: 'activate', now: NOW }, { type: 'scan-done', result: scanResult(), now: NOW });
      expect(s.assessment.scope.ai).toBe(false);
      expect(s.message?.text).toContain('found calls to AI models');
    });

    it('pre-fills AI use from the llm.sdk signal unless the user chose', () => {
      const s = run(testState(), { type: 'scan-done', result: scanResult(), now: NOW });
      expect(s.scope.ai).toBe(true);
      const chosen = run(testState(), { type: 'scope-group', delta: -1 }, { type: 'scope-group', delta: -1 }, { type: 'move', delta: 1, now: NOW }, { type: 'scope-toggle' }, { type: 'scan-done', result: scanResult(), now: NOW });
      expect(chosen.scope.ai).toBe(false);
    });

    it('confirming saves the scope into the assessment and moves on to the scan', () => {
      const s = run(testState(), { type: 'scope-group', delta: 1 }, { type: 'scope-toggle' }, { type: 'activate', now: NOW });
      expect(s.assessment.scope.data).toEqual(['personal']);
      expect(s.scope.confirmed).toBe(true);
      expect(s.screen).toBe('scan');
      expect(s.back).toEqual(['scope']);
    });

    it('refuses other screens until the scope is confirmed', () => {
      const s = run(testState(), { type: 'navigate', screen: 'sections' });
      expect(s.screen).toBe('scope');
      expect(s.message?.tone).toBe('warning');
    });
  });

  describe('scan', () => {
    it('records progress only while running', () => {
      const p = { phase: 'read' as const, filesWalked: 5, filesRead: 2, bytesRead: 10, detectorsDone: 1, detectorsTotal: 4, elapsedMs: 100 };
      const s = run(testState(), { type: 'scan-progress', progress: p });
      expect(s.scan.progress).toEqual(p);
      const done = run(s, { type: 'scan-done', result: scanResult(), now: NOW }, { type: 'scan-progress', progress: { ...p, filesRead: 9 } });
      expect(done.scan.progress?.filesRead).toBe(2);
    });

    it('turns signals into proposals and pre-fills detected answers once the scope is confirmed', () => {
      const early = run(testState(), { type: 'scan-done', result: scanResult(), now: NOW });
      expect(early.proposals.get('secrets.no-hardcoded')?.state).toBe('no');
      expect(Object.keys(early.assessment.answers)).toEqual([]);
      const s = run(early, { type: 'activate', now: NOW });
      expect(s.assessment.answers['secrets.no-hardcoded']).toMatchObject({ state: 'no', source: 'detected' });
      expect(s.assessment.answers['delivery.ci']).toMatchObject({ state: 'yes', source: 'detected' });
    });

    it('a resumed assessment lands on the first open question when the scan is in', () => {
      const s = run(testState('resume'), { type: 'scan-done', result: scanResult(), now: NOW });
      expect(s.screen).toBe('question');
      expect(s.question.id).toBe('secrets.no-hardcoded');
    });

    it('a failed scan says so and lets the user continue', () => {
      const s = run(testState('start'), { type: 'activate', now: NOW }, { type: 'scan-failed', message: 'boom' });
      expect(s.scan.status).toBe('failed');
      expect(s.message?.tone).toBe('error');
      expect(run(s, { type: 'activate', now: NOW }).screen).toBe('sections');
    });

    it('Enter on a running scan waits', () => {
      const s = run(testState('start'), { type: 'activate', now: NOW }, { type: 'activate', now: NOW });
      expect(s.screen).toBe('scan');
    });
  });

  describe('answering', () => {
    const atQuestion = () => run(readyState(), { type: 'activate', now: NOW }, { type: 'activate', now: NOW });

    it('Enter on the first section opens its first open question with the proposal highlighted', () => {
      const s = atQuestion();
      expect(s.screen).toBe('question');
      expect(s.question.id).toBe('secrets.no-hardcoded');
      expect(answerOptions(s, s.question.id)[s.question.cursor]).toEqual({ kind: 'confirm', state: 'no' });
    });

    it('confirming the proposal is one key and keeps its evidence; a gap stays on the question', () => {
      const s = run(atQuestion(), { type: 'activate', now: LATER });
      const a = s.assessment.answers['secrets.no-hardcoded'];
      expect(a).toMatchObject({ state: 'no', source: 'confirmed', answered_by: 'Ann' });
      expect(a?.evidence[0]).toMatchObject({ kind: 'detected', path: 'src/key.ts' });
      expect(s.question.id).toBe('secrets.no-hardcoded');
    });

    it('a person overriding detection is recorded as human, and a settled answer moves on', () => {
      const s = run(atQuestion(), { type: 'answer', state: 'yes', now: LATER });
      expect(s.assessment.answers['secrets.no-hardcoded']).toMatchObject({ state: 'yes', source: 'human' });
      expect(s.assessment.answers['secrets.no-hardcoded']?.proposal?.state).toBe('no');
      expect(s.question.id).toBe('secrets.env-ignored');
      expect(s.message?.text).toContain('detection proposed no');
      // It says the screen moved on, and how to get back: a note typed next would land on the new question.
      expect(s.message?.text).toContain('on to the next; p goes back to it');
      // The form names its question, so that mistake is visible before anything is saved.
      expect(run(s, { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'open-form', kind: 'note', now: LATER }).form?.title).toBe('Note on secrets.no-hardcoded (empty removes it)');
    });

    it('confirm without a proposal says so', () => {
      const s = run(atQuestion(), { type: 'open-question', id: 'secrets.rotation' }, { type: 'confirm-proposal', now: NOW });
      expect(s.assessment.answers['secrets.rotation']).toBeUndefined();
      expect(s.message?.text).toContain('no proposal');
    });

    it('steps through applicable questions only, with messages at both ends', () => {
      let s = atQuestion();
      s = run(s, { type: 'step-question', delta: -1 });
      expect(s.message?.text).toContain('first question');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(s.question.id);
        s = run(s, { type: 'step-question', delta: 1 });
      }
      expect(ids).toEqual(['secrets.no-hardcoded', 'secrets.env-ignored', 'secrets.rotation', 'delivery.ci', 'delivery.rollback']);
      expect(s.message?.text).toContain('last question');
    });

    it('moves the answer cursor with wrap-free clamping', () => {
      const s = run(atQuestion(), { type: 'move', delta: 2, now: NOW });
      expect(s.question.cursor).toBe(2);
      expect(run(s, { type: 'move', delta: -9, now: NOW }).question.cursor).toBe(0);
      expect(run(s, { type: 'move', delta: 9, now: NOW }).question.cursor).toBe(5);
    });

    it('revokes a waiver and clears an answer; refusals become messages', () => {
      let s = run(atQuestion(), { type: 'activate', now: NOW });
      s = run(s, { type: 'revoke-waiver', now: NOW });
      expect(s.message?.tone).toBe('error');
      s = run(s, { type: 'open-form', kind: 'waiver', now: NOW });
      for (const [i, text] of ['low risk for the pilot', 'CTO', '2025-07-01'].entries()) {
        if (i > 0) s = run(s, { type: 'form-focus', delta: 1 });
        s = type(s, text);
      }
      s = run(s, { type: 'form-submit', now: NOW });
      expect(s.assessment.answers['secrets.no-hardcoded']?.waiver).toMatchObject({ approver: 'CTO', expires: '2025-07-01' });
      s = run(s, { type: 'revoke-waiver', now: NOW });
      expect(s.assessment.answers['secrets.no-hardcoded']?.waiver).toBeUndefined();
      s = run(s, { type: 'clear-answer', now: NOW });
      expect(s.assessment.answers['secrets.no-hardcoded']).toBeUndefined();
      expect(s.assessment.cleared['secrets.no-hardcoded']?.length).toBeGreaterThan(0);
    });

    it('pages the evidence list', () => {
      const many = Array.from({ length: 30 }, (_, i) => ({ path: `f${i}.ts`, line: 1, sha256: 'e'.repeat(64) }));
      let s = run(testState(), { type: 'activate', now: NOW }, { type: 'scan-done', result: scanResult([signal('secrets.hardcoded', 'fail', many)]), now: NOW });
      s = run(s, { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'page', delta: 1, now: NOW });
      expect(s.question.evidenceOffset).toBeGreaterThan(0);
      expect(run(s, { type: 'page', delta: -1, now: NOW }).question.evidenceOffset).toBe(0);
    });
  });

  describe('forms', () => {
    const withGap = () => run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW });

    it('refuses a form before the question is answered, and owner/waiver on a non-gap', () => {
      const s = run(readyState(), { type: 'open-question', id: 'secrets.rotation' }, { type: 'open-form', kind: 'note', now: NOW });
      expect(s.form).toBeNull();
      expect(s.notice).toContain('answer the question first');
      expect(run(s, { type: 'dismiss-notice' }).notice).toBeNull();
      const yes = run(readyState(), { type: 'open-question', id: 'secrets.rotation' }, { type: 'answer', state: 'yes', now: NOW }, { type: 'open-question', id: 'secrets.rotation' }, { type: 'open-form', kind: 'waiver', now: NOW });
      expect(yes.form).toBeNull();
    });

    it('types, deletes, moves between fields, and Enter goes to the next field before saving', () => {
      let s = run(withGap(), { type: 'open-form', kind: 'owner-due', now: NOW });
      s = type(s, 'Bobb');
      s = run(s, { type: 'field-edit', op: 'backspace' });
      expect(s.form?.fields[0]?.value).toBe('Bob');
      s = run(s, { type: 'form-submit', now: NOW });
      expect(s.form?.focus).toBe(1);
      s = run(s, { type: 'form-focus', delta: 1 });
      expect(s.form?.focus).toBe(0);
      s = run(s, { type: 'form-focus', delta: -1 }, { type: 'form-submit', now: NOW });
      expect(s.form).toBeNull();
      expect(s.assessment.answers['secrets.no-hardcoded']).toMatchObject({ owner: 'Bob', due: '2025-07-01' });
    });

    it('keeps the form open with the error when the core refuses', () => {
      let s = run(withGap(), { type: 'open-form', kind: 'waiver', now: NOW }, { type: 'form-focus', delta: -1 });
      s = type(s, '2020-01-01');
      s = run(s, { type: 'form-submit', now: NOW });
      expect(s.form?.error).toContain('justification');
      s = type(s, 'x');
      expect(s.form?.error).toBeNull();
    });

    it('the waiver form names the policy limit, offers a default inside it, and refuses an expiry past it', () => {
      const limited = (days: number | null) => {
        const base = testState();
        return run({ ...base, maxWaiverDays: days }, { type: 'activate', now: NOW }, { type: 'scan-done', result: scanResult(), now: NOW }, { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW });
      };
      let s = run(limited(30), { type: 'open-form', kind: 'waiver', now: NOW });
      const expires = s.form?.fields[2];
      expect(expires?.label).toBe('Expires (by 2025-07-01)');
      expect(expires?.placeholder).toBe('2025-07-01');
      s = type(s, 'VPN MFA meanwhile');
      s = run(s, { type: 'form-submit', now: NOW });
      s = type(s, 'CISO');
      s = run(s, { type: 'form-submit', now: NOW });
      s = type(s, '2025-09-01');
      s = run(s, { type: 'form-submit', now: NOW });
      expect(s.form?.error).toMatch(/at most 30 days: expire on 2025-07-01 or earlier/);
      expect(s.assessment.answers['secrets.no-hardcoded']?.waiver).toBeUndefined();
      // Without a limit the default stays ninety days.
      expect(run(limited(null), { type: 'open-form', kind: 'waiver', now: NOW }).form?.fields[2]).toMatchObject({ label: 'Expires (YYYY-MM-DD)', placeholder: '2025-08-30' });
    });

    it('strips control characters from typed text', () => {
      const s = type(run(withGap(), { type: 'open-form', kind: 'note', now: NOW }), 'a\u001b[31mb\nc');
      expect(s.form?.fields[0]?.value).toBe('a[31mbc');
    });

    it('adds a note and a link', () => {
      let s = run(withGap(), { type: 'open-form', kind: 'note', now: NOW });
      s = run(type(s, 'checked in the meeting'), { type: 'form-submit', now: NOW });
      expect(s.assessment.answers['secrets.no-hardcoded']?.note).toBe('checked in the meeting');
      s = run(s, { type: 'open-form', kind: 'link', now: NOW });
      s = run(type(s, 'https://jira/SEC-1'), { type: 'form-submit', now: NOW }, { type: 'form-submit', now: NOW });
      expect(s.assessment.answers['secrets.no-hardcoded']?.evidence.some((e) => e.kind === 'link' && e.url === 'https://jira/SEC-1')).toBe(true);
    });

    it('switches the assessor, who is then recorded on answers', () => {
      let s = run(readyState(), { type: 'open-form', kind: 'assessor', now: NOW });
      s = run(s, { type: 'field-edit', op: 'backspace' }, { type: 'field-edit', op: 'backspace' }, { type: 'field-edit', op: 'backspace' });
      s = run(type(s, 'Bea'), { type: 'form-submit', now: NOW });
      expect(s.assessor).toBe('Bea');
      s = run(s, { type: 'open-question', id: 'secrets.rotation' }, { type: 'answer', state: 'no', now: NOW });
      expect(s.assessment.answers['secrets.rotation']?.answered_by).toBe('Bea');
      expect(s.assessment.assessors).toEqual(['Ann', 'Bea']);
    });

    it('cancel closes the form without changes; back does too', () => {
      const opened = run(withGap(), { type: 'open-form', kind: 'note', now: NOW });
      expect(run(opened, { type: 'form-cancel' }).form).toBeNull();
      expect(run(opened, { type: 'back' }).form).toBeNull();
      expect(run(opened, { type: 'form-cancel' }).assessment).toBe(opened.assessment);
    });
  });

  describe('navigation, review, search', () => {
    it('navigates and goes back through the stack', () => {
      let s = run(readyState(), { type: 'navigate', screen: 'review' });
      expect(s.screen).toBe('review');
      s = run(s, { type: 'back' });
      expect(s.screen).toBe('scan');
      s = run(s, { type: 'back' }, { type: 'back' });
      expect(s.message?.text).toContain('nothing to go back to');
    });

    it('review lists blockers, unconfirmed and unanswered items, and Enter jumps to the question', () => {
      const s = run(readyState(), { type: 'navigate', screen: 'review' });
      const items = reviewItems(s, NOW);
      expect(items[0]).toMatchObject({ kind: 'blocker', questionId: 'secrets.no-hardcoded' });
      expect(items.some((i) => i.kind === 'unanswered' && i.questionId === 'secrets.rotation')).toBe(true);
      expect(items.some((i) => i.kind === 'unconfirmed')).toBe(true);
      const jumped = run(s, { type: 'move-to', where: 'last', now: NOW }, { type: 'activate', now: NOW });
      expect(jumped.screen).toBe('question');
      expect(jumped.question.id).toBe(items.at(-1)?.questionId);
    });

    it('review flags a yes without evidence and a human answer a signal contradicts', () => {
      const s = run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'answer', state: 'yes', now: NOW }, { type: 'open-question', id: 'secrets.rotation' }, { type: 'answer', state: 'yes', now: NOW });
      const kinds = reviewItems(s, NOW).map((i) => `${i.kind}:${i.questionId}`);
      expect(kinds).toContain('contradiction:secrets.no-hardcoded');
      expect(kinds).toContain('no-evidence:secrets.rotation');
    });

    it('review lists a detected yes without evidence once, as not confirmed, not also as a claim', () => {
      const s = run(testState(), { type: 'activate', now: NOW }, { type: 'scan-done', result: scanResult([signal('ci.pipeline', 'pass', [])]), now: NOW });
      expect(s.assessment.answers['delivery.ci']).toMatchObject({ state: 'yes', source: 'detected', evidence: [] });
      const kinds = reviewItems(s, NOW).filter((i) => i.questionId === 'delivery.ci').map((i) => i.kind);
      expect(kinds).toEqual(['unconfirmed']);
      // Confirmed by a person, it is their claim: listed as one without evidence.
      const confirmed = run(s, { type: 'open-question', id: 'delivery.ci' }, { type: 'confirm-proposal', now: NOW });
      expect(confirmed.assessment.answers['delivery.ci']).toMatchObject({ state: 'yes', source: 'confirmed' });
      expect(reviewItems(confirmed, NOW).filter((i) => i.questionId === 'delivery.ci').map((i) => i.kind)).toEqual(['no-evidence']);
    });

    it('review shows evidence that changed since the answer (reconcile on resume)', () => {
      const answered = run(readyState(), { type: 'open-question', id: 'delivery.ci' }, { type: 'confirm-proposal', now: NOW });
      const resumed = run({ ...testState('resume'), assessment: answered.assessment }, { type: 'scan-done', result: scanResult([signal('ci.pipeline', 'pass', [{ path: '.github/workflows/ci.yml', sha256: 'f'.repeat(64) }])]), now: LATER });
      expect(resumed.flags.get('delivery.ci')?.[0]?.kind).toBe('evidence-changed');
      expect(resumed.message?.text).toContain('flagged');
      expect(reviewItems(resumed, LATER).some((i) => i.kind === 'evidence-changed' && i.questionId === 'delivery.ci')).toBe(true);
      const reanswered = run(resumed, { type: 'open-question', id: 'delivery.ci' }, { type: 'confirm-proposal', now: LATER });
      expect(reanswered.flags.has('delivery.ci')).toBe(false);
    });

    it('search filters by every word, moves, and opens the chosen question', () => {
      let s = run(readyState(), { type: 'navigate', screen: 'search' });
      s = run(s, { type: 'field-input', text: 'rollback' });
      expect(searchResults(s).map((q) => q.id)).toEqual(['delivery.rollback']);
      s = run(s, { type: 'field-edit', op: 'backspace' });
      expect(s.search.value).toBe('rollbac');
      s = run(s, { type: 'activate', now: NOW });
      expect(s.screen).toBe('question');
      expect(s.question.id).toBe('delivery.rollback');
      expect(run(s, { type: 'back' }).screen).toBe('scan');
      const cancelled = run(readyState(), { type: 'navigate', screen: 'search' }, { type: 'back' });
      expect(cancelled.screen).toBe('scan');
    });

    it('sections: Enter on a section opens its first open question; a section with none says so', () => {
      let s = run(readyState(), { type: 'navigate', screen: 'sections' }, { type: 'move', delta: 1, now: NOW }, { type: 'activate', now: NOW });
      expect(s.question.id).toBe('delivery.ci');
      s = run(readyState(), { type: 'navigate', screen: 'sections' }, { type: 'move', delta: 2, now: NOW }, { type: 'activate', now: NOW });
      expect(s.screen).toBe('sections');
      expect(firstOpenQuestion(s, 'ai')).toBeUndefined();
    });
  });

  describe('preview, export, chrome', () => {
    it('preview loads, pages and clamps to the terminal', () => {
      let s = run(readyState(), { type: 'navigate', screen: 'preview' });
      expect(s.preview.status).toBe('loading');
      const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
      s = run(s, { type: 'preview-ready', lines });
      const page = bodyHeight(s.size) - 1;
      s = run(s, { type: 'page', delta: 1, now: NOW });
      expect(s.preview.offset).toBe(page);
      s = run(s, { type: 'move-to', where: 'last', now: NOW });
      expect(s.preview.offset).toBe(100 - page);
      s = run(s, { type: 'move', delta: 5, now: NOW });
      expect(s.preview.offset).toBe(100 - page);
      s = run(s, { type: 'resize', columns: 100, rows: 50 });
      expect(s.preview.offset).toBe(100 - (bodyHeight(s.size) - 1));
      s = run(s, { type: 'move-to', where: 'first', now: NOW }, { type: 'move', delta: 1, now: NOW });
      expect(s.preview.offset).toBe(1);
      expect(run(s, { type: 'preview-failed', message: 'x' }).preview.status).toBe('failed');
    });

    it('export records paths or the error; Enter goes back', () => {
      const s = run(readyState(), { type: 'navigate', screen: 'export' });
      expect(s.exported.status).toBe('writing');
      const done = run(s, { type: 'export-done', paths: { markdown: 'a.md', json: 'a.json' } });
      expect(done.exported.paths?.markdown).toBe('a.md');
      expect(run(s, { type: 'export-failed', message: 'disk full' }).exported.error).toBe('disk full');
      expect(run(done, { type: 'activate', now: NOW }).screen).toBe('scan');
    });

    it('help toggles and scrolls within bounds; back closes it', () => {
      let s = run(readyState(), { type: 'toggle-help' });
      expect(s.help.open).toBe(true);
      s = run(s, { type: 'help-scroll', delta: -3 });
      expect(s.help.offset).toBe(0);
      s = run({ ...s, size: { columns: 80, rows: 12 } }, { type: 'move', delta: 1, now: NOW });
      expect(s.help.offset).toBe(1);
      expect(run(s, { type: 'back' }).help.open).toBe(false);
      expect(run(s, { type: 'toggle-help' }).help.open).toBe(false);
    });

    it('tracks save status, messages and quitting', () => {
      let s = run(readyState(), { type: 'open-question', id: 'secrets.rotation' }, { type: 'answer', state: 'yes', now: NOW });
      expect(s.save.status).toBe('saving');
      s = run(s, { type: 'save-done', revision: s.save.revision });
      expect(s.save.status).toBe('saved');
      s = run(s, { type: 'save-failed', revision: s.save.revision, message: 'disk full' });
      expect(s.save.status).toBe('failed');
      expect(s.message?.text).toContain('disk full');
      s = run(s, { type: 'dismiss-message' });
      expect(s.message).toBeNull();
      expect(run(s, { type: 'quit', reason: 'interrupt' }).quit).toBe('interrupt');
    });

    it('a change is "saving" in the same step that makes it, and only the save of the newest revision makes it "saved"', () => {
      let s = run(readyState(), { type: 'open-question', id: 'secrets.rotation' });
      const before = s.save.revision;
      s = run(s, { type: 'answer', state: 'yes', now: NOW });
      // No frame can show the new answer beside the previous "saved": the status changes with the answer.
      expect(s.save).toMatchObject({ status: 'saving', revision: before + 1 });
      const first = s.save.revision;
      s = run(s, { type: 'open-question', id: 'delivery.rollback' }, { type: 'answer', state: 'no', now: NOW });
      const second = s.save.revision;
      expect(second).toBeGreaterThan(first);
      // The first save finishing while the second waits: the screen shows the second answer, which is not on disk yet.
      s = run(s, { type: 'save-done', revision: first });
      expect(s.save.status).toBe('saving');
      s = run(s, { type: 'save-done', revision: second });
      expect(s.save.status).toBe('saved');
      // Moving around changes nothing on disk: no new revision, still saved.
      s = run(s, { type: 'step-question', delta: -1 });
      expect(s.save).toMatchObject({ status: 'saved', revision: second });
    });

    it('a failed save stays on screen through later changes until a newer state reaches the disk', () => {
      let s = run(readyState(), { type: 'open-question', id: 'secrets.rotation' }, { type: 'answer', state: 'yes', now: NOW });
      s = run(s, { type: 'save-failed', revision: s.save.revision, message: 'the file changed on disk' });
      s = run(s, { type: 'open-question', id: 'delivery.rollback' }, { type: 'answer', state: 'no', now: NOW });
      expect(s.save).toMatchObject({ status: 'failed', error: 'the file changed on disk' });
      s = run(s, { type: 'save-done', revision: s.save.revision });
      expect(s.save).toMatchObject({ status: 'saved', error: null });
    });
  });

  it('handles every action type: each one, from a ready state, gives a valid state (the table must name them all to compile)', () => {
    const every: { [K in WizardAction['type']]: Extract<WizardAction, { type: K }> } = {
      resize: { type: 'resize', columns: 100, rows: 30 },
      'toggle-help': { type: 'toggle-help' },
      'help-scroll': { type: 'help-scroll', delta: 1 },
      navigate: { type: 'navigate', screen: 'review' },
      back: { type: 'back' },
      move: { type: 'move', delta: 1, now: NOW },
      'move-to': { type: 'move-to', where: 'last', now: NOW },
      page: { type: 'page', delta: 1, now: NOW },
      activate: { type: 'activate', now: NOW },
      'scope-group': { type: 'scope-group', delta: 1 },
      'scope-toggle': { type: 'scope-toggle' },
      'scan-progress': { type: 'scan-progress', progress: { phase: 'read', filesWalked: 1, filesRead: 1, bytesRead: 1, detectorsDone: 0, detectorsTotal: 1, elapsedMs: 1 } },
      'scan-done': { type: 'scan-done', result: scanResult(), now: NOW },
      'scan-failed': { type: 'scan-failed', message: 'x' },
      answer: { type: 'answer', state: 'no', now: NOW },
      'confirm-proposal': { type: 'confirm-proposal', now: NOW },
      'step-question': { type: 'step-question', delta: 1 },
      'open-question': { type: 'open-question', id: 'secrets.rotation' },
      'first-open': { type: 'first-open' },
      'open-form': { type: 'open-form', kind: 'note', now: NOW },
      'field-input': { type: 'field-input', text: 'x' },
      'field-edit': { type: 'field-edit', op: 'left' },
      'form-focus': { type: 'form-focus', delta: 1 },
      'form-submit': { type: 'form-submit', now: NOW },
      'form-cancel': { type: 'form-cancel' },
      'revoke-waiver': { type: 'revoke-waiver', now: NOW },
      'clear-answer': { type: 'clear-answer', now: NOW },
      'preview-ready': { type: 'preview-ready', lines: ['a'] },
      'preview-failed': { type: 'preview-failed', message: 'x' },
      'export-done': { type: 'export-done', paths: { markdown: 'a.md', json: 'a.json' } },
      'export-failed': { type: 'export-failed', message: 'x' },
      'save-done': { type: 'save-done', revision: 0 },
      'save-failed': { type: 'save-failed', revision: 0, message: 'x' },
      'dismiss-message': { type: 'dismiss-message' },
      'dismiss-notice': { type: 'dismiss-notice' },
      quit: { type: 'quit', reason: 'quit' },
    };
    const base = run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' });
    for (const action of Object.values(every)) {
      const next = reduce(base, action);
      expect(next.checklist, action.type).toBe(base.checklist);
      expect(typeof next.screen, action.type).toBe('string');
      expect(next.size.columns, action.type).toBeGreaterThan(0);
    }
  });
});

describe('resume opens where the reviewer left off', () => {
  const LATER = new Date('2025-06-03T09:00:00.000Z');
  /** A saved review where the last thing a person did was a note on delivery.ci, with secrets.rotation still open. */
  function savedReview() {
    let s = run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW });
    s = run(s, { type: 'open-question', id: 'delivery.ci' }, { type: 'confirm-proposal', now: NOW }, { type: 'open-question', id: 'delivery.ci' }, { type: 'open-form', kind: 'note', now: LATER }, { type: 'field-input', text: 'checked' }, { type: 'form-submit', now: LATER });
    return s.assessment;
  }

  it('continues after the question last changed, says so, and f jumps to the first one still needing a person', () => {
    // Without the llm.sdk signal, whose disagreement with the scope would be the warning shown instead.
    const signals = scanResult().signals.filter((x) => x.id !== 'llm.sdk');
    const resumed = run({ ...testState('resume'), assessment: savedReview() }, { type: 'scan-done', result: scanResult(signals), now: LATER });
    expect(resumed.screen).toBe('question');
    // delivery.ci (the note) was the last change and is settled: the review goes on with the next one that needs a person.
    expect(resumed.question.id).toBe('delivery.rollback');
    expect(resumed.message?.text).toBe('continuing after delivery.ci, the last question changed: f jumps to the first open question (secrets.env-ignored)');
    const jumped = run(resumed, { type: 'first-open' });
    expect(jumped.question.id).toBe('secrets.env-ignored');
  });

  it('a gap changed last is where the review resumes (its owner or waiver may follow)', () => {
    const base = savedReview();
    const gap = run({ ...readyState(), assessment: base }, { type: 'open-question', id: 'secrets.rotation' }, { type: 'answer', state: 'no', now: new Date('2025-06-04T09:00:00.000Z') });
    const resumed = run({ ...testState('resume'), assessment: gap.assessment }, { type: 'scan-done', result: scanResult(scanResult().signals.filter((x) => x.id !== 'llm.sdk')), now: LATER });
    expect(resumed.question.id).toBe('secrets.rotation');
    expect(resumed.message?.text).toContain('back at secrets.rotation, the last question changed');
  });

  it('a review nobody has touched yet opens at the first open question', () => {
    const fresh = run(testState('resume'), { type: 'scan-done', result: scanResult(), now: LATER });
    expect(fresh.question.id).toBe('secrets.no-hardcoded');
  });

  it('with every question confirmed, f says there is nothing left', () => {
    let s = readyState();
    for (const id of ['secrets.no-hardcoded', 'secrets.env-ignored', 'secrets.rotation', 'delivery.ci', 'delivery.rollback']) s = run(s, { type: 'open-question', id }, { type: 'answer', state: 'yes', now: NOW });
    expect(run(s, { type: 'first-open' }).message?.text).toContain('every question has a confirmed answer');
  });
});
