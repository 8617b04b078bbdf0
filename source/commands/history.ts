import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ASSESSMENT_DIR } from '../assessment/store.js';
import { sanitizeLine } from '../util/sanitize.js';
import { HISTORY_FILE, type HistoryLine } from './check.js';
import { resolveRepoRoot } from './context.js';
import { EXIT_OK, UsageError, type CommandIO } from '../runtime/io.js';

/**
 * `shipshape history [--repo dir] [--limit n] [--json]`: the trend of recorded gate
 * runs (`shipshape check --record`), as a table with a sparkline of the score.
 */
export interface HistoryOptions {
  repo?: string;
  limit?: number;
  json?: boolean;
}

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

export function runHistory(opts: HistoryOptions, io: CommandIO): number {
  const root = resolveRepoRoot(io.cwd, opts.repo);
  const file = path.join(root, ASSESSMENT_DIR, HISTORY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stdout.write(`No gate history yet in ${sanitizeLine(path.relative(io.cwd, file) || file, 300)}. Record one with \`shipshape check --record\`.\n`);
      return EXIT_OK;
    }
    throw new UsageError(`cannot read ${sanitizeLine(file, 300)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const { lines, skipped } = parseHistory(text);
  const shown = lines.slice(-(opts.limit ?? 20));
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return EXIT_OK;
  }
  io.stdout.write(`score trend  ${sparkline(shown.map((l) => l.score))}  (${shown.length} of ${lines.length} runs)\n\n`);
  io.stdout.write('when (UTC)        commit        result  verdict                score  fail  warn  answered\n');
  for (const l of shown) {
    const when = l.at.slice(0, 16).replace('T', ' ');
    const commit = `${(l.commit ?? 'none').slice(0, 10)}${l.dirty ? '+' : ''}`;
    io.stdout.write(
      `${when.padEnd(18)}${sanitizeLine(commit, 12).padEnd(14)}${(l.passed ? 'pass' : 'FAIL').padEnd(8)}${sanitizeLine(l.verdict, 22).padEnd(23)}${(l.score === null ? '–' : `${l.score}%`).padStart(5)}  ${String(l.failures).padStart(4)}  ${String(l.warnings).padStart(4)}  ${l.answered}/${l.applicable}\n`,
    );
  }
  if (skipped > 0) io.stdout.write(`\n(${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped)\n`);
  return EXIT_OK;
}
