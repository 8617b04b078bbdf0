import type { Signal, SignalStatus } from '../../../detect/types.js';
import { byCodeUnits } from '../../../util/compare.js';
import { Lines, line, seg, type Line } from '../../components/lines.js';
import { windowStart } from '../../text.js';
import type { Tone } from '../../theme.js';
import type { ScreenProps } from '../screen.js';
import { countWords } from '../../../report/chart.js';
import { SIGNAL_CATEGORIES } from '../../../report/pictures.js';
import { barSegs } from '../../components/chart.js';

const LOOK: Record<SignalStatus, { mark: string; word: string; tone: Tone }> = {
  fail: { mark: '✘', word: 'fail', tone: 'red' },
  unknown: { mark: '?', word: 'unknown', tone: 'magenta' },
  pass: { mark: '✔', word: 'pass', tone: 'green' },
  not_applicable: { mark: '–', word: 'n/a', tone: 'gray' },
};
const ORDER: SignalStatus[] = ['fail', 'unknown', 'pass', 'not_applicable'];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function bar(done: number, total: number, width: number): string {
  const w = Math.max(10, Math.min(40, width - 20));
  const filled = total > 0 ? Math.round((done / total) * w) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(w - filled)}]`;
}

/** Progress while the detectors run; then what they found, failures first, on one screen. */
export function ScanView({ state, width, height }: ScreenProps) {
  const { scan } = state;
  const out: Line[] = [];
  if (scan.status === 'running') {
    const p = scan.progress;
    out.push(line(seg('Scanning the repository…', { bold: true })), []);
    if (!p) out.push(line('starting'));
    else {
      const secs = Math.max(0.001, p.elapsedMs / 1000);
      const files = p.phase === 'walk' ? p.filesWalked : p.filesRead;
      out.push(line(`phase           ${p.phase === 'walk' ? 'listing files' : p.phase === 'read' ? 'reading files' : p.phase === 'evaluate' ? 'evaluating' : 'done'}`));
      out.push(line(`files walked    ${p.filesWalked.toLocaleString('en-US')}`));
      out.push(line(`files read      ${p.filesRead.toLocaleString('en-US')}  (${Math.round(files / secs).toLocaleString('en-US')} files/s)`));
      out.push(line(`detectors done  ${p.detectorsDone}/${p.detectorsTotal}  ${bar(p.detectorsDone, p.detectorsTotal, width)}`));
      out.push(line(`elapsed         ${seconds(p.elapsedMs)}`));
    }
    return <Lines lines={out} height={height} />;
  }
  if (scan.status === 'failed' || !scan.result) {
    out.push(line(seg('✘ The scan failed', { tone: 'red', bold: true })), line(scan.error ?? 'unknown error'), [], line('Enter continues without proposals: every answer will come from you.'));
    return <Lines lines={out} height={height} />;
  }
  const r = scan.result;
  // The bar draws pass, fail, unknown, n/a in that order, beside the same counts in words.
  const signalChart = { title: 'Signals', unit: 'signals', categories: SIGNAL_CATEGORIES, rows: [] };
  const counts = SIGNAL_CATEGORIES.map((c) => r.signals.filter((x) => x.status === c.key).length);
  const proposed = [...state.proposals.values()].filter((p) => p.state !== 'unknown').length;
  out.push(line(seg('Scan finished', { bold: true }), seg(`  ${r.files_scanned.toLocaleString('en-US')} files in ${seconds(r.duration_ms)}, ${r.files_skipped.toLocaleString('en-US')} skipped${r.commit ? ` · commit ${r.commit.slice(0, 10)}${r.dirty ? ' (uncommitted changes)' : ''}` : ' · not a git commit'}`, { dim: true })));
  out.push([seg(`${r.signals.length} signals  `), ...barSegs(signalChart, counts, Math.max(10, Math.min(24, width - 62))), seg(`  ${countWords(signalChart, counts)}`)]);
  out.push(line(`${proposed} questions have a proposed answer from the evidence`));
  out.push([]);
  const sorted: Signal[] = [...r.signals].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || byCodeUnits(a.id, b.id));
  const room = Math.max(1, height - out.length - 2);
  const start = windowStart(0, sorted.length, room);
  const shown = sorted.slice(start, start + room);
  // As wide as the longest id shown (llm.prompt-injection-surface is 28), never less than a space before the summary.
  const idWidth = Math.min(32, Math.max(26, ...shown.map((s) => s.id.length + 1)));
  for (const s of shown) {
    const look = LOOK[s.status];
    const id = s.id.length < idWidth ? s.id.padEnd(idWidth) : `${s.id.slice(0, idWidth - 2)}… `;
    out.push(line(seg(`${look.mark} ${look.word.padEnd(7)} `, { tone: look.tone }), seg(id), seg(s.summary, { dim: true })));
  }
  if (sorted.length > shown.length) out.push(line(seg(`… and ${sorted.length - shown.length} more (every signal is in the dossier)`, { dim: true })));
  out.push(line(seg(state.flow === 'resume' ? 'Enter: continue where you left off' : 'Enter: continue to the sections', { bold: true })));
  return <Lines lines={out} height={height} />;
}
