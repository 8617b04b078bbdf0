import { severityRank, type Severity } from '../checklist/schema.js';
import { STATE_VALUES } from '../assessment/score.js';
import type { EffectiveState } from '../assessment/status.js';
import { mdCell, mdCodeBlock, mdInlineCode, mdText } from './escape.js';
import { barRuns, countWords, fitColumns, legendRuns, MERMAID_LABEL, mermaidBars, mermaidLabel, type BarChart } from './chart.js';
import { READINESS_ORDER, readinessChart, readinessCounts, readinessOfReported, type Readiness } from './pictures.js';
import type { Report } from './json.js';
import { byCodeUnits } from '../util/compare.js';
import { sanitizeLine } from '../util/sanitize.js';

/**
 * Two assessments compared: what improved, what regressed, what changed
 * otherwise (e.g. no ↔ unknown, a waiver granted), which questions are new or
 * gone, and how score and verdict moved. Works on the JSON report shape so it can
 * compare saved reports as well as assessments rendered on the fly.
 */

export interface DiffQuestion {
  id: string;
  text: string;
  severity: Severity;
  state: EffectiveState;
  waived: boolean;
}

export interface QuestionChange {
  id: string;
  text: string;
  severity: Severity;
  from: EffectiveState;
  to: EffectiveState;
  /** Extra words, e.g. "waiver granted". */
  detail: string | null;
}

/** A section whose score moved, with its readiness counts on each side (for the before/after bar pair). */
export interface SectionChange {
  id: string;
  title: string;
  direction: 'improved' | 'regressed';
  before: { score: number | null; counts: Record<Readiness, number> };
  after: { score: number | null; counts: Record<Readiness, number> };
}

export interface DiffResult {
  format: 'shipshape-diff';
  format_version: 1;
  old: { name: string; updated_at: string; checklist: string; score: number | null; verdict: string };
  new: { name: string; updated_at: string; checklist: string; score: number | null; verdict: string };
  score_change: number | null;
  verdict_changed: boolean;
  improved: QuestionChange[];
  regressed: QuestionChange[];
  changed: QuestionChange[];
  added: DiffQuestion[];
  removed: DiffQuestion[];
  /** Sections whose score went up or down, regressed first. */
  sections: SectionChange[];
}

function questionsOf(r: Report): Map<string, DiffQuestion> {
  const out = new Map<string, DiffQuestion>();
  for (const s of r.sections) {
    for (const q of s.questions) out.set(q.id, { id: q.id, text: q.text ?? q.id, severity: q.severity, state: q.state, waived: q.waiver?.status === 'active' });
  }
  return out;
}

/** n/a sits outside the yes…no scale: moving into or out of it is a change, not an improvement. */
function value(s: EffectiveState): number | null {
  return s === 'n/a' ? null : STATE_VALUES[s];
}

const bySeverity = (a: { severity: Severity; id: string }, b: { severity: Severity; id: string }) =>
  severityRank(a.severity) - severityRank(b.severity) || byCodeUnits(a.id, b.id);

function side(r: Report) {
  return { name: r.assessment.name, updated_at: r.assessment.updated_at, checklist: `${r.checklist.id}@${r.checklist.version}`, score: r.score, verdict: r.verdict };
}

function sectionSides(r: Report): Map<string, { title: string; score: number | null; counts: Record<Readiness, number> }> {
  return new Map(
    r.sections.map((s) => {
      const counts = readinessCounts(s.questions.map((q) => readinessOfReported({ applies: q.applies, state: q.state, source: q.source, gap: q.gap, waiver: q.waiver })));
      return [s.id, { title: sanitizeLine(String(s.title).replace(/\s+/g, ' '), 200), score: s.score, counts: Object.fromEntries(READINESS_ORDER.map((k, i) => [k, counts[i] ?? 0])) as Record<Readiness, number> }];
    }),
  );
}

/** Sections present on both sides whose score moved (a section scored on one side only moved too). */
function sectionChanges(oldR: Report, newR: Report): SectionChange[] {
  const before = sectionSides(oldR);
  const out: SectionChange[] = [];
  for (const [id, a] of sectionSides(newR)) {
    const b = before.get(id);
    if (!b || a.score === b.score) continue;
    const direction = (a.score ?? -1) > (b.score ?? -1) ? 'improved' : 'regressed';
    out.push({ id, title: a.title, direction, before: { score: b.score, counts: b.counts }, after: { score: a.score, counts: a.counts } });
  }
  // Regressions first: they are what a reviewer must read.
  return [...out.filter((c) => c.direction === 'regressed'), ...out.filter((c) => c.direction === 'improved')];
}

