import type { AggregateJson } from '../contract/outputs.js';
import { sanitizeLine } from '../util/sanitize.js';
import { mdCell, mdCodeBlock, mdText } from './escape.js';
import { mermaidColumns } from './chart.js';
import { HEAT_NONE, HEAT_SCALE, heatGlyph, VERDICT_COLORS } from './pictures.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * The fleet roll-up: many repositories' report or check JSON (collected from each
 * repository's CI artefacts) → one portfolio view. `buildFleetView` is the view-model
 * every picture reads: the markdown tables, the heat table of repositories ×
 * sections (`FleetView.sections`, `FleetRepo.sectionScores`) and the Mermaid bar of
 * verdicts (`FleetView.totals`). Inputs are untrusted files: every
 * string is sanitised, every number checked. Pure.
 */

export type Verdict = 'ready' | 'ready with conditions' | 'not ready';
const VERDICTS: readonly Verdict[] = ['ready', 'ready with conditions', 'not ready'];

export interface FleetEntry {
  name: string;
  source: string;
  kind: 'report' | 'check';
  verdict: Verdict;
  score: number | null;
  passed: boolean | null;
  blockers: number;
  gaps: number;
  updatedAt: string | null;
  commit: string | null;
  detectionOnly: boolean;
  staleEvidence: number;
  sections: { id: string; title: string; score: number | null }[];
  /** Questions with a gap (report) or failing the gate (check), with their control ids. */
  failing: { question: string; controls: string[] }[];
}

export interface FleetRepo extends FleetEntry {
  stale: boolean;
  staleReasons: string[];
  /** Section id → score, for a repositories × sections table. */
  sectionScores: ReadonlyMap<string, number | null>;
}

export interface FleetView {
  generatedAt: string;
  staleAfterDays: number;
  repositories: FleetRepo[];
  totals: { repositories: number; byVerdict: Record<Verdict, number>; stale: number; failingGate: number };
  /** Every section seen, in first-seen order: the columns of a heat table. */
  sections: { id: string; title: string }[];
  controls: { control: string; repositories: string[] }[];
  questions: { question: string; repositories: string[] }[];
  skipped: { file: string; reason: string }[];
}

const rec = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, max = 200): string | null => (typeof v === 'string' ? sanitizeLine(v, max) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const verdictOf = (v: unknown): Verdict | null => (VERDICTS.includes(v as Verdict) ? (v as Verdict) : null);

/** `https://github.com/org/app.git` or `git@github.com:org/app.git` → `org/app`. */
export function repositoryName(remote: string | null): string | null {
  if (!remote) return null;
  const m = /[/:]([^/:]+\/[^/:]+?)(?:\.git)?\/?$/.exec(remote.trim());
  return m?.[1] ? sanitizeLine(m[1], 200) : null;
}

function sectionsOf(v: unknown): FleetEntry['sections'] {
  return arr(v).flatMap((s) => {
    const r = rec(s);
    const id = str(r?.id, 100);
    return r && id ? [{ id, title: str(r.title, 200) ?? id, score: num(r.score) }] : [];
  });
}

/** One report or check JSON → an entry, or why it was skipped. */
export function readFleetEntry(data: unknown, source: string): FleetEntry | { skip: string } {
  const d = rec(data);
  if (!d) return { skip: 'not a JSON object' };
  if (d.format === 'shipshape-report') return fromReport(d, source);
  if (d.format === 'shipshape-check') return fromCheck(d, source);
  return { skip: typeof d.format === 'string' ? `format "${sanitizeLine(d.format, 60)}" is neither a report nor a check` : 'not a shipshape report or check JSON' };
}

function fromReport(d: Record<string, unknown>, source: string): FleetEntry | { skip: string } {
  if (d.format_version !== 1) return { skip: `report format version ${String(d.format_version)} (this shipshape reads 1)` };
  const verdict = verdictOf(d.verdict);
  if (!verdict) return { skip: 'no verdict' };
  const repo = rec(d.repository);
  const assessment = rec(d.assessment);
  const sections = arr(d.sections).map(rec);
  const gapQuestions = new Set(sections.flatMap((s) => arr(s?.questions).map(rec).filter((q) => q?.gap === true && q.applies !== false).map((q) => str(q?.id, 200) ?? '')));
  gapQuestions.delete('');
  // The crosswalk lists each control with its questions: a control fails where one of them is a gap.
  const controls = new Map<string, string[]>();
  for (const fw of arr(d.crosswalk).map(rec)) {
    const framework = str(fw?.framework, 40);
    for (const c of arr(fw?.controls).map(rec)) {
      const control = str(c?.control, 100);
      if (!framework || !control) continue;
      for (const q of arr(c?.questions).map(rec)) {
        const id = str(q?.id, 200);
        if (id && gapQuestions.has(id)) controls.set(id, [...(controls.get(id) ?? []), `${framework}:${control}`]);
      }
    }
  }
  return {
    name: repositoryName(str(repo?.remote, 500)) ?? str(assessment?.name, 200) ?? source,
    source,
    kind: 'report',
    verdict,
    score: num(d.score),
    passed: null,
    blockers: arr(d.blockers).length,
    gaps: sections.reduce((n, s) => n + (num(s?.gaps) ?? 0), 0),
    updatedAt: str(assessment?.updated_at, 40),
    commit: str(repo?.commit, 64),
    detectionOnly: false,
    staleEvidence: 0,
    sections: sectionsOf(d.sections),
    failing: [...gapQuestions].map((question) => ({ question, controls: controls.get(question) ?? [] })),
  };
}

function fromCheck(d: Record<string, unknown>, source: string): FleetEntry | { skip: string } {
  if (d.format_version !== 1) return { skip: `check format version ${String(d.format_version)} (this shipshape reads 1)` };
  const verdict = verdictOf(d.verdict);
  if (!verdict) return { skip: 'no verdict' };
  const counts = rec(d.counts);
  const repo = rec(d.repository);
  const findings = arr(d.findings).map(rec);
  const failures = arr(d.failures).map(rec);
  const all = [...failures, ...arr(d.warnings).map(rec)];
  const failing = [...new Set(failures.map((f) => str(f?.question, 200) ?? '').filter(Boolean))].map((question) => ({
    question,
    controls: [...new Set(findings.filter((f) => f?.rule === question).flatMap((f) => arr(f?.controls).map((c) => str(c, 100) ?? '').filter(Boolean)))],
  }));
  const assessment = str(d.assessment, 300);
  return {
    name: repositoryName(str(repo?.remote, 500)) ?? assessment ?? source,
    source,
    kind: 'check',
    verdict,
    score: num(d.score),
    passed: typeof d.passed === 'boolean' ? d.passed : null,
    blockers: num(counts?.blockers) ?? 0,
    gaps: num(counts?.gaps) ?? 0,
    updatedAt: str(d.assessment_updated_at, 40),
    commit: str(d.commit, 64),
    detectionOnly: assessment === null,
    staleEvidence: all.filter((f) => f?.kind === 'stale-evidence').length,
    sections: sectionsOf(d.sections),
    failing,
  };
}

function ageDays(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor((now.getTime() - t) / 86_400_000);
}

export function buildFleetView(entries: readonly FleetEntry[], skipped: readonly { file: string; reason: string }[], now: Date, staleAfterDays: number): FleetView {
  const repositories: FleetRepo[] = entries.map((e) => {
    const reasons: string[] = [];
    const age = ageDays(e.updatedAt, now);
    if (e.detectionOnly) reasons.push('never reviewed (detection only)');
    if (age !== null && age > staleAfterDays) reasons.push(`reviewed ${age} days ago`);
    if (e.staleEvidence > 0) reasons.push(`evidence changed under ${e.staleEvidence} answer${e.staleEvidence === 1 ? '' : 's'}`);
    return { ...e, stale: reasons.length > 0, staleReasons: reasons, sectionScores: new Map(e.sections.map((s) => [s.id, s.score])) };
  });
  // Worst first: not ready, then lowest score, then name.
  const rank = (r: FleetRepo) => VERDICTS.length - VERDICTS.indexOf(r.verdict);
  repositories.sort((a, b) => rank(a) - rank(b) || (a.score ?? -1) - (b.score ?? -1) || byCodeUnits(a.name, b.name));
  const sections = new Map<string, string>();
  for (const r of repositories) for (const s of r.sections) if (!sections.has(s.id)) sections.set(s.id, s.title);
  const tally = (pick: (r: FleetRepo) => string[]) => {
    const m = new Map<string, Set<string>>();
    for (const r of repositories) for (const k of new Set(pick(r))) m.set(k, (m.get(k) ?? new Set()).add(r.name));
    return [...m.entries()].map(([k, v]) => ({ key: k, repositories: [...v].sort() })).sort((a, b) => b.repositories.length - a.repositories.length || byCodeUnits(a.key, b.key));
  };
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, repositories.filter((r) => r.verdict === v).length])) as Record<Verdict, number>;
  return {
    generatedAt: now.toISOString(),
    staleAfterDays,
    repositories,
    totals: { repositories: repositories.length, byVerdict, stale: repositories.filter((r) => r.stale).length, failingGate: repositories.filter((r) => r.passed === false).length },
    sections: [...sections.entries()].map(([id, title]) => ({ id, title })),
    controls: tally((r) => r.failing.flatMap((f) => f.controls)).map((t) => ({ control: t.key, repositories: t.repositories })),
    questions: tally((r) => r.failing.map((f) => f.question)).map((t) => ({ question: t.key, repositories: t.repositories })),
    skipped: [...skipped],
  };
}

