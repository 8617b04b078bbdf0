import { describe, expect, it } from 'vitest';
import { clearAnswer, grantWaiver, setAnswer, type Actor } from '../../source/assessment/answers.js';
import type { Assessment } from '../../source/assessment/model.js';
import { activityDays, assessmentAsOf } from '../../source/assessment/replay.js';
import { scoreAssessment } from '../../source/assessment/score.js';
import { renderDossierMarkdown } from '../../source/report/markdown.js';
import { scoreTrend } from '../../source/report/pictures.js';
import { verifyDossierText } from '../../source/report/verify.js';
import { buildDossierView } from '../../source/report/view.js';
import { checklist as buildChecklist } from '../helpers/builders.js';
import { allTokens, answer, baseAssessment, HOSTILE_TITLES, isOwnHtml, NOW, question, smallChecklist } from './helpers.js';

const by = (iso: string): Actor => ({ by: 'Tester', now: new Date(iso) });

/** Five questions in one section, one in each standing the bars draw, plus one out of scope. */
function everyStanding(): { assessment: Assessment; checklist: ReturnType<typeof smallChecklist> } {
  const checklist = buildChecklist(
    [
      question('s.yes', 's', { severity: 'blocker' }),
      question('s.prop', 's'),
      question('s.gap', 's', { severity: 'blocker' }),
      question('s.waived', 's', { severity: 'blocker' }),
      question('s.open', 's', { severity: 'low' }),
      question('s.na', 's', { applies_when: { frameworks: ['hipaa'] } }),
      question('t.gap', 't', { severity: 'medium' }),
    ],
    { id: 'every', title: 'Every standing', sections: [{ id: 's', title: 'Standings' }, { id: 't', title: 'Other' }], sources: [] },
  );
  const a = baseAssessment(checklist);
  const assessment: Assessment = {
    ...a,
    answers: {
      's.yes': answer('yes'),
      's.prop': answer('no', { source: 'detected' }),
      's.gap': answer('unknown'),
      's.waived': answer('no', { waiver: { justification: 'j', approver: 'A', expires: '2099-01-01', granted_at: NOW.toISOString(), granted_by: 'Tester' } }),
      's.na': answer('no'),
      't.gap': answer('partial', { waiver: { justification: 'j', approver: 'A', expires: '2020-01-01', granted_at: NOW.toISOString(), granted_by: 'Tester' } }),
    },
  };
  return { assessment, checklist };
}

