import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import type { Evidence, ScanResult, SignalStatus, SkipReason } from './types.js';

/**
 * The human-readable `shipshape scan` output. Status is always a word and a symbol,
 * so colour is never the only carrier; colour is added only when asked for.
 */

export interface TableOptions {
  color: boolean;
  /** Terminal width to fit lines to; undefined → no truncation (pipes, logs). */
  width?: number;
}

const STATUS_VIEW: Record<SignalStatus, { symbol: string; word: string; color: string }> = {
  pass: { symbol: '✔', word: 'pass', color: '32' },
  fail: { symbol: '✘', word: 'FAIL', color: '31' },
  unknown: { symbol: '?', word: 'unknown', color: '33' },
  not_applicable: { symbol: '–', word: 'n/a', color: '2' },
};

const REASON_WORDS: Record<SkipReason, string> = {
  gitignored: 'gitignored',
  excluded: 'excluded (.shipshapeignore, .shipshape/)',
  vendored: 'vendored/generated',
  binary: 'binary',
  'too-large': 'over the size cap',
  'symlink-outside': 'symlink out of the tree',
  'symlink-loop': 'symlink loop',
  unreadable: 'unreadable',
  'special-file': 'FIFO/device/socket',
};

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

function fit(s: string, width: number | undefined): string {
  if (width === undefined || s.length <= width) return s;
  return `${s.slice(0, Math.max(1, width - 1))}…`;
}

export function evidenceRef(e: Evidence): string {
  const at = e.line !== undefined ? `${sanitizePath(e.path)}:${e.line}` : sanitizePath(e.path);
  return e.commit ? `${at} @${sanitizeLine(e.commit, 12).slice(0, 12)}` : at;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatSkipped(result: ScanResult): string {
  const parts = (Object.entries(result.skipped_by_reason) as [SkipReason, number][])
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => {
      const ex = result.skipped_examples?.[reason]?.slice(0, 2).map((p) => sanitizePath(p)) ?? [];
      return `${REASON_WORDS[reason] ?? reason} ${formatCount(n)}${ex.length > 0 ? ` (e.g. ${ex.join(', ')})` : ''}`;
    });
  return parts.length === 0 ? 'Skipped nothing.' : `Skipped ${formatCount(result.files_skipped)}: ${parts.join('; ')}.`;
}

export function formatScanTable(result: ScanResult, opts: TableOptions): string {
  const lines: string[] = [];
  const idWidth = Math.max(6, ...result.signals.map((s) => s.id.length));
  const statusWidth = 10;
  const indent = ' '.repeat(statusWidth + 1 + idWidth + 2);
  lines.push(paint(opts.color, '1', `${'STATUS'.padEnd(statusWidth)} ${'SIGNAL'.padEnd(idWidth)}  SUMMARY`));
  for (const s of result.signals) {
    const v = STATUS_VIEW[s.status] ?? STATUS_VIEW.unknown;
    const status = `${v.symbol} ${v.word}`.padEnd(statusWidth);
    const head = `${status} ${sanitizeLine(s.id, 80).padEnd(idWidth)}  `;
    const summary = fit(sanitizeLine(s.summary, 300), opts.width === undefined ? undefined : opts.width - head.length);
    lines.push(`${paint(opts.color, v.color, status)} ${sanitizeLine(s.id, 80).padEnd(idWidth)}  ${summary}`);
    const top = s.evidence[0];
    if (top && (s.status === 'fail' || s.status === 'pass')) {
      const more = s.evidence.length > 1 ? ` (+${s.evidence.length - 1} more)` : '';
      const ref = `→ ${evidenceRef(top)}${more}`;
      lines.push(`${indent}${fit(ref, opts.width === undefined ? undefined : opts.width - indent.length)}`);
    }
  }
  lines.push('');
  const count = (st: SignalStatus) => result.signals.filter((s) => s.status === st).length;
  lines.push(
    `${count('pass')} pass · ${count('fail')} fail · ${count('unknown')} unknown · ${count('not_applicable')} n/a`,
  );
  const where = result.commit
    ? ` at ${result.commit.slice(0, 12)}${result.branch ? ` on ${sanitizeLine(result.branch, 80)}` : ''}${result.dirty ? ' (uncommitted changes)' : ''}`
    : '';
  lines.push(
    `Scanned ${formatCount(result.files_scanned)} files in ${(result.duration_ms / 1000).toFixed(1)} s${where}.`,
  );
  lines.push(formatSkipped(result));
  return `${lines.join('\n')}\n`;
}
