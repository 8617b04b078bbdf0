import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import stripAnsi from 'strip-ansi';
import { sanitizeText } from '../util/sanitize.js';

/**
 * The dossier as terminal lines. The markdown is cleaned first (it quotes the
 * repository), so the only escape sequences in the result are the ones
 * marked-terminal adds for styling, and those go too without colour.
 */
export function renderMarkdownLines(markdown: string, width: number, color: boolean): string[] {
  // In-page anchors are for GitHub; a terminal would print the tag.
  const clean = sanitizeText(markdown, 2_000_000).replace(/<a id="[^"]*"><\/a>/g, '');
  const marked = new Marked(markedTerminal({ width: Math.max(20, width - 1), reflowText: true, showSectionPrefix: false, emoji: false }));
  const out = marked.parse(clean, { async: false });
  const text = color ? out : stripAnsi(out);
  const lines = text.replace(/\n+$/, '').split('\n');
  return lines;
}
