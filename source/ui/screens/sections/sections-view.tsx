import { Box } from 'ink';
import { chartMax } from '../../../report/chart.js';
import { readinessChart } from '../../../report/pictures.js';
import { barSegs, legendLine } from '../../components/chart.js';
import { Lines, line, seg, type Line } from '../../components/lines.js';
import { SelectList, type ListRow } from '../../components/select-list.js';
import { progressOf, progressWords, score, sectionRows } from '../../state/derive.js';
import type { ScreenProps } from '../screen.js';

const VERDICT_MARK = { ready: '✔', 'ready with conditions': '◐', 'not ready': '✘' } as const;
const VERDICT_TONE = { ready: 'green', 'ready with conditions': 'yellow', 'not ready': 'red' } as const;

/** Columns right of the title: gap, bar, a count per standing, score, blockers. */
const COUNT_WIDTH = 4;
const SCORE_WIDTH = 6;
const BLOCKER_WIDTH = 9;

/**
 * Every section as the dossier draws it: a stacked bar of confirmed yes,
 * proposed, gap, waived and open questions (one scale, so a longer bar is more
 * questions), the counts under the legend's glyphs, the score and the open
 * blockers. Fits 80 columns; the title gives way first.
 */
export function SectionsView({ state, width, height, now }: ScreenProps) {
  const result = score(state, now);
  const rows = sectionRows(state, now, result);
  const chart = readinessChart(
    'Readiness by section',
    rows.map((r) => ({ label: r.title, counts: r.readiness })),
  );
  const max = chartMax(chart);
  const barWidth = width >= 100 ? 24 : 14;
  const fixed = 2 + 2 + barWidth + COUNT_WIDTH * chart.categories.length + SCORE_WIDTH + BLOCKER_WIDTH;
  const titleWidth = Math.max(12, Math.min(36, width - fixed - 1));
  const head: Line[] = [
    line(
      seg('Sections', { bold: true }),
      seg(`  ${progressWords(progressOf(state))} · score ${result.score ?? '—'} · `),
      seg(`${VERDICT_MARK[result.verdict]} ${result.verdict}`, { tone: VERDICT_TONE[result.verdict], bold: true }),
    ),
    [seg('  '), ...legendLine(chart)],
    [
      seg(`  ${'section'.padEnd(titleWidth)}  ${'readiness'.padEnd(barWidth)}`, { dim: true }),
      ...chart.categories.map((c) => seg(c.glyph.padStart(COUNT_WIDTH), { tone: c.tone })),
      seg(`${'score'.padStart(SCORE_WIDTH)}${'blockers'.padStart(BLOCKER_WIDTH)}`, { dim: true }),
    ],
  ];
  const list: ListRow[] = rows.map((r) => {
    const title = r.title.length > titleWidth ? `${r.title.slice(0, titleWidth - 1)}…` : r.title.padEnd(titleWidth);
    const empty = r.applicable === 0;
    return {
      key: r.id,
      line: line(
        seg(title, { mark: true }),
        seg('  '),
        ...(empty ? [seg('nothing applies'.padEnd(barWidth), { dim: true })] : barSegs(chart, r.readiness, barWidth, max)),
        ...r.readiness.map((n) => (n === 0 ? seg('–'.padStart(COUNT_WIDTH), { dim: true }) : seg(String(n).padStart(COUNT_WIDTH)))),
        seg((r.score === null ? '—' : r.score.toFixed(0)).padStart(SCORE_WIDTH)),
        r.blockers > 0 ? seg(`✘ ${r.blockers}`.padStart(BLOCKER_WIDTH), { tone: 'red' }) : seg('✔'.padStart(BLOCKER_WIDTH), { tone: 'green' }),
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