export function fleetJson(view: FleetView): AggregateJson {
  return {
    format: 'shipshape-aggregate',
    format_version: 1,
    generated_at: view.generatedAt,
    stale_after_days: view.staleAfterDays,
    repositories: view.repositories.map((r) => ({
      name: r.name,
      source: r.source,
      kind: r.kind,
      verdict: r.verdict,
      score: r.score,
      passed: r.passed,
      blockers: r.blockers,
      gaps: r.gaps,
      stale: r.stale,
      stale_reasons: r.staleReasons,
      updated_at: r.updatedAt,
      commit: r.commit,
      sections: r.sections,
    })),
    totals: {
      repositories: view.totals.repositories,
      ready: view.totals.byVerdict.ready,
      conditional: view.totals.byVerdict['ready with conditions'],
      not_ready: view.totals.byVerdict['not ready'],
      stale: view.totals.stale,
      failing_gate: view.totals.failingGate,
    },
    sections: view.sections,
    controls: view.controls.map((c) => ({ control: c.control, failing: c.repositories.length, repositories: c.repositories })),
    questions: view.questions.map((q) => ({ question: q.question, failing: q.repositories.length, repositories: q.repositories })),
    skipped: view.skipped,
  };
}

const TOP = 15;

/** Verdicts as Mermaid columns, one colour each (green, amber, red). */
function verdictChart(view: FleetView): string {
  return mermaidColumns({
    title: 'Repositories by verdict',
    unit: 'repositories',
    bars: VERDICTS.map((v) => ({ label: v, value: view.totals.byVerdict[v], color: VERDICT_COLORS[v] })),
  });
}

