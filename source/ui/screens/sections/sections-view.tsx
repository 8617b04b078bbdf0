import { Box } from 'ink';
import { Lines, line, seg, type Line } from '../../components/lines.js';
import { SelectList, type ListRow } from '../../components/select-list.js';
import { progressOf, progressWords, score, sectionRows } from '../../state/derive.js';
import type { ScreenProps } from '../screen.js';

const VERDICT_MARK = { ready: '✔', 'ready with conditions': '◐', 'not ready': '✘' } as const;
const VERDICT_TONE = { ready: 'green', 'ready with conditions': 'yellow', 'not ready': 'red' } as const;

/** Every section: how much a person confirmed, what detection proposed, what is open; score and open blockers. */
export function SectionsView({ state, width, height, now }: ScreenProps) {
  const result = score(state, now);
  const rows = sectionRows(state, now, result);
  const titleWidth = Math.max(16, Math.min(36, width - 48));
  const head: Line[] = [
    line(
      seg('Sections', { bold: true }),
      seg(`  ${progressWords(progressOf(state))} · score ${result.score ?? '—'} · `),
      seg(`${VERDICT_MARK[result.verdict]} ${result.verdict}`, { tone: VERDICT_TONE[result.verdict], bold: true }),
    ),
    line(
      seg(
        `  ${'section'.padEnd(titleWidth)} ${'confirmed'.padStart(9)} ${'proposed'.padStart(8)} ${'open'.padStart(4)} ${'score'.padStart(5)}  blockers`,
        { dim: true },
      ),
    ),
  ];
  const list: ListRow[] = rows.map((r) => {
    const title = r.title.length > titleWidth ? `${r.title.slice(0, titleWidth - 1)}…` : r.title.padEnd(titleWidth);
    const confirmed = r.applicable === 0 ? 'n/a' : `${r.confirmed}/${r.applicable}`;
    return {
      key: r.id,
      line: line(
        seg(title, { mark: true }),
        seg(
          ` ${confirmed.padStart(9)} ${String(r.proposed).padStart(8)} ${String(r.open).padStart(4)} ${(r.score === null ? '—' : r.score.toFixed(0)).padStart(5)}  `,
        ),
        r.blockers > 0 ? seg(`✘ ${r.blockers} open`, { tone: 'red' }) : seg('✔ none', { tone: 'green' }),
      ),
    };
  });
  return (
    <Box flexDirection="column">
      <Lines lines={head} />
      <SelectList rows={list} cursor={state.cursor.sections ?? 0} height={height - head.length} />
    </Box>
  );
}
