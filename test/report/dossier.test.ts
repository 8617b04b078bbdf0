import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lexer, type Tokens } from 'marked';
import { renderDossierMarkdown, buildDossierView } from '../../source/report/index.js';
import { buildSampleInput, type SampleBuild } from './sample-input.js';
import { allTokens, isOwnHtml } from './helpers.js';

let sample: SampleBuild;
let md: string;
beforeAll(async () => {
  sample = await buildSampleInput();
  md = renderDossierMarkdown(sample.input);
}, 60_000);
afterAll(() => sample.cleanup());

describe('dossier structure (marked lexer)', () => {
  it('has the sections in the contracted order', () => {
    const headings = new Lexer({ gfm: true })
      .lex(md)
      .filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 2)
      .map((t) => t.text);
    // The verdict and its picture come first (a reader's first screen); the metadata table follows as the review's details.
    expect(headings).toEqual(['Verdict', 'Review details', 'Blockers', 'Summary by section', 'Answers', 'Out of scope', 'Remediation plan', 'Framework crosswalk', 'AI provenance', 'Sign-off', 'Integrity appendix']);
  });

  it('opens with the verdict and the readiness picture, the Mermaid chart before its plain-text twin, both above the metadata table', () => {
    const at = (text: string) => md.indexOf(text);
    expect(at('## Verdict')).toBeGreaterThan(0);
    expect(at('## Verdict')).toBeLessThan(at('```mermaid'));
    expect(at('```mermaid')).toBeLessThan(at('```text\nReadiness by section'));
    expect(at('```text\nReadiness by section')).toBeLessThan(at('| Field | Value |'));
    expect(md.slice(0, at('## Verdict'))).toMatch(/^Repository `support-bot` at commit `[0-9a-f]{40}` · checklist `ai-production-readiness` 1\.0\.0 · generated 2025-06-02 15:30 UTC$/m);
  });

  it('shows every applicable question with its anchor, and every out-of-scope one with its reason', () => {
    const view = buildDossierView(sample.input);
    const questions = view.sections.flatMap((s) => s.questions);
    expect(questions.length).toBe(sample.input.checklist.questions.length);
    for (const q of questions) {
      expect(md).toContain(`<a id="q-${q.id}"></a>`);
      expect(md).toContain(`#### \`${q.id}\``);
    }
    for (const o of view.outOfScope) expect(md).toMatch(new RegExp(`\\[${o.id.replace(/[.]/g, '\\.')}\\]\\(#q-${o.id.replace(/[.]/g, '\\.')}\\)[^\\n]*\\| ${o.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|`));
  });

  it('cites every evidence path of every answer', () => {
    const view = buildDossierView(sample.input);
    const paths = view.sections.flatMap((s) => s.questions.flatMap((q) => q.evidence.filter((e) => e.kind === 'file').map((e) => e.location)));
    expect(paths.length).toBeGreaterThan(3);
    for (const p of paths) expect(md).toContain(`\`${p}\``);
  });

  it('has well-formed tables: every row has as many cells as its header', () => {
    const tables = allTokens(md).filter((t): t is Tokens.Table => t.type === 'table');
    expect(tables.length).toBeGreaterThan(10);
    for (const t of tables) {
      for (const row of t.rows) expect(row.length).toBe(t.header.length);
      // A raw line of the table also splits into the header's count (marked pads short rows silently).
      for (const line of t.raw.trim().split('\n')) {
        const cells = line.replace(/\\\|/g, '').replace(/^\||\|$/g, '').split('|');
        expect(cells.length, line).toBe(t.header.length);
      }
    }
  });

  it('contains no HTML but its own anchors and integrity block, and no control characters', () => {
    for (const t of allTokens(md)) if (t.type === 'html') expect(isOwnHtml(t.raw), t.raw).toBe(true);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('strips credentials from the remote and shows secrets only redacted', () => {
    expect(md).toContain('https://git.example.com/acme/support-bot.git');
    expect(md).not.toContain('s3cr3t-token');
    expect(md).toMatch(/sk-p…\(\d+ chars, fp [0-9a-f]+\)/);
  });

  it('shows the waiver, owner and due date', () => {
    expect(md).toContain('**Waiver (active):** approved by Alex CTO, valid through 2025-07-31');
    expect(md).toContain('**Owner:** Priya Platform · **Due:** 2025-06-09');
  });

  it('is deterministic', () => {
    expect(renderDossierMarkdown(sample.input)).toBe(md);
  });
});
