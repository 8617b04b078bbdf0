import stringWidth from 'string-width';
import { sanitizeLine } from '../util/sanitize.js';

/**
 * Pictures of counts and trends, drawn three ways from one view-model: Mermaid
 * text (GitHub, GitLab and most markdown viewers draw it), plain-text bars (a
 * terminal, `verify`, a diff tool) and styled runs (the wizard turns each run into
 * an Ink <Text>, see ui/components/chart.tsx). Pure: no I/O, no clock.
 *
 * Labels are hostile input (section titles come from a team's checklist, names
 * from a repository): every renderer cleans them itself, so a caller cannot
 * forget. Mermaid has no escape for a quote inside a label, reads `%%` as a
 * comment or directive anywhere on a line, and decodes `#name;` as an entity, so
 * a Mermaid label keeps letters, digits and a few harmless marks and drops the
 * rest (mermaidLabel). The text renderers strip escape sequences and controls.
 */

export type ChartTone = 'green' | 'cyan' | 'red' | 'yellow' | 'gray' | 'magenta' | 'blue';

/** One kind of thing a bar counts: how it looks in each medium, and its words. */
export interface ChartCategory {
  key: string;
  /** Words for the legend and the counts ("confirmed yes"). */
  label: string;
  /** One terminal column: tells the categories apart without colour (NO_COLOR). */
  glyph: string;
  tone: ChartTone;
  /** Fill colour in Mermaid (hex), and its name for the legend in words (GitHub's Mermaid draws no legend). */
  color: string;
  colorName: string;
}

export interface ChartRow {
  label: string;
  /** One count per category, in the chart's category order. */
  counts: readonly number[];
}

/** Horizontal stacked bars: one row per thing compared, segments in category order. */
export interface BarChart {
  title: string;
  /** What one unit is ("questions", "controls"). */
  unit: string;
  categories: readonly ChartCategory[];
  rows: readonly ChartRow[];
}

/** A line over labelled points (dates, runs). */
export interface LineChart {
  title: string;
  /** The y axis's name ("score"). */
  axis: string;
  min: number;
  max: number;
  /** `note`: words the text form shows beside the point ("gate pass"). */
  points: readonly { label: string; value: number; note?: string }[];
}

/** A piece of a terminal line: text in one tone. */
export interface Run {
  text: string;
  tone?: ChartTone;
  dim?: boolean;
}

/** A count as drawn: finite and not negative (a hand-edited or hostile input file may hold anything). */
const clean = (c: number): number => (Number.isFinite(c) && c > 0 ? c : 0);
const total = (counts: readonly number[]) => counts.reduce((n, c) => n + clean(c), 0);

/** The largest row total: bars are drawn on one scale, so a longer bar is more questions. */
export function chartMax(chart: BarChart): number {
  return chart.rows.reduce((m, r) => Math.max(m, total(r.counts)), 0);
}

/**
 * Cells per category for a bar `width` cells long at `scaleMax` = full width.
 * The row gets round(total/scaleMax × width) cells (at least one when it has
 * anything), shared by largest remainder; a category with any count keeps at
 * least one cell while the width allows, so a single gap never disappears in
 * the rounding (the cells it needs come from the largest categories).
 */
export function barCells(counts: readonly number[], width: number, scaleMax: number): number[] {
  const values = counts.map(clean);
  const sum = total(values);
  const cells = values.map(() => 0);
  if (sum === 0 || width <= 0) return cells;
  const scale = Math.max(clean(scaleMax), sum);
  const nonzero = values.filter((c) => c > 0).length;
  const length = Math.min(width, Math.max(Math.round((sum / scale) * width), Math.min(nonzero, width), 1));
  const exact = values.map((c) => (c / sum) * length);
  exact.forEach((e, i) => (cells[i] = Math.floor(e)));
  const sumCells = () => cells.reduce((a, b) => a + b, 0);
  // Every category with a count gets a cell first, in category order, while the bar has room for one each.
  if (nonzero <= length) values.forEach((c, i) => c > 0 && cells[i] === 0 && (cells[i] = 1));
  // Then the largest remainders fill what is left.
  const byRemainder = values
    .map((c, i) => ({ i, c, rest: (exact[i] ?? 0) - Math.floor(exact[i] ?? 0) }))
    .filter((x) => x.c > 0)
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const x of byRemainder) {
    if (sumCells() >= length) break;
    cells[x.i] = (cells[x.i] ?? 0) + 1;
  }
  // A cell given to a small category came from the largest one.
  while (sumCells() > length) {
    let big = 0;
    cells.forEach((c, i) => c > (cells[big] ?? 0) && (big = i));
    cells[big] = (cells[big] ?? 0) - 1;
  }
  return cells;
}

