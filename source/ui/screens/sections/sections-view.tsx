import { Lines, line, seg, type Line } from '../../components/lines.js';
import { score, sectionRows } from '../../state/derive.js';
import { windowStart } from '../../text.js';
import type { ScreenProps } from '../types.js';

const VERDICT_MARK = { ready: '✔', 'ready with conditions': '◐', 'not ready': '✘' } as const;
const VERDICT_TONE = { ready: 'green', 'ready with conditions': 'yellow', 'not ready': 'red' } as const;

/** Every section with its progress, score and open blockers. */
export function SectionsView({ state, width, height, now }: ScreenProps) {
  const result = score(state, now);
  const rows = sectionRows(state, now, result);
  const titleWidth = Math.max(16, Math.min(40, width - 44));
  const out: Line[] = [
    line(
      seg('Sections', { bold: true }),
      seg(`  ${result.progress.answered}/${result.progress.applicable} answered · score ${result.score ?? '—'} · verdict `),
      seg(`${VERDICT_MARK[result.verdict]} ${result.verdict}`, { tone: VERDICT_TONE[result.verdict], bold: true }),
    ),
    line(seg(`  ${'section'.padEnd(titleWidth)} ${'answered'.padStart(9)} ${'open'.padStart(5)} ${'score'.padStart(6)}  blockers`, { dim: true })),
  ];
  const room = Math.max(1, height - out.length);
  const start = windowStart(state.sections.cursor, rows.length, room);
  rows.slice(start, start + room).forEach((r, k) => {
    const i = start + k;
    const selected = i === state.sections.cursor;
    const title = r.title.length > titleWidth ? `${r.title.slice(0, titleWidth - 1)}…` : r.title.padEnd(titleWidth);
    const done = r.applicable === 0 ? '   n/a' : `${r.answered}/${r.applicable}`;
    out.push(
      line(
        seg(selected ? '▸ ' : '  '),
        seg(title, { inverse: selected }),
        seg(` ${done.padStart(9)} ${String(r.open).padStart(5)} ${(r.score === null ? '—' : r.score.toFixed(0)).padStart(6)}  `),
        r.blockers > 0 ? seg(`✘ ${r.blockers} open`, { tone: 'red' }) : seg('✔ none', { tone: 'green' }),
      ),
    );
  });
  return <Lines lines={out} height={height} />;
}
