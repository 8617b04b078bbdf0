import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import {
  barCells,
  barRuns,
  countWords,
  fitColumns,
  mermaidBars,
  mermaidColumns,
  mermaidLabel,
  mermaidLine,
  sparkline,
  textBarLines,
  textLineLines,
  type BarChart,
  type LineChart,
} from '../../source/report/chart.js';
import { CONTROL_CATEGORIES, READINESS_CATEGORIES, VERDICT_COLORS } from '../../source/report/pictures.js';
import { HOSTILE_TITLES } from './helpers.js';

/**
 * The chart module, drawn from inputs that take every branch (hostile and wide
 * labels, empty rows, a lone gap on a long scale, bad numbers, an empty line
 * chart) and compared with test/report/golden/charts.txt, which was read line by
 * line when it was written. Refresh it with UPDATE_GOLDEN=1 and read the diff.
 * The properties below say what must hold for any input.
 */

const GOLDEN = path.resolve(import.meta.dirname, 'golden/charts.txt');


const hostileChart: BarChart = {
  title: 'Readiness "by" section %%',
  unit: 'questions',
  categories: READINESS_CATEGORIES,
  rows: [
    ...HOSTILE_TITLES.map((label, i) => ({ label, counts: [i % 3, (i * 2) % 5, i % 2, i === 4 ? 1 : 0, 3] })),
    { label: '日本語のセクション名はとても長いです', counts: [1, 0, 0, 0, 0] },
    { label: 'Auth "quoted" [v2] {x}', counts: [0, 0, 0, 0, 0] },
    { label: 'A lone gap on a long scale', counts: [40, 0, 1, 0, 0] },
    { label: 'Bad numbers', counts: [Number.NaN, -3, 2, Number.POSITIVE_INFINITY, 1] },
  ],
};

const trend: LineChart = {
  title: 'Score over time',
  axis: 'score',
  min: 0,
  max: 100,
  points: [
    { label: '2025-05-28', value: 2.7 },
    { label: '2025-05-30', value: 55, note: 'gate FAIL' },
    { label: '2025-06-02 "x"', value: 140, note: 'gate pass (2 runs)' },
  ],
};

const empty: LineChart = { title: 'Nothing yet', axis: 'score', min: 0, max: 100, points: [] };

function drawAll(): string {
  const parts: [string, string][] = [
    ['text bars (hostile labels, wide labels, empty row, lone gap, bad numbers)', textBarLines(hostileChart).join('\n')],
    ['text bars, narrow (bar 8, labels 12)', textBarLines(hostileChart, { barWidth: 8, labelWidth: 12 }).join('\n')],
    ['mermaid bars', mermaidBars(hostileChart)],
    ['controls chart, text', textBarLines({ title: 'Controls by framework', unit: 'controls', categories: CONTROL_CATEGORIES, rows: [{ label: 'SOC 2 TSC', counts: [3, 1, 0, 9] }, { label: 'OWASP Top 10 for LLM 2025', counts: [0, 2, 1, 7] }] }).join('\n')],
    ['mermaid columns', mermaidColumns({ title: 'Verdicts', unit: 'repositories', bars: Object.entries(VERDICT_COLORS).map(([label, color], i) => ({ label, value: i * 2, color })) })],
    ['line, text', textLineLines(trend).join('\n')],
    ['line, mermaid', mermaidLine(trend)],
    ['empty line, text', textLineLines(empty).join('\n')],
    ['sparkline 0..100 with a gap and out-of-range values', `[${sparkline([0, 12.5, 50, 99.9, 100, null, -5, 250, Number.NaN])}]`],
  ];
  return `${parts.map(([name, body]) => `=== ${name}\n${body}\n`).join('\n')}`;
}

describe('chart module: golden outputs', () => {
  it('draws every chart as test/report/golden/charts.txt says', () => {
    const actual = drawAll();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
    const expected = existsSync(GOLDEN) ? readFileSync(GOLDEN, 'utf8') : '';
    expect(actual).toBe(expected);
  });
});

