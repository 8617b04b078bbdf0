import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { renderMarkdownLines } from '../../source/ui/markdown.js';

const HASH = 'e5e88564173cbd3982b5535d6f5e2f7253f85ab71f152a106eb2291d60d2c3ab';
const WIDE = `| Field | Value |\n|---|---|\n| Checklist content hash | \`${HASH}\` |\n| Remote | \`https://git.example.com/acme/a-rather-long-repository-name.git\` |\n`;
const NARROW = '| Section | Score |\n|---|---|\n| Secrets | 44 |\n';

describe('the dossier in the terminal', () => {
  it('a table wider than the terminal becomes records, so nothing is cut at the edge', () => {
    for (const width of [80, 50]) {
      const lines = renderMarkdownLines(WIDE, width, false);
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
      const text = lines.join('\n');
      expect(text.replace(/\s+/g, '')).toContain(HASH);
      expect(text).toContain('Checklist content hash');
      expect(text).toMatch(/^Checklist content hash: /m);
      expect(text).not.toContain('┌');
    }
  });

  it('a table that fits stays a table', () => {
    const lines = renderMarkdownLines(NARROW, 80, false);
    expect(lines.join('\n')).toContain('┌');
    expect(lines.join('\n')).toContain('Secrets');
  });

  it('the preview leaves out Mermaid blocks (a terminal cannot draw them) and keeps the text chart under them', () => {
    const md = '## Verdict\n\n```mermaid\nxychart-beta horizontal\n  bar [1, 2]\n```\n\n```text\nSecrets  ▓▓✘··\n```\n\n```ts\nconst kept = 1;\n```\n';
    const text = renderMarkdownLines(md, 80, false).join('\n');
    expect(text).not.toContain('xychart-beta');
    expect(text).toContain('Secrets  ▓▓✘··');
    expect(text).toContain('const kept = 1;');
  });

  it('without colour no escape sequence is left, the record headings included', () => {
    const text = renderMarkdownLines(WIDE, 60, false).join('\n');
    expect(text).toBe(stripAnsi(text));
    expect(renderMarkdownLines(WIDE, 60, true).join('\n')).toContain('\u001b[1m');
  });
});

describe('records for wide tables of more than two columns', () => {
  it('put the first cell first and every other cell under its header, indented', () => {
    const md = '| Section | Answered | Open | A long header with words | Another long header |\n|---|---|---|---|---|\n| Authentication & authorization | 1/8 | 8 | something fairly long here | and more text that is long |\n';
    const lines = renderMarkdownLines(md, 60, false);
    expect(lines.slice(0, 5)).toEqual([
      'Authentication & authorization',
      '  Answered: 1/8',
      '  Open: 8',
      '  A long header with words: something fairly long here',
      '  Another long header: and more text that is long',
    ]);
  });
});

describe('long lines outside tables', () => {
  it('wrap under their own indent instead of running past the width', () => {
    const item = `* [${'A question that runs on and on about routes and websockets '.repeat(3)}](#q-1)`;
    for (const width of [80, 40]) {
      const lines = renderMarkdownLines(item, width, false);
      expect(lines.length).toBeGreaterThan(1);
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
      expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('about routes and websockets');
    }
  });
});

describe('wide characters', () => {
  it('count two columns when deciding whether a table fits and where lines wrap', () => {
    const cjk = '| 項目 | 値 |\n|---|---|\n| リポジトリ | ' + '長い説明文'.repeat(8) + ' |\n';
    for (const width of [80, 40]) {
      const lines = renderMarkdownLines(cjk, width, false);
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
      expect(lines.join('')).toContain('リポジトリ');
    }
  });
});