export function diffReports(oldR: Report, newR: Report): DiffResult {
  const before = questionsOf(oldR);
  const after = questionsOf(newR);
  const improved: QuestionChange[] = [];
  const regressed: QuestionChange[] = [];
  const changed: QuestionChange[] = [];
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a) continue;
    const waiverDetail = a.waived !== b.waived ? (a.waived ? 'waiver granted' : 'waiver ended') : null;
    if (a.state === b.state && waiverDetail === null) continue;
    const change: QuestionChange = { id, text: a.text, severity: a.severity, from: b.state, to: a.state, detail: waiverDetail };
    const vb = value(b.state);
    const va = value(a.state);
    if (vb !== null && va !== null && va > vb) improved.push(change);
    else if (vb !== null && va !== null && va < vb) regressed.push(change);
    else changed.push(change);
  }
  const added = [...after.values()].filter((q) => !before.has(q.id)).sort(bySeverity);
  const removed = [...before.values()].filter((q) => !after.has(q.id)).sort(bySeverity);
  return {
    format: 'shipshape-diff',
    format_version: 1,
    old: side(oldR),
    new: side(newR),
    score_change: oldR.score !== null && newR.score !== null ? Math.round((newR.score - oldR.score) * 10) / 10 : null,
    verdict_changed: oldR.verdict !== newR.verdict,
    improved: improved.sort(bySeverity),
    regressed: regressed.sort(bySeverity),
    changed: changed.sort(bySeverity),
    added,
    removed,
    sections: sectionChanges(oldR, newR),
  };
}

function scoreText(s: number | null): string {
  return s === null ? 'n/a' : s.toFixed(1);
}

function changeTable(title: string, rows: QuestionChange[]): string[] {
  if (rows.length === 0) return [];
  const out = [`## ${title} (${rows.length})`, '', '| Question | Severity | Before | After | Note |', '|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${mdInlineCode(r.id).replace(/\|/g, '\\|')} ${mdCell(r.text)} | ${r.severity} | ${r.from} | ${r.to} | ${mdCell(r.detail)} |`);
  out.push('');
  return out;
}

function listTable(title: string, rows: DiffQuestion[]): string[] {
  if (rows.length === 0) return [];
  const out = [`## ${title} (${rows.length})`, '', '| Question | Severity | State |', '|---|---|---|'];
  for (const r of rows) out.push(`| ${mdInlineCode(r.id).replace(/\|/g, '\\|')} ${mdCell(r.text)} | ${r.severity} | ${r.state} |`);
  out.push('');
  return out;
}

/**
 * The moved sections as one chart: a bar before and a bar after each, on one
 * scale. The title is cut here, not the whole label, so a long title keeps its
 * "(before)" and "(after)" (Mermaid labels are cut at MERMAID_LABEL).
 */
function sectionPairChart(d: DiffResult): BarChart {
  const title = (s: SectionChange) => mermaidLabel(s.title, MERMAID_LABEL - ' (before)'.length);
  return readinessChart(
    'Before and after',
    d.sections.flatMap((s) => [
      { label: `${title(s)} (before)`, counts: READINESS_ORDER.map((k) => s.before.counts[k]) },
      { label: `${title(s)} (after)`, counts: READINESS_ORDER.map((k) => s.after.counts[k]) },
    ]),
  );
}

/** The pair as text: the section, its score move, then a before and an after bar on one scale. */
function sectionPairLines(d: DiffResult, barWidth = 24): string[] {
  const chart = sectionPairChart(d);
  const max = chart.rows.reduce((m, r) => Math.max(m, r.counts.reduce((a, b) => a + b, 0)), 0);
  const out = [legendRuns(chart).map((r) => r.text).join(''), ''];
  for (const s of d.sections) {
    const move = `${scoreText(s.before.score)} → ${scoreText(s.after.score)}`;
    out.push(`${s.direction === 'improved' ? '▲ improved ' : '▼ regressed'}  ${fitColumns(s.title, 40).trimEnd()}  (${move})`);
    for (const [name, side] of [
      ['before', s.before],
      ['after ', s.after],
    ] as const) {
      const counts = READINESS_ORDER.map((k) => side.counts[k]);
      const bar = barRuns(chart, counts, barWidth, max)
        .map((r) => r.text)
        .join('');
      out.push(`  ${name}  ${bar}  ${countWords(chart, counts)}`);
    }
  }
  return out;
}

export function renderDiffMarkdown(d: DiffResult): string {
  const delta = d.score_change === null ? '' : ` (${d.score_change >= 0 ? '+' : ''}${d.score_change.toFixed(1)})`;
  const out = [
    `# Readiness change: ${mdText(d.old.name)} → ${mdText(d.new.name)}`,
    '',
    '| | Before | After |',
    '|---|---|---|',
    `| Saved | ${mdCell(d.old.updated_at)} | ${mdCell(d.new.updated_at)} |`,
    `| Checklist | ${mdCell(d.old.checklist)} | ${mdCell(d.new.checklist)} |`,
    `| Verdict | ${mdCell(d.old.verdict)} | ${mdCell(d.new.verdict)}${d.verdict_changed ? ' (changed)' : ''} |`,
    `| Score | ${scoreText(d.old.score)} | ${scoreText(d.new.score)}${delta} |`,
    '',
    `${d.improved.length} improved, ${d.regressed.length} regressed, ${d.changed.length} otherwise changed, ${d.added.length} new and ${d.removed.length} removed questions.`,
    '',
    ...(d.sections.length > 0
      ? [`## Sections that moved (${d.sections.length})`, '', mdCodeBlock(mermaidBars(sectionPairChart(d)), 'mermaid'), '', mdCodeBlock(sectionPairLines(d).join('\n'), 'text'), '']
      : []),
    ...changeTable('Regressed', d.regressed),
    ...changeTable('Improved', d.improved),
    ...changeTable('Changed', d.changed),
    ...listTable('New questions', d.added),
    ...listTable('Removed questions', d.removed),
  ];
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