/** A row's bar as runs, padded with spaces to `width` cells. */
export function barRuns(chart: BarChart, counts: readonly number[], width: number, scaleMax = chartMax(chart)): Run[] {
  const cells = barCells(counts, width, scaleMax);
  const runs: Run[] = [];
  chart.categories.forEach((c, i) => {
    const n = cells[i] ?? 0;
    if (n > 0) runs.push({ text: c.glyph.repeat(n), tone: c.tone });
  });
  const used = cells.reduce((a, b) => a + b, 0);
  if (used < width) runs.push({ text: ' '.repeat(width - used) });
  return runs;
}

/** "4 confirmed yes · 2 gap": the non-zero counts in category order ("none" when empty). */
export function countWords(chart: BarChart, counts: readonly number[], short = false): string {
  const parts = chart.categories.flatMap((c, i) => (clean(counts[i] ?? 0) > 0 ? [`${clean(counts[i] ?? 0)} ${short ? (c.label.split(' ').at(-1) ?? c.label) : c.label}`] : []));
  return parts.length === 0 ? `no ${chart.unit}` : parts.join(' · ');
}

/** The legend as runs: each glyph in its tone, then its words. */
export function legendRuns(chart: BarChart): Run[] {
  const runs: Run[] = [];
  chart.categories.forEach((c, i) => {
    if (i > 0) runs.push({ text: '  ' });
    runs.push({ text: c.glyph, tone: c.tone }, { text: ` ${c.label}` });
  });
  return runs;
}

/** Plain text on one line: controls and escape sequences removed, at most `max` characters. */
function plain(text: string, max = 200): string {
  return sanitizeLine(text.replace(/\r\n?|\n|\u2028|\u2029/g, ' '), max).trim();
}

/** Pad or cut to `width` terminal columns (wide characters count two). */
export function fitColumns(text: string, width: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > width) {
      // Keep room for the ellipsis.
      while (used + 1 > width && out.length > 0) {
        const last = [...out].at(-1) ?? '';
        out = out.slice(0, out.length - last.length);
        used -= stringWidth(last);
      }
      return `${out}…${' '.repeat(Math.max(0, width - used - 1))}`;
    }
    out += ch;
    used += w;
  }
  return out + ' '.repeat(Math.max(0, width - used));
}

export interface TextBarOptions {
  /** Columns of the bar itself. */
  barWidth?: number;
  /** Widest label column (labels are cut with …). */
  labelWidth?: number;
}

/**
 * The chart as plain-text lines: title, legend, then one row per label: label,
 * counts in words, bar. The bar comes last so its start lines up whatever a font
 * makes of the block characters.
 */
export function textBarLines(chart: BarChart, options: TextBarOptions = {}): string[] {
  const barWidth = options.barWidth ?? 24;
  const labels = chart.rows.map((r) => plain(r.label, 120));
  const labelWidth = Math.min(options.labelWidth ?? 32, Math.max(4, ...labels.map((l) => stringWidth(l))));
  const words = chart.rows.map((r) => countWords(chart, r.counts));
  const wordsWidth = Math.max(0, ...words.map((w) => stringWidth(w)));
  const max = chartMax(chart);
  const out = [plain(chart.title), legendRuns(chart).map((r) => r.text).join(''), ''];
  chart.rows.forEach((r, i) => {
    const bar = barRuns(chart, r.counts, barWidth, max)
      .map((x) => x.text)
      .join('');
    out.push(`${fitColumns(labels[i] ?? '', labelWidth)}  ${fitColumns(words[i] ?? '', wordsWidth)}  ${bar}`.trimEnd());
  });
  return out;
}

const SPARK = '▁▂▃▄▅▆▇█';

/** One character per value between min and max; null is a gap. */
export function sparkline(values: readonly (number | null)[], min = 0, max = 100): string {
  const span = max - min;
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      const f = span <= 0 ? 1 : (Math.max(min, Math.min(max, v)) - min) / span;
      return SPARK[Math.min(SPARK.length - 1, Math.floor(f * SPARK.length))] ?? ' ';
    })
    .join('');
}

