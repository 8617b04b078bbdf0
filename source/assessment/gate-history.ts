import { readTextFileSafe } from '../util/safe-read.js';
import path from 'node:path';
import { ASSESSMENT_DIR } from './files.js';

/**
 * The record of gate runs, `.shipshape/history.jsonl`: one JSON line per
 * `shipshape check --record`. `history` draws its trend from it and the dossier
 * its score over time. The file lives in the repository, so every line is
 * checked before use and a bad one is skipped and counted.
 */

export const HISTORY_FILE = 'history.jsonl';

/** A history line per recorded run. */
export interface HistoryLine {
  at: string;
  commit: string | null;
  dirty: boolean;
  assessment: string | null;
  checklist: string;
  passed: boolean;
  verdict: string;
  score: number | null;
  failures: number;
  warnings: number;
  answered: number;
  applicable: number;
  /** Score per section (recorded since per-section trends; absent in older lines). */
  sections?: { id: string; score: number | null }[];
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

function historyFile(repoRoot: string): string {
  return path.join(repoRoot, ASSESSMENT_DIR, HISTORY_FILE);
}

/**
 * The recorded gate runs of one assessment (matched by its file name), oldest
 * first; none when the file is missing or unreadable (a picture is not worth an
 * error).
 */
/** Years of daily runs are a few MB; a history file past this is not ours. */
export const MAX_HISTORY_BYTES = 64 * 1024 * 1024;

export function gateRunsOf(repoRoot: string, assessmentName: string): { at: string; passed: boolean; score: number | null }[] {
  let text: string;
  try {
    // The file is in the repository: a FIFO, a device or a link out of the tree is refused, not read.
    text = readTextFileSafe(historyFile(repoRoot), { within: [repoRoot], maxBytes: MAX_HISTORY_BYTES });
  } catch {
    return [];
  }
  return parseHistory(text)
    .lines.filter((l) => typeof l.assessment === 'string' && path.basename(l.assessment) === `${assessmentName}.json`)
    .map((l) => ({ at: l.at, passed: l.passed, score: typeof l.score === 'number' && Number.isFinite(l.score) ? l.score : null }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
