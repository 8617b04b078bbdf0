import { sparkline } from '../report/chart.js';
import { readTextFileSafe, SafeReadError } from '../util/safe-read.js';
import path from 'node:path';
import { ASSESSMENT_DIR } from '../assessment/files.js';
import { sanitizeLine } from '../util/sanitize.js';
import { HISTORY_FILE, MAX_HISTORY_BYTES, parseHistory, type HistoryLine } from '../assessment/gate-history.js';
import { resolveRepoRoot } from './context.js';
import type { HistoryJson } from '../contract/outputs.js';
import { EXIT_OK, UsageError, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputOptions } from './outputs.js';

/**
 * `shipshape history [--repo dir] [--limit n] [--json]`: the trend of recorded gate
 * runs (`shipshape check --record`), as a table with a sparkline of the score.
 */
export interface HistoryOptions extends OutputOptions {
  repo?: string;
  limit?: number;
}

/** Sections whose trend is drawn: the last runs that recorded sections, at most this many columns. */
const SECTION_RUNS = 10;

/**
 * Per-section trend over the last runs that recorded section scores: a sparkline
 * per section (a blank where a run did not have that section), then the first and
 * last score. Sections in the order of the latest run.
 */
export function sectionTrendLines(runs: readonly HistoryLine[]): string[] {
  const recent = runs.filter((r) => Array.isArray(r.sections)).slice(-SECTION_RUNS);
  if (recent.length === 0) return [];
  const ids: string[] = [];
  for (const r of [...recent].reverse()) for (const s of r.sections ?? []) if (typeof s?.id === 'string' && !ids.includes(s.id)) ids.push(s.id);
  const scoreOf = (r: HistoryLine, id: string): number | null => {
    const v = r.sections?.find((s) => s?.id === id)?.score;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const names = ids.map((id) => sanitizeLine(id, 40));
  const width = Math.max(7, ...names.map((n) => n.length));
  const out = [`per section, last ${recent.length} run${recent.length === 1 ? '' : 's'}\n`];
  ids.forEach((id, i) => {
    const values = recent.map((r) => scoreOf(r, id));
    const known = values.filter((v): v is number => v !== null);
    const first = known[0];
    const last = known.at(-1);
    const moved = first === undefined || last === undefined ? '–' : first === last ? `${last}%` : `${first}% → ${last}%${last > first ? ' ▲' : ' ▼'}`;
    out.push(`  ${(names[i] ?? '').padEnd(width)}  ${sparkline(values)}  ${moved}\n`);
  });
  return out;
}

/** A history file lives in the repository: every field is re-typed and sanitised before it leaves as JSON. */
function cleanRun(l: HistoryLine): HistoryLine {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const optStr = (v: unknown, max: number) => (typeof v === 'string' ? sanitizeLine(v, max) : null);
  return {
    at: sanitizeLine(l.at, 40),
    commit: optStr(l.commit, 64),
    dirty: l.dirty === true,
    assessment: optStr(l.assessment, 300),
    checklist: optStr(l.checklist, 200) ?? '',
    passed: l.passed,
    verdict: sanitizeLine(l.verdict, 40),
    score: typeof l.score === 'number' && Number.isFinite(l.score) ? l.score : null,
    failures: num(l.failures),
    warnings: num(l.warnings),
    answered: num(l.answered),
    applicable: num(l.applicable),
    ...(Array.isArray(l.sections) && {
      sections: l.sections.flatMap((s) => (typeof s?.id === 'string' ? [{ id: sanitizeLine(s.id, 100), score: typeof s.score === 'number' && Number.isFinite(s.score) ? s.score : null }] : [])),
    }),
  };
}

export async function runHistory(opts: HistoryOptions, io: CommandIO): Promise<number> {
  const targets = resolveOutputs(opts, ['table', 'json'], 'table', io.cwd);
  const root = resolveRepoRoot(io.cwd, opts.repo);
  const file = path.join(root, ASSESSMENT_DIR, HISTORY_FILE);
  let text: string;
  try {
    text = readTextFileSafe(file, { within: [root], maxBytes: MAX_HISTORY_BYTES });
  } catch (error) {
    if (!(error instanceof SafeReadError)) throw error;
    if (error.problem === 'missing') {
      if (targets.some((t) => t.format === 'json')) {
        text = '';
      } else {
        if (!opts.quiet) io.stdout.write(`No gate history yet in ${sanitizeLine(path.relative(io.cwd, file) || file, 300)}. Record one with \`shipshape check --record\`.\n`);
        return EXIT_OK;
      }
    } else throw new UsageError(`cannot read ${sanitizeLine(path.relative(io.cwd, file) || file, 300)}: it ${sanitizeLine(error.why, 300)}`);
  }
  const { lines, skipped } = parseHistory(text);
  const shown = lines.slice(-(opts.limit ?? 20));
  const table: string[] = [];
  table.push(`score trend  ${sparkline(shown.map((l) => l.score))}  (${shown.length} of ${lines.length} runs)\n\n`);
  table.push('when (UTC)        commit        result  verdict                score  fail  warn  answered\n');
  for (const l of shown) {
    const when = l.at.slice(0, 16).replace('T', ' ');
    const commit = `${(l.commit ?? 'none').slice(0, 10)}${l.dirty ? '+' : ''}`;
    table.push(
      `${when.padEnd(18)}${sanitizeLine(commit, 12).padEnd(14)}${(l.passed ? 'pass' : 'FAIL').padEnd(8)}${sanitizeLine(l.verdict, 22).padEnd(23)}${(l.score === null ? '–' : `${l.score}%`).padStart(5)}  ${String(l.failures).padStart(4)}  ${String(l.warnings).padStart(4)}  ${l.answered}/${l.applicable}\n`,
    );
  }
  const sections = sectionTrendLines(shown);
  if (sections.length > 0) table.push('\n', ...sections);
  if (skipped > 0) table.push(`\n(${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped)\n`);
  const json: HistoryJson = { format: 'shipshape-history', format_version: 1, file: sanitizeLine(path.relative(root, file), 300), total: lines.length, skipped, runs: shown.map(cleanRun) };
  await writeOutputs(targets, (format) => (format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : table.join('')), io);
  return EXIT_OK;
}