/** Every line a Mermaid block of ours may hold: the init directive, the header, and quoted or numeric statements. */
const MERMAID_LINE =
  /^(?:%%\{init: \{[^\n]*\}\}%%|xychart-beta(?: horizontal)?| {2}title "[^"%#`;\n[\]{}<>]*"| {2}x-axis \[(?:"[^"%#`;\n[\]{}<>]*"(?:, )?)+\]| {2}y-axis "[^"%#`;\n[\]{}<>]*" -?\d+(?:\.\d+)? --> \d+(?:\.\d+)?| {2}(?:bar|line) \[(?:-?\d+(?:\.\d+)?(?:, )?)+\])$/;

describe('chart module: properties', () => {
  it('a Mermaid label never holds what could end its string, start a comment or directive, form an entity or close a fence', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: fc.constantFrom('"', '%', '#', '`', ';', '[', ']', '{', '}', '<', '>', '\n', '\r', '\u001b', '\u202e', 'a', ' ', '&', '日', '\\', ':') }), (s) => {
        const l = mermaidLabel(s);
        expect(l).not.toMatch(/["%#`;[\]{}<>\n\r\u001b\u202e\\]/);
        expect(l.length).toBeGreaterThan(0);
        expect([...l].length).toBeLessThanOrEqual(40);
        // A label cut once and passed through again (a caller that shortens a part of its label) reads the same: the ellipsis stays.
        expect(mermaidLabel(l)).toBe(l);
      }),
    );
    const cut = mermaidLabel('Dependencies & ownership of generated code', 30);
    expect(cut).toBe('Dependencies & ownership of g…');
    expect(mermaidLabel(`${cut} (before)`)).toBe(`${cut} (before)`);
  });

  it('every line of a Mermaid bar chart is one of the statements we mean to write, whatever the labels', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: fc.string({ maxLength: 60 }), counts: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 5, maxLength: 5 }) }), { minLength: 1, maxLength: 8 }), fc.string(), (rows, title) => {
        const text = mermaidBars({ title, unit: 'questions', categories: READINESS_CATEGORIES, rows });
        for (const line of text.split('\n')) expect(line).toMatch(MERMAID_LINE);
        // The stacking: series are running totals, longest first, so each later series is never longer.
        const series = text
          .split('\n')
          .filter((l) => l.startsWith('  bar '))
          .map((l) => l.replace(/[^\d,]/g, '').split(',').map(Number));
        expect(series).toHaveLength(5);
        for (let i = 1; i < series.length; i++) series[i]?.forEach((v, j) => expect(v).toBeLessThanOrEqual(series[i - 1]?.[j] ?? 0));
      }),
    );
  });

  it('bar cells fit the width, follow the scale, and never hide a category that has a count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 400 }), (counts, width, extra) => {
        const sum = counts.reduce((a, b) => a + b, 0);
        const cells = barCells(counts, width, sum + extra);
        const used = cells.reduce((a, b) => a + b, 0);
        expect(used).toBeLessThanOrEqual(width);
        counts.forEach((c, i) => {
          if (c === 0) expect(cells[i]).toBe(0);
        });
        const nonzero = counts.filter((c) => c > 0).length;
        if (nonzero <= width) counts.forEach((c, i) => c > 0 && expect(cells[i]).toBeGreaterThan(0));
        if (sum > 0) expect(used).toBeGreaterThan(0);
        // The full-scale row fills the width.
        if (extra === 0 && sum > 0) expect(used).toBe(width);
      }),
    );
  });

  it('a text row is as wide as its columns say, with wide characters counted twice', () => {
    const lines = textBarLines(hostileChart, { barWidth: 10, labelWidth: 14 })
      .slice(3)
      .filter((l) => !l.includes('no questions'));
    const widths = lines.map((l) => stringWidth(l.slice(0, l.lastIndexOf('  ') + 2)));
    // Every bar starts in the same column.
    expect(new Set(widths).size).toBe(1);
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(fitColumns('日本語', 5)).toBe('日本…');
    expect(stringWidth(fitColumns('日本語', 5))).toBe(5);
  });

  it('bar runs carry each category in its tone and pad to the width; counts read in words', () => {
    const runs = barRuns(hostileChart, [1, 0, 2, 0, 1], 8, 4);
    expect(runs.map((r) => [r.text, r.tone])).toEqual([
      ['██', 'green'],
      ['✘✘✘✘', 'red'],
      ['··', 'gray'],
    ]);
    expect(barRuns(hostileChart, [1, 0, 0, 0, 0], 8, 4).at(-1)).toEqual({ text: '      ' });
    expect(countWords(hostileChart, [1, 0, 2, 0, 1])).toBe('1 confirmed yes · 2 gap · 1 open');
    expect(countWords(hostileChart, [0, 0, 0, 0, 0])).toBe('no questions');
  });
});