function numberText(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** The line chart as text: a sparkline, first → last, then every point. */
export function textLineLines(chart: LineChart): string[] {
  const pts = chart.points;
  if (pts.length === 0) return [plain(chart.title), `no ${plain(chart.axis, 40)} yet`];
  const first = pts[0];
  const last = pts.at(-1);
  const out = [
    `${plain(chart.title)}  ${sparkline(pts.map((p) => p.value), chart.min, chart.max)}  ${numberText(first?.value ?? 0)} → ${numberText(last?.value ?? 0)}`,
    '',
  ];
  const width = Math.min(24, Math.max(...pts.map((p) => stringWidth(plain(p.label, 40)))));
  for (const p of pts) out.push(`${fitColumns(plain(p.label, 40), width)}  ${numberText(p.value).padStart(5)}${p.note ? `  ${plain(p.note, 80)}` : ''}`);
  return out;
}

// --- Mermaid -------------------------------------------------------------------

/** Characters a Mermaid label keeps besides letters, digits and spaces; everything else becomes a space. */
const MERMAID_SAFE = /[^\p{L}\p{N}\p{M} &.,:/()+\-_'?!…]/gu;

/**
 * Text safe inside a quoted Mermaid label: one line, no quote, no `%`, `#`,
 * backtick, brackets, braces, angle brackets or semicolon (each could end the
 * string, open a comment or directive, form an entity, or end the code fence).
 * What is left is readable: "Auth [v2] \"beta\"" → "Auth (v2) 'beta'".
 */
export function mermaidLabel(text: string, max = 40): string {
  let s = plain(text, 1000)
    .replace(/[[{<]/g, '(')
    .replace(/[\]}>]/g, ')')
    .replace(/["`]/g, "'")
    .replace(MERMAID_SAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if ([...s].length > max) s = `${[...s].slice(0, max - 1).join('').trimEnd()}…`;
  return s === '' ? '?' : s;
}

/** Labels as Mermaid sees them, made unique (two sections with one title would share a bar). */
function mermaidLabels(labels: readonly string[], max: number): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const base = mermaidLabel(l, max);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} ·${n}`;
  });
}

const quote = (s: string) => `"${s}"`;

/**
 * The chart's config. Bar charts hide the value axis's numbers: Mermaid pads that
 * axis by half a number's width and starts every bar at the padding's edge, so a
 * zero would show as a sliver of colour; the labels carry the counts instead.
 */
function init(palette: readonly string[], size: { width: number; height: number }, valueLabels = true): string {
  const xyChart = { width: size.width, height: size.height, ...(!valueLabels && { yAxis: { showLabel: false } }) };
  const config = { xyChart, themeVariables: { xyChart: { plotColorPalette: palette.join(', ') } } };
  return `%%{init: ${JSON.stringify(config)}}%%`;
}

/**
 * Stacked horizontal bars in Mermaid's xychart. It has no stacking, but draws
 * every bar series at the same place, later ones on top: so the series are the
 * running totals, longest first, each in its category's colour. What shows is
 * the first category from 0, the next one after it, and so on.
 */
/** Longest row label a Mermaid bar chart shows (its count follows): longer ones are cut with …. */
export const MERMAID_LABEL = 36;

export function mermaidBars(chart: BarChart): string {
  const labels = mermaidLabels(
    chart.rows.map((r) => r.label),
    MERMAID_LABEL,
  ).map((l, i) => `${l} (${total(chart.rows[i]?.counts ?? [])})`);
  const max = Math.max(1, chartMax(chart));
  const k = chart.categories.length;
  const series: number[][] = [];
  for (let upTo = k; upTo >= 1; upTo--) series.push(chart.rows.map((r) => total(r.counts.slice(0, upTo))));
  const palette = [...chart.categories].reverse().map((c) => c.color);
  const legend = chart.categories.map((c) => `${c.label} ${c.colorName}`).join(', ');
  return [
    init(palette, { width: 900, height: Math.max(200, 90 + 30 * chart.rows.length) }, false),
    'xychart-beta horizontal',
    `  title ${quote(mermaidLabel(`${chart.title}: ${legend}`, 160))}`,
    `  x-axis [${labels.map(quote).join(', ')}]`,
    `  y-axis ${quote(mermaidLabel(chart.unit))} 0 --> ${max}`,
    ...series.map((s) => `  bar [${s.join(', ')}]`),
  ].join('\n');
}

/** Bars of one colour per category (one series per row, zero elsewhere, so each bar keeps its own colour). */
export function mermaidColumns(chart: { title: string; unit: string; bars: readonly { label: string; value: number; color: string }[] }): string {
  const labels = mermaidLabels(
    chart.bars.map((b) => b.label),
    30,
  ).map((l, i) => `${l} (${clean(chart.bars[i]?.value ?? 0)})`);
  const max = Math.max(1, ...chart.bars.map((b) => clean(b.value)));
  return [
    init(
      chart.bars.map((b) => b.color),
      { width: 600, height: 300 },
      false,
    ),
    'xychart-beta',
    `  title ${quote(mermaidLabel(chart.title, 120))}`,
    `  x-axis [${labels.map(quote).join(', ')}]`,
    `  y-axis ${quote(mermaidLabel(chart.unit))} 0 --> ${max}`,
    ...chart.bars.map((_, i) => `  bar [${chart.bars.map((b, j) => (i === j ? clean(b.value) : 0)).join(', ')}]`),
  ].join('\n');
}

/** A line chart in Mermaid's xychart. */
export function mermaidLine(chart: LineChart, color = '#0969da'): string {
  const labels = mermaidLabels(
    chart.points.map((p) => p.label),
    20,
  );
  return [
    init([color], { width: 700, height: 300 }),
    'xychart-beta',
    `  title ${quote(mermaidLabel(chart.title, 120))}`,
    `  x-axis [${labels.map(quote).join(', ')}]`,
    `  y-axis ${quote(mermaidLabel(chart.axis))} ${chart.min} --> ${chart.max}`,
    `  line [${chart.points.map((p) => numberText(Number.isFinite(p.value) ? Math.max(chart.min, Math.min(chart.max, p.value)) : chart.min)).join(', ')}]`,
  ].join('\n');
}