/**
 * Repositories × sections, one glyph per cell for the section's score (HEAT_SCALE:
 * shapes, not only colours), worst repository first; section ids head the
 * columns and the legend below names them.
 */
function heatTable(view: FleetView): string[] {
  if (view.sections.length === 0 || view.repositories.length === 0) return [];
  const out = [`| repository | ${view.sections.map((s) => mdCell(s.id, 40)).join(' | ')} |`, `|---|${view.sections.map(() => ':---:').join('|')}|`];
  for (const r of view.repositories) out.push(`| ${mdCell(r.name)} | ${view.sections.map((s) => heatGlyph(r.sectionScores.get(s.id))).join(' | ')} |`);
  out.push(
    '',
    `Section score: ${HEAT_SCALE.map((h) => `${h.glyph} ${h.label}`).join(' · ')} · ${HEAT_NONE.glyph} ${mdText(HEAT_NONE.label)}.`,
    '',
    `Sections: ${view.sections.map((s) => `${mdText(s.id, 40)} ${mdText(s.title)}`).join(' · ')}.`,
  );
  return out;
}

export function renderFleetMarkdown(view: FleetView): string {
  const t = view.totals;
  const out: string[] = ['# shipshape fleet summary', ''];
  out.push(
    mdText(
      `${t.repositories} repositor${t.repositories === 1 ? 'y' : 'ies'}: ${t.byVerdict.ready} ready, ${t.byVerdict['ready with conditions']} ready with conditions, ${t.byVerdict['not ready']} not ready; ${t.failingGate} failing their gate; ${t.stale} stale (never reviewed, reviewed over ${view.staleAfterDays} days ago, or evidence changed). Generated ${view.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`,
    ),
    '',
  );
  out.push(mdCodeBlock(verdictChart(view), 'mermaid'), '');
  const heat = heatTable(view);
  if (heat.length > 0) out.push('## Readiness by section', '', ...heat, '');
  out.push('## Repositories', '');
  out.push('| repository | verdict | score | gate | blockers | gaps | last reviewed | stale |', '|---|---|---:|---|---:|---:|---|---|');
  for (const r of view.repositories) {
    const gate = r.passed === null ? '–' : r.passed ? 'pass' : 'FAIL';
    out.push(
      `| ${mdCell(r.name)} | ${mdCell(r.verdict)} | ${r.score === null ? '–' : `${r.score}%`} | ${gate} | ${r.blockers} | ${r.gaps} | ${mdCell(r.updatedAt?.slice(0, 10) ?? '–')} | ${r.stale ? mdCell(r.staleReasons.join('; ')) : 'no'} |`,
    );
  }
  out.push('');
  const ranking = (title: string, rows: { key: string; repositories: string[] }[]) => {
    if (rows.length === 0) return;
    out.push(`## ${title}`, '', '| | repositories | which |', '|---|---:|---|');
    for (const row of rows.slice(0, TOP)) out.push(`| ${mdCell(row.key)} | ${row.repositories.length} | ${mdCell(row.repositories.join(', '), 500)} |`);
    if (rows.length > TOP) out.push('', mdText(`… and ${rows.length - TOP} more in the JSON output.`));
    out.push('');
  };
  ranking('Controls failing most', view.controls.map((c) => ({ key: c.control, repositories: c.repositories })));
  ranking('Questions failing most', view.questions.map((q) => ({ key: q.question, repositories: q.repositories })));
  if (view.skipped.length > 0) {
    out.push('## Files skipped', '');
    for (const s of view.skipped) out.push(`- ${mdText(s.file)}: ${mdText(s.reason)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
