import { describe, expect, it } from 'vitest';
import type { Answer } from '../../source/assessment/model.js';
import { renderDossierMarkdown } from '../../source/report/markdown.js';
import { buildDossierView } from '../../source/report/view.js';
import { answer, baseAssessment, NOW, question, smallChecklist } from './helpers.js';

/** Four controls, each mapped from its own questions, so each can land in one status. */
const list = smallChecklist([
  question('met.a', 'auth', { mappings: { soc2: ['CC1.1'] } }),
  question('met.b', 'auth', { mappings: { soc2: ['CC1.1'] } }),
  question('gap.a', 'auth', { mappings: { soc2: ['CC2.1', 'CC9.9'] } }),
  question('open.a', 'ops', { mappings: { soc2: ['CC3.1'] } }),
  question('waived.a', 'ops', { mappings: { soc2: ['CC4.1'] } }),
  question('proposed.a', 'ops', { mappings: { soc2: ['CC9.9'] } }),
]);

const waiver = {
  justification: 'pilot only',
  approver: 'CISO',
  expires: '2025-09-01',
  granted_by: 'Tester',
  granted_at: NOW.toISOString(),
};

function view(answers: Record<string, Answer>) {
  return buildDossierView({
    assessment: { ...baseAssessment(list), answers },
    checklist: list,
    scan: null,
    repoRoot: '/nowhere',
    now: NOW,
  });
}

describe('framework crosswalk rolls up per control', () => {
  const answers: Record<string, Answer> = {
    'met.a': answer('yes'),
    'met.b': answer('n/a'),
    'gap.a': answer('no'),
    'waived.a': answer('partial', { waiver }),
    'proposed.a': answer('yes', { source: 'detected' }),
  };

  it('met, GAP, open and waived from the questions each control maps to; a gap outranks an unconfirmed proposal', () => {
    const soc2 = view(answers).crosswalk[0]!;
    expect(soc2.controls.map((c) => [c.control, c.status])).toEqual([
      ['CC1.1', 'met'],
      ['CC2.1', 'gap'],
      ['CC3.1', 'open'],
      ['CC4.1', 'waived'],
      ['CC9.9', 'gap'],
    ]);
    expect(soc2.summary).toBe('5 controls: 1 met · 2 gap · 1 open · 1 waived');
  });

  it('a yes that detection proposed and nobody confirmed leaves its control open, not met', () => {
    const soc2 = view({ ...answers, 'gap.a': answer('yes') }).crosswalk[0]!;
    expect(soc2.controls.find((c) => c.control === 'CC9.9')?.status).toBe('open');
    expect(soc2.controls.find((c) => c.control === 'CC2.1')?.status).toBe('met');
  });

  it('an expired waiver is a gap again', () => {
    const soc2 = view({ ...answers, 'waived.a': answer('partial', { waiver: { ...waiver, expires: '2025-05-01' } }) }).crosswalk[0]!;
    expect(soc2.controls.find((c) => c.control === 'CC4.1')?.status).toBe('gap');
  });

  it('the dossier shows one line per control with its status before the questions', () => {
    const md = renderDossierMarkdown({
      assessment: { ...baseAssessment(list), answers },
      checklist: list,
      scan: null,
      repoRoot: '/nowhere',
      now: NOW,
    });
    expect(md).toContain('5 controls: 1 met · 2 gap · 1 open · 1 waived');
    expect(md).toMatch(/\| `CC2\.1` \| GAP \| \[gap\.a\]/);
    expect(md).toMatch(/\| `CC4\.1` \| waived \| /);
  });
});
