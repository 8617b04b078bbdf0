import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { shippedTemplatesDir } from '../util/package-root.js';
import type { EvidenceView } from './view.js';
import { mermaidBars, mermaidLine, textBarLines, textLineLines, type BarChart, type LineChart } from './chart.js';
import { mdAnchor, mdAnchorLink, mdCell, mdCellCode, mdCodeBlock, mdInlineCode, mdText } from './escape.js';

/**
 * Dossier templates are Handlebars, with HTML escaping off (the output is markdown)
 * and markdown escaping made the default instead: before compiling, every
 * `{{value}}` and `{{{value}}}` that does not already call one of the escaping
 * helpers is rewritten to `{{text value}}`. A template therefore cannot place
 * repository text unescaped, even by forgetting a helper.
 *
 * Helpers (all escape their argument):
 *   text x [fallback]   inline markdown text          cell x        table cell
 *   inlineCode x        code span                      cellCode x    code span in a table cell
 *   code x [lang]       fenced code block              anchor id     explicit `<a id>` anchor
 *   link text id        link to an anchor in the dossier
 *   evidenceItem e      one evidence item as a line (what the shipped template uses)
 *   mermaidChart c      a chart (pictures.*) as a ```mermaid block; labels cleaned for Mermaid
 *   textChart c         the same chart as a ```text block of bars or a sparkline
 * Plus, for conditions only: `eq a b`, `join list sep`, `inc n`, `count list`.
 */

export const DEFAULT_TEMPLATE = 'dossier.md.hbs';

export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly detail: string,
  ) {
    super(`${file}${line !== null ? `:${line}${column !== null ? `:${column + 1}` : ''}` : ''}: ${detail}`);
    this.name = 'TemplateError';
  }
}

/** Helpers whose output is already escaped markdown; everything else is wrapped in `text`. */
const ESCAPING_HELPERS = new Set(['text', 'cell', 'inlineCode', 'cellCode', 'code', 'anchor', 'link', 'inc', 'count', 'evidenceItem', 'mermaidChart', 'textChart']);

function fallback(value: unknown, alt: unknown): unknown {
  return value === null || value === undefined || value === '' ? alt : value;
}

interface HelperOptions {
  loc?: { start?: { line: number; column: number } };
}

/**
 * Handlebars' strict mode checks only bare lookups, and every value here is a
 * helper argument; so the escaping helpers do the check themselves. The view-model
 * uses null for "empty", never undefined, so undefined means a misspelt field.
 */
function escaping(name: string, escape: (value: unknown, ...rest: unknown[]) => string) {
  return (...args: unknown[]): string => {
    const options = args.pop() as HelperOptions;
    if (args.length === 0 || args[0] === undefined) {
      throw Object.assign(new Error(`{{${name}}} was given a field that does not exist`), { lineNumber: options.loc?.start?.line, column: options.loc?.start?.column });
    }
    return escape(args[0], ...args.slice(1));
  };
}

const APART_WORDS: Record<NonNullable<EvidenceView['apart']>, string> = {
  'test-fixture': 'test fixture',
  'test-data': 'test data',
  suppressed: 'suppressed',
  public: 'public by design',
};

/**
 * One evidence item as a line of markdown (without the list marker). A helper
 * rather than template logic because dossiers cite thousands of items, and each
 * Handlebars helper call (every `#if` included) costs an options-object copy.
 */
export function evidenceLine(e: EvidenceView): string {
  if (e.isLink) return `link ${mdInlineCode(e.url)}${e.title ? ` (${mdText(e.title)})` : ''}, added by ${mdText(e.addedBy)} on ${mdText(e.addedAt)}`;
  if (e.isNote) return `note by ${mdText(e.addedBy)} on ${mdText(e.addedAt)}: ${mdText(e.text)}`;
  let line = e.severity ? `**${e.severity}** ` : '';
  line += mdInlineCode(e.location);
  if (e.excerpt) line += `: ${mdInlineCode(e.excerpt)}`;
  if (e.signal) line += ` (signal ${mdInlineCode(e.signal)})`;
  if (e.note) line += `, ${mdText(e.note)}`;
  if (e.apart) line += ` (${mdText(APART_WORDS[e.apart])}: shown, not counted)`;
  return line;
}

function isLineChart(c: unknown): c is LineChart {
  return typeof c === 'object' && c !== null && Array.isArray((c as LineChart).points);
}

function isBarChart(c: unknown): c is BarChart {
  return typeof c === 'object' && c !== null && Array.isArray((c as BarChart).rows) && Array.isArray((c as BarChart).categories);
}

/** A chart as a fenced block; chart.ts cleans every label, and the fence is longer than any backtick run left. */
function chartBlock(chart: unknown, kind: 'mermaid' | 'text'): string {
  if (isLineChart(chart)) return mdCodeBlock(kind === 'mermaid' ? mermaidLine(chart) : textLineLines(chart).join('\n'), kind);
  if (isBarChart(chart)) return mdCodeBlock(kind === 'mermaid' ? mermaidBars(chart) : textBarLines(chart).join('\n'), kind);
  throw new Error(`{{${kind}Chart}} was given something that is not a chart`);
}

