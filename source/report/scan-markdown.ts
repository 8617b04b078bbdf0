import type { ScanResult } from '../detect/types.js';
import { mdCell, mdInlineCode, mdText } from './escape.js';
import type { Finding } from './findings.js';

/** `scan --format md`: the signals that need attention and the located findings, for a PR comment or a job summary. Pure. */

const MAX_ROWS = 100;

export function renderScanMarkdown(result: ScanResult, findings: readonly Finding[]): string {
  const by = (s: string) => result.signals.filter((x) => x.status === s).length;
  const level = (l: Finding['level']) => findings.filter((f) => f.level === l).length;
  const out: string[] = [];
  out.push(`### shipshape scan${result.commit ? ` of ${mdInlineCode(result.commit.slice(0, 12))}` : ''}`, '');
  out.push(`${result.signals.length} signals: **${by('fail')} failing**, ${by('pass')} passing, ${by('unknown')} unknown, ${by('not_applicable')} not applicable · ${result.files_scanned.toLocaleString('en-US')} files scanned.`, '');
  const baseline = findings.some((f) => f.baseline !== null) ? ` · baseline: ${findings.filter((f) => f.baseline === 'new').length} new, ${findings.filter((f) => f.baseline === 'unchanged').length} unchanged` : '';
  out.push(`${findings.length} findings: ${level('error')} errors, ${level('warning')} warnings, ${level('note')} notes (shown, not counted)${baseline}.`, '');
  const attention = result.signals.filter((s) => s.status === 'fail' || s.status === 'unknown');
  if (attention.length > 0) {
    out.push('| status | signal | summary |', '|---|---|---|');
    for (const s of attention) out.push(`| ${s.status === 'fail' ? '❌ fail' : '❔ unknown'} | ${mdCell(s.id)} | ${mdCell(s.summary)} |`);
    out.push('');
  }
  if (findings.length > 0) {
    out.push('| level | rule | where | finding |', '|---|---|---|---|');
    for (const f of findings.slice(0, MAX_ROWS)) {
      const where = f.path === '' ? '(repository)' : `${f.path}${f.line ? `:${f.line}` : ''}`;
      out.push(`| ${f.level}${f.baseline === 'new' ? ' (new)' : ''} | ${mdCell(f.rule)} | ${mdCell(where)} | ${mdCell(f.message)} |`);
    }
    if (findings.length > MAX_ROWS) out.push('', mdText(`… and ${findings.length - MAX_ROWS} more in the JSON or SARIF output.`));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
