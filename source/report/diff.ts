import { severityRank, type Severity } from '../checklist/schema.js';
import { STATE_VALUES } from '../assessment/score.js';
import type { EffectiveState } from '../assessment/status.js';
import { mdCell, mdInlineCode, mdText } from './escape.js';
import type { Report } from './json.js';
import { byCodeUnits } from '../util/compare.js';

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
    ...changeTable('Regressed', d.regressed),
    ...changeTable('Improved', d.improved),
    ...changeTable('Changed', d.changed),
    ...listTable('New questions', d.added),
    ...listTable('Removed questions', d.removed),
  ];
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