describe('dossier pictures', () => {
  it('counts each applicable question once, in its standing: confirmed yes, proposed, gap, waived (an expired waiver is a gap), open', () => {
    const { assessment, checklist } = everyStanding();
    const view = buildDossierView({ assessment, checklist, scan: null, repoRoot: '/nonexistent', now: NOW });
    expect(view.pictures.readiness.rows).toEqual([
      { label: 'Standings', counts: [1, 1, 1, 1, 1] },
      { label: 'Other', counts: [0, 0, 1, 0, 0] },
    ]);
    expect(view.pictures.readinessSummary).toBe('6 applicable questions: 1 confirmed yes · 1 proposed · 2 gap · 1 waived · 1 open');
    // The proposed "no" on a high question is not a blocker; the person's unknown on a blocker is.
    expect(view.pictures.blockers.map((b) => b.id)).toEqual(['s.gap']);
    expect(view.pictures.coverage?.rows).toEqual([{ label: 'SOC 2 TSC', counts: [0, 1, 0, 0] }]);
  });

  it('lists at most five blockers under the picture and counts the rest', () => {
    const qs = Array.from({ length: 7 }, (_, i) => question(`b.q${i}`, 'b', { severity: 'blocker' }));
    const checklist = buildChecklist(qs, { id: 'b', title: 'B', sections: [{ id: 'b', title: 'B' }], sources: [] });
    const view = buildDossierView({ assessment: baseAssessment(checklist), checklist, scan: null, repoRoot: '/nonexistent', now: NOW });
    expect(view.pictures.blockers).toHaveLength(5);
    expect(view.pictures.moreBlockers).toBe(2);
    const md = renderDossierMarkdown({ assessment: baseAssessment(checklist), checklist, scan: null, repoRoot: '/nonexistent', now: NOW });
    expect(md).toContain('- 🔴 … and 2 more under [Blockers](#blockers)');
  });

  it('draws hostile section titles as plain labels: every Mermaid line is one we meant to write, no markup escapes, verify passes', async () => {
    const sections = HOSTILE_TITLES.map((title, i) => ({ id: `s${i}`, title }));
    const checklist = buildChecklist(
      sections.map((s) => question(`${s.id}.q`, s.id)),
      { id: 'hostile', title: 'Hostile', sections, sources: [] },
    );
    const md = renderDossierMarkdown({ assessment: baseAssessment(checklist), checklist, scan: null, repoRoot: '/nonexistent', now: NOW });
    const tokens = allTokens(md);
    const mermaid = tokens.filter((t) => t.type === 'code' && (t as { lang?: string }).lang === 'mermaid').map((t) => (t as { text: string }).text);
    // Readiness and controls by framework (one day of history: no score over time).
    expect(mermaid).toHaveLength(2);
    for (const block of mermaid) {
      for (const line of block.split('\n')) expect(line).toMatch(/^(?:%%\{init: \{[^\n]*\}\}%%|xychart-beta(?: horizontal)?| {2}title "[^"%#`;]*"| {2}x-axis \[(?:"[^"%#`;]*"(?:, )?)+\]| {2}y-axis "[^"%#`;]*" \d+ --> \d+| {2}bar \[(?:\d+(?:, )?)+\])$/);
      // One directive, ours, at the top: a title's %%{init}%% never reaches Mermaid.
      expect(block.match(/%%/g)).toHaveLength(2);
    }
    expect(mermaid[0]?.split('\n').filter((l) => l.startsWith('  bar '))).toHaveLength(5);
    for (const t of tokens) if (t.type === 'html') expect(isOwnHtml(t.raw), t.raw).toBe(true);
    // The text block keeps the titles readable but cannot end its own fence.
    const text = tokens.filter((t) => t.type === 'code' && (t as { lang?: string }).lang === 'text');
    expect(text[0] && (text[0] as { text: string }).text).toContain('Auth "quoted" [v2] {x}');
    expect(md).not.toMatch(/^line two/m);
    const outcome = await verifyDossierText(md, '/nonexistent');
    expect(outcome.kind === 'checked' && outcome.textIntact).toBe(true);
  });

  it('is covered by the dossier digest: editing a bar in the Mermaid block or the text block fails verify', async () => {
    const { assessment, checklist } = everyStanding();
    const md = renderDossierMarkdown({ assessment, checklist, scan: null, repoRoot: '/nonexistent', now: NOW });
    const intact = await verifyDossierText(md, '/nonexistent');
    expect(intact.kind === 'checked' && intact.textIntact).toBe(true);
    const barLine = md.split('\n').find((l) => l.startsWith('  bar ['));
    expect(barLine).toBeDefined();
    const edited = md.replace(barLine ?? '', (barLine ?? '').replace(/\d+/, '9'));
    expect(edited).not.toBe(md);
    const outcome = await verifyDossierText(edited, '/nonexistent');
    expect(outcome.kind === 'checked' && outcome.textIntact).toBe(false);
    const textBar = md.split('\n').find((l) => l.startsWith('Standings '));
    const editedText = md.replace(textBar ?? '', (textBar ?? '').replace('✘', '█'));
    expect(editedText).not.toBe(md);
    const outcome2 = await verifyDossierText(editedText, '/nonexistent');
    expect(outcome2.kind === 'checked' && outcome2.textIntact).toBe(false);
  });
});

describe('score over time', () => {
  const checklist = smallChecklist();
  function threeDays(): Assessment {
    let a = { ...baseAssessment(checklist), created_at: '2025-05-01T09:00:00.000Z' };
    a = setAnswer(a, 'auth.a', { state: 'no' }, by('2025-05-01T10:00:00.000Z'));
    a = setAnswer(a, 'auth.b', { state: 'yes' }, by('2025-05-03T10:00:00.000Z'));
    a = setAnswer(a, 'auth.a', { state: 'yes' }, by('2025-05-05T10:00:00.000Z'));
    a = clearAnswer(a, 'auth.b', by('2025-05-05T11:00:00.000Z'));
    return a;
  }

  it('replays each answer from its audit trail, cleared answers included', () => {
    const a = threeDays();
    expect(assessmentAsOf(a, '2025-05-01T09:30:00.000Z').answers).toEqual({});
    expect(assessmentAsOf(a, '2025-05-02T00:00:00.000Z').answers['auth.a']?.state).toBe('no');
    const may4 = assessmentAsOf(a, '2025-05-04T00:00:00.000Z');
    expect([may4.answers['auth.a']?.state, may4.answers['auth.b']?.state]).toEqual(['no', 'yes']);
    const now = assessmentAsOf(a, '2025-06-01T00:00:00.000Z');
    expect(Object.keys(now.answers)).toEqual(['auth.a']);
    expect(activityDays(a)).toEqual(['2025-05-01', '2025-05-03', '2025-05-05']);
  });

  it('draws one point per active day with the score as it stood at the end of that day, and gate runs add days and words', () => {
    const a = threeDays();
    const now = new Date('2025-05-06T12:00:00.000Z');
    const trend = scoreTrend(a, checklist, now, [{ at: '2025-05-04T08:00:00.000Z', passed: false, score: 10 }]);
    const at = (iso: string) => scoreAssessment(assessmentAsOf(a, iso), checklist, new Date(iso)).score;
    expect(trend?.points).toEqual([
      { label: '2025-05-01', value: at('2025-05-01T23:59:59.999Z') },
      { label: '2025-05-03', value: at('2025-05-03T23:59:59.999Z') },
      { label: '2025-05-04', value: at('2025-05-04T23:59:59.999Z'), note: 'gate FAIL' },
      { label: '2025-05-05', value: at('2025-05-05T23:59:59.999Z') },
    ]);
    // The values move as the answers did (weights: blocker 10, high 5, medium 3 of 18): a blocker "no", then a high yes, then the blocker yes with the high one cleared.
    expect(trend?.points.map((p) => p.value)).toEqual([0, 27.8, 27.8, 55.6]);
  });

  it('draws nothing for an assessment of one day without gate runs', () => {
    const a = setAnswer(baseAssessment(checklist), 'auth.a', { state: 'yes' }, by(NOW.toISOString()));
    expect(scoreTrend(a, checklist, NOW)).toBeNull();
    const md = renderDossierMarkdown({ assessment: a, checklist, scan: null, repoRoot: '/nonexistent', now: NOW });
    expect(md).not.toContain('Score over time');
  });

  it('a waiver replayed before it was granted does not count', () => {
    let a = { ...baseAssessment(checklist), created_at: '2025-05-01T09:00:00.000Z' };
    a = setAnswer(a, 'auth.a', { state: 'no' }, by('2025-05-01T10:00:00.000Z'));
    a = grantWaiver(a, 'auth.a', { justification: 'j', approver: 'A', expires: '2099-01-01' }, by('2025-05-02T10:00:00.000Z'));
    expect(assessmentAsOf(a, '2025-05-01T23:00:00.000Z').answers['auth.a']?.waiver).toBeUndefined();
    expect(assessmentAsOf(a, '2025-05-02T23:00:00.000Z').answers['auth.a']?.waiver?.approver).toBe('A');
  });
});
