import { readTextFileSafe, SafeReadError } from '../util/safe-read.js';
import path from 'node:path';
import { ASSESSMENT_DIR } from '../assessment/files.js';
import { sanitizeLine } from '../util/sanitize.js';
import { HISTORY_FILE, type HistoryLine } from './check.js';
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

/** Years of daily runs are a few MB; a history file past this is not ours. */
const MAX_HISTORY_BYTES = 64 * 1024 * 1024;

const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: readonly (number | null)[]): string {
  return values.map((v) => (v === null ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((Math.max(0, Math.min(100, v)) / 100) * BARS.length))])).join('');
}

/** Parse the JSON-lines file, skipping (and counting) lines that are not history entries. */
export function parseHistory(text: string): { lines: HistoryLine[]; skipped: number } {
  const lines: HistoryLine[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const v = JSON.parse(raw) as Partial<HistoryLine>;
      if (typeof v.at === 'string' && typeof v.passed === 'boolean' && typeof v.verdict === 'string') lines.push(v as HistoryLine);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { lines, skipped };
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
  if (skipped > 0) table.push(`\n(${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped)\n`);
  const json: HistoryJson = { format: 'shipshape-history', format_version: 1, file: sanitizeLine(path.relative(root, file), 300), total: lines.length, skipped, runs: shown.map(cleanRun) };
  await writeOutputs(targets, (format) => (format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : table.join('')), io);
  return EXIT_OK;
}
