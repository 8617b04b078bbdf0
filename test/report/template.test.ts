import { describe, expect, it } from 'vitest';
import { compileTemplate, renderDossierMarkdown, TemplateError } from '../../source/report/index.js';
import { mdCellCode, mdCodeBlock, mdInlineCode, mdText } from '../../source/report/escape.js';
import { parseDossier } from '../../source/report/integrity.js';
import { answer, baseAssessment, NOW, smallChecklist } from './helpers.js';

describe('templates', () => {
  it('escapes a plain {{value}} and {{{value}}} as markdown text, so a forgetful template cannot inject', () => {
    const t = compileTemplate('A {{x}} B {{{x}}} C {{lookup this "x"}}', 't.hbs');
    const out = t({ x: '<img src=x> [a](b) |' });
    expect(out).toBe('A \\<img src=x\\> \\[a\\](b) \\| B \\<img src=x\\> \\[a\\](b) \\| C \\<img src=x\\> \\[a\\](b) \\|');
  });

  it('reports a syntax error with file and line', () => {
    try {
      compileTemplate('line one\nline two\n{{#if x}}\nunclosed\n', 'team.hbs');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      const e = error as TemplateError;
      expect(e.file).toBe('team.hbs');
      expect(e.line).toBeGreaterThanOrEqual(3);
      expect(e.message).toMatch(/^team\.hbs:\d+/);
    }
  });

  it('reports an unknown helper and a missing field with the line', () => {
    expect(() => compileTemplate('ok\n{{shout title}}\n', 'a.hbs')).toThrow(/a\.hbs:2/);
    const t = compileTemplate('ok\n\n{{nosuchfield}}\n', 'b.hbs');
    expect(() => t({ title: 'x' })).toThrow(/b\.hbs:3/);
  });

  it('refuses partials (they would emit text this module never sees)', () => {
    expect(() => compileTemplate('{{> evil}}', 'p.hbs')).toThrow(TemplateError);
  });

  it('renders with a team template and still appends a verifiable integrity block', () => {
    const checklist = smallChecklist();
    const a = baseAssessment(checklist);
    a.answers['auth.a'] = answer('yes');
    const md = renderDossierMarkdown(
      { assessment: a, checklist, scan: null, repoRoot: '/x', now: NOW },
      { templateText: '# {{title}}\n\nVerdict: {{verdict.label}}\n{{#each sections}}\n- {{title}}: {{scoreLabel}}\n{{/each}}\n', templateName: 'mine.hbs' },
    );
    expect(md).toMatch(/^# Production readiness dossier: test\n\nVerdict: READY WITH CONDITIONS\n- Auth: /);
    const parsed = parseDossier(md);
    expect(parsed.ok && parsed.claimedDigest === parsed.actualDigest).toBe(true);
  });
});

describe('escaping helpers', () => {
  it('fences code spans longer than any backtick run inside', () => {
    expect(mdInlineCode('a ``` b')).toBe('````a ``` b````');
    expect(mdInlineCode('`x`')).toBe('`` `x` ``');
    expect(mdCellCode('a|b')).toBe('`a\\|b`');
    expect(mdCodeBlock('```\ncode\n````')).toBe('`````\n```\ncode\n````\n`````');
  });

  it('neutralises block syntax only at the start, and leaves numbers readable', () => {
    expect(mdText('# title')).toBe('\\# title');
    expect(mdText('- item')).toBe('\\- item');
    expect(mdText('1. item')).toBe('1\\. item');
    expect(mdText('7.0 / 100')).toBe('7.0 / 100');
    expect(mdText('see https://x.example/a')).toBe('see https\\://x.example/a');
  });
});
