import { Marked, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import wrapAnsi from 'wrap-ansi';
import { sanitizeText } from '../util/sanitize.js';

/**
 * The dossier as terminal lines. The markdown is cleaned first (it quotes the
 * repository), so the only escape sequences in the result are the ones
 * marked-terminal adds for styling, and those go too without colour.
 */
const LIST_INDENT = 6;

export function renderMarkdownLines(markdown: string, width: number, color: boolean): string[] {
  // In-page anchors and links to them are for GitHub; a terminal would print the tag and the #target.
  const clean = sanitizeText(markdown, 2_000_000)
    .replace(/<a id="[^"]*"><\/a>/g, '')
    .replace(/\[((?:\\.|[^\]\\])*)\]\(#[^)\s]*\)/g, '$1');
  const room = Math.max(20, width - 1);
  // marked-terminal indents list items after wrapping them: leave it room for that.
  const marked = new Marked(markedTerminal({ width: Math.max(20, room - LIST_INDENT), reflowText: true, showSectionPrefix: false, emoji: false }), {
    renderer: {
      // A terminal cannot draw Mermaid; the dossier puts the same chart as text right under it.
      code(token) {
        return token.lang === 'mermaid' ? '' : false;
      },
      table(token) {
        return tableAsRecords(token, room, (tokens) => this.parser.parseInline(tokens));
      },
    },
    // marked-terminal 7 hands a tight list item's text to marked 18's parser as a bare
    // text block, which comes out raw (backslash escapes, backticks, link syntax):
    // as a paragraph it is parsed inline like any other text.
    walkTokens(token) {
      if (token.type !== 'list_item') return;
      for (const child of (token as Tokens.ListItem).tokens) if (child.type === 'text' && 'tokens' in child && child.tokens) (child as { type: string }).type = 'paragraph';
    },
  });
  const out = marked.parse(clean, { async: false });
  const text = color ? out : stripAnsi(out);
  // Whatever is still wider (a long list item, a code line) wraps under its own indent rather than being cut by the window.
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .flatMap((line) => {
      if (visible(line) <= room) return [line];
      const indent = `${/^\s*/.exec(stripAnsi(line))?.[0] ?? ''}  `.slice(0, Math.floor(room / 2));
      return wrapAnsi(line, room, { hard: true, trim: false })
        .split('\n')
        .map((part, i) => (i === 0 ? part : indent + part))
        .flatMap((part) => (visible(part) <= room ? [part] : wrapAnsi(part, room, { hard: true, trim: false }).split('\n')));
    });
}

/**
 * A table that fits is left to marked-terminal (false: the previous renderer).
 * One wider than the terminal would be cut at the edge, hashes and remotes
 * included, so it becomes one record per row instead: the first cell as a
 * heading, then "Header: value" lines wrapped to the width.
 */
function tableAsRecords(token: Tokens.Table, width: number, inline: (tokens: Tokens.Generic[]) => string): string | false {
  const header = token.header.map((c) => inline(c.tokens));
  const rows = token.rows.map((r) => r.map((c) => inline(c.tokens)));
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  // cli-table3's frame: a border and a space either side of every cell.
  const natural = widths.reduce((sum, w) => sum + w + 3, 1);
  if (natural <= width) return false;
  const out: string[] = [];
  const wrap = (text: string, indent: string) => wrapAnsi(text, width - indent.length, { hard: true, trim: false }).replace(/\n/g, `\n${indent}`);
  for (const row of rows) {
    if (header.length === 2) {
      // Field/value tables (the title block): one "field: value" line per row.
      out.push(wrap(`\u001b[1m${row[0] ?? ''}\u001b[22m: ${row[1] ?? ''}`, '  '));
      continue;
    }
    out.push(wrap(`\u001b[1m${row[0] ?? ''}\u001b[22m`, '  '));
    for (let i = 1; i < header.length; i++) out.push(wrap(`  ${stripAnsi(header[i] ?? '')}: ${row[i] ?? ''}`, '    '));
  }
  return `${out.join('\n')}\n\n`;
}

/** Terminal columns, not code points: a CJK character or an emoji takes two. */
function visible(s: string): number {
  return stringWidth(s);
}
