import { describe, expect, it } from 'vitest';
import { renderDossierMarkdown } from '../../source/report/index.js';
import type { Assessment } from '../../source/assessment/model.js';
import { allTokens, answer, baseAssessment, isOwnHtml, NOW, smallChecklist } from './helpers.js';

/** Everything a hostile repository or assessor could put into a name, note, path or excerpt. */
const HOSTILE = [
  'a | b || c',
  'run ``` and ```` then ` done',
  '<script>alert(1)</script>',
  '[link](javascript:alert(1))',
  '![img](https://evil.example/x.png)',
  '<https://evil.example/auto>',
  '@org/team please look',
  'fixes #1 and GH-2',
  '\u001b[31mred\u001b[0m and \u001b]8;;https://evil.example\u0007osc\u001b]8;;\u0007',
  'eight-bit csi \u009b31m here',
  'line one\nline two\r\n| x | y |\n---',
  '# heading at the start',
  '> quote\n- list\n1. item',
  'entity &lt;b&gt; &#60;img&#62;',
  '$x^2$ math and *emph* and _under_ and ~~strike~~',
  '\\',
];
const hostile = HOSTILE.join(' ¦ ');

function hostileAssessment(): { md: string; assessment: Assessment } {
  const checklist = smallChecklist();
  const a = baseAssessment(checklist);
  const assessment: Assessment = {
    ...a,
    name: 'test',
    assessors: [hostile, 'Normal Person'],
    repository: { root: hostile, remote: `https://user:tok@evil.example/${hostile}`, branch: hostile },
    answers: {
      'auth.a': answer('no', {
        note: hostile,
        owner: hostile,
        due: '2025-07-01',
        answered_by: hostile,
        links: [hostile],
        evidence: [
          { kind: 'detected', signal: hostile, path: `src/${hostile}.ts`, line: 3, excerpt: hostile, note: hostile, sha256: 'b'.repeat(64) },
          { kind: 'link', url: `javascript:alert(1) ${hostile}`, title: hostile, added_by: hostile, added_at: NOW.toISOString() },
          { kind: 'note', text: hostile, added_by: hostile, added_at: NOW.toISOString() },
        ],
        waiver: { justification: hostile, approver: hostile, expires: '2025-12-31', granted_at: NOW.toISOString(), granted_by: hostile },
      }),
      'auth.b': answer('yes', { note: hostile, evidence: [{ kind: 'detected', path: hostile, sha256: 'c'.repeat(64), excerpt: hostile }] }),
    },
  };
  return { md: renderDossierMarkdown({ assessment, checklist, scan: null, repoRoot: '/nonexistent', now: NOW }), assessment };
}

describe('hostile text cannot inject markup', () => {
  const { md } = hostileAssessment();
  const tokens = allTokens(md);

  it('produces no link, image or foreign HTML token', () => {
    const links = tokens.filter((t) => t.type === 'link').map((t) => (t as { href: string }).href);
    // The only links are the dossier's own anchors.
    for (const href of links) expect(href, href).toMatch(/^#[a-z0-9._-]+$/);
    expect(tokens.filter((t) => t.type === 'image')).toEqual([]);
    for (const t of tokens) if (t.type === 'html') expect(isOwnHtml(t.raw), t.raw).toBe(true);
  });

  it('keeps headings, block quotes and lists from hostile text out of the structure', () => {
    const headings = tokens.filter((t) => t.type === 'heading').map((t) => (t as { text: string }).text);
    expect(headings.some((h) => /^heading at the start/.test(h))).toBe(false);
    expect(tokens.some((t) => t.type === 'blockquote')).toBe(false);
    expect(tokens.some((t) => t.type === 'hr')).toBe(false);
  });

  it('writes no control byte, escape sequence or raw newline inside a value', () => {
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(md).not.toContain('\r');
    // The hostile text's second line never starts a line of its own.
    expect(md).not.toMatch(/^line two/m);
  });

  it('keeps tables whole despite pipes and newlines', () => {
    for (const t of tokens) {
      if (t.type !== 'table') continue;
      const table = t as unknown as { header: unknown[]; rows: unknown[][] };
      for (const r of table.rows) expect(r.length).toBe(table.header.length);
    }
  });

  it('does not ping people or issues', () => {
    // Code spans never ping; plain text must carry the word joiner after @ and #.
    const texts = tokens.filter((t) => t.type === 'text' && !('tokens' in t && t.tokens)).map((t) => (t as { text: string }).text);
    expect(texts.join(' ')).toContain('@\u2060org');
    for (const t of texts) {
      expect(t).not.toMatch(/@(?!\u2060)org/);
      expect(t).not.toMatch(/#(?!\u2060)1\b/);
    }
  });

  it('never shows the remote credentials', () => {
    expect(md).not.toContain('user:tok');
  });

  it('still carries the hostile evidence path for verify, escaped in the comment block', () => {
    const block = md.slice(md.indexOf('<!-- shipshape-integrity'));
    expect(block).not.toMatch(/[^\x20-\x7e\n]/);
    expect(block.split('-->').length).toBe(2);
  });
});