function makeEnv(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('text', escaping('text', (v, alt) => mdText(fallback(v, alt ?? ''))));
  hb.registerHelper('cell', escaping('cell', (v) => mdCell(v)));
  hb.registerHelper('inlineCode', escaping('inlineCode', (v) => mdInlineCode(v)));
  hb.registerHelper('cellCode', escaping('cellCode', (v) => mdCellCode(v)));
  hb.registerHelper('code', escaping('code', (v, lang) => mdCodeBlock(v, typeof lang === 'string' ? lang : '')));
  hb.registerHelper('anchor', escaping('anchor', (id) => mdAnchor(id)));
  hb.registerHelper('link', escaping('link', (text, id) => mdAnchorLink(text, id)));
  hb.registerHelper('evidenceItem', escaping('evidenceItem', (e) => evidenceLine(e as EvidenceView)));
  hb.registerHelper('mermaidChart', escaping('mermaidChart', (c) => chartBlock(c, 'mermaid')));
  hb.registerHelper('textChart', escaping('textChart', (c) => chartBlock(c, 'text')));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('inc', (n: unknown) => (typeof n === 'number' ? String(n + 1) : ''));
  hb.registerHelper('count', (list: unknown) => (Array.isArray(list) ? String(list.length) : '0'));
  return hb;
}

type Node = hbs.AST.Node & Record<string, unknown>;

function pathNode(name: string, loc: hbs.AST.SourceLocation): hbs.AST.PathExpression {
  return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc } as hbs.AST.PathExpression;
}

function wrapMustache(m: hbs.AST.MustacheStatement, helpers: ReadonlySet<string>): hbs.AST.MustacheStatement {
  const p = m.path as hbs.AST.PathExpression;
  const name = p.type === 'PathExpression' ? p.original : '';
  if (ESCAPING_HELPERS.has(name)) return { ...m, escaped: true };
  const hasArgs = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
  const inner: hbs.AST.Expression =
    hasArgs || helpers.has(name)
      ? ({ type: 'SubExpression', path: m.path, params: m.params, hash: m.hash, loc: m.loc } as unknown as hbs.AST.SubExpression)
      : m.path;
  return { ...m, path: pathNode('text', m.loc), params: [inner], hash: undefined as unknown as hbs.AST.Hash, escaped: true };
}

function rewrite(node: Node | null | undefined, helpers: ReadonlySet<string>): void {
  if (!node) return;
  if (node.type === 'Program') {
    const prog = node as unknown as hbs.AST.Program;
    prog.body = prog.body.map((s) => (s.type === 'MustacheStatement' ? wrapMustache(s as hbs.AST.MustacheStatement, helpers) : s));
    for (const s of prog.body) rewrite(s as Node, helpers);
  } else if (node.type === 'BlockStatement') {
    const b = node as unknown as hbs.AST.BlockStatement;
    rewrite(b.program as unknown as Node, helpers);
    rewrite(b.inverse as unknown as Node, helpers);
  } else if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement' || node.type === 'DecoratorBlock' || node.type === 'Decorator') {
    // Partials and decorators could emit text this module never sees.
    const loc = (node as unknown as { loc?: hbs.AST.SourceLocation }).loc;
    throw Object.assign(new Error('partials and decorators are not supported in dossier templates'), { lineNumber: loc?.start.line, column: loc?.start.column });
  }
}

function locationOf(error: unknown): { line: number | null; column: number | null; message: string } {
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const message = String(e.message ?? error);
  let line = typeof e.lineNumber === 'number' ? e.lineNumber : null;
  let column = typeof e.column === 'number' ? e.column : null;
  if (line === null) {
    const m = /on line (\d+)/.exec(message) ?? /- (\d+):(\d+)\s*$/.exec(message);
    if (m) {
      line = Number(m[1]);
      if (m[2] !== undefined) column = Number(m[2]);
    }
  }
  // Handlebars repeats the location and an ASCII caret drawing; one line is clearer.
  const first = message
    .replace(/\s*- \d+:\d+\s*$/, '')
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^[-.\s^]*$/.test(l) && !/^Parse error on line/.test(l))
    .join(' ');
  return { line, column, message: first || message };
}

export type DossierTemplate = (view: unknown) => string;

/** Compile a template; a broken one throws TemplateError naming the file and line. */
export function compileTemplate(text: string, name: string): DossierTemplate {
  const hb = makeEnv();
  const helperNames = new Set(Object.keys(hb.helpers));
  let compiled: HandlebarsTemplateDelegate;
  try {
    const ast = hb.parse(text);
    rewrite(ast as unknown as Node, helperNames);
    const known: Record<string, boolean> = {};
    for (const h of helperNames) known[h] = true;
    const options = { noEscape: true, strict: true, knownHelpers: known, knownHelpersOnly: true };
    // compile() is lazy; precompiling once makes syntax and unknown-helper errors surface here, with their location.
    hb.precompile(ast, options);
    compiled = hb.compile(ast, options);
  } catch (error) {
    const { line, column, message } = locationOf(error);
    throw new TemplateError(name, line, column, message);
  }
  return (view: unknown) => {
    try {
      return compiled(view);
    } catch (error) {
      const { line, column, message } = locationOf(error);
      throw new TemplateError(name, line, column, message);
    }
  };
}

let defaultCache: DossierTemplate | undefined;

/** The shipped template (compiled once per process). */
export function defaultTemplate(): DossierTemplate {
  if (!defaultCache) {
    const file = path.join(shippedTemplatesDir(), DEFAULT_TEMPLATE);
    defaultCache = compileTemplate(readFileSync(file, 'utf8'), `templates/${DEFAULT_TEMPLATE}`);
  }
  return defaultCache;
}
