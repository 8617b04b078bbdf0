import { Box } from 'ink';
import { Lines, line, seg, type Line } from '../../components/lines.js';
import { SelectList, type ListRow } from '../../components/select-list.js';
import { countWords } from '../../../report/chart.js';
import { readinessChart, readinessCounts } from '../../../report/pictures.js';
import { barSegs } from '../../components/chart.js';
import { answerOf, readinessBySection, REVIEW_GROUPS, REVIEW_LABELS, reviewGroup, reviewItems, type ReviewGroup, type ReviewKind } from '../../state/derive.js';
import { STATE_LOOK } from '../../theme.js';
import type { Tone } from '../../theme.js';
import type { ScreenProps } from '../screen.js';

const TONE: Record<ReviewKind, Tone> = {
  blocker: 'red',
  contradiction: 'red',
  'evidence-changed': 'yellow',
  'waiver-expired': 'red',
  'due-passed': 'yellow',
  'no-evidence': 'yellow',
  unconfirmed: 'cyan',
  unanswered: 'gray',
};

/**
 * The whole review as one bar, in the Sections screen's and the dossier's
 * standings: confirmed yes, proposed, gap, waived, open, each with its count.
 */
function readinessLine(state: ScreenProps['state'], now: Date, width: number): Line {
  const totals = readinessCounts([]);
  for (const counts of readinessBySection(state, now).values()) counts.forEach((n, i) => (totals[i] = (totals[i] ?? 0) + n));
  const chart = readinessChart('Readiness', [{ label: 'all sections', counts: totals }]);
  // The words take what they need (the short form on a narrow terminal); the bar gets the rest, 8 to 30 cells.
  const full = countWords(chart, totals);
  const words = 11 + 2 + 10 + full.length < width ? full : countWords(chart, totals, true);
  const barWidth = Math.max(8, Math.min(30, width - 1 - 11 - 2 - words.length));
  return [seg('Readiness  ', { bold: true }), ...barSegs(chart, totals, barWidth), seg(`  ${words}`)];
}

/** What needs a look before export, in three groups (decide, proposed, open); Enter jumps to the question. */
export function ReviewView({ state, width, height, now }: ScreenProps) {
  const items = reviewItems(state, now);
  const groups = new Map<ReviewGroup, number>();
  const kinds = new Map<ReviewKind, number>();
  for (const i of items) {
    groups.set(reviewGroup(i.kind), (groups.get(reviewGroup(i.kind)) ?? 0) + 1);
    if (reviewGroup(i.kind) === 'decide') kinds.set(i.kind, (kinds.get(i.kind) ?? 0) + 1);
  }
  const decide = groups.get('decide') ?? 0;
  const head: Line[] = [
    line(
      seg('Review', { bold: true }),
      seg(
        items.length === 0
          ? '  nothing left to look at: e exports the dossier'
          : `  ${decide} to decide · ${groups.get('proposed') ?? 0} proposals await confirmation · ${groups.get('open') ?? 0} open`,
      ),
    ),
    line(
      seg(decide === 0 ? 'Nothing needs a decision.' : [...kinds].map(([k, n]) => `${REVIEW_LABELS[k]} ${n}`).join(' · '), { dim: true }),
    ),
    readinessLine(state, now, width),
  ];
  // Wide enough for the longest label plus a gap, so the id never runs into it.
  const labelWidth = Math.max(...Object.values(REVIEW_LABELS).map((l) => l.length)) + 4;
  const rows: ListRow[] = [];
  let cursorRow = -1;
  let group: ReviewGroup | null = null;
  items.forEach((item, i) => {
    const g = reviewGroup(item.kind);
    if (g !== group) {
      group = g;
      rows.push({
        key: `group:${g}`,
        heading: true,
        line: line(seg(`── ${REVIEW_GROUPS[g]} (${groups.get(g) ?? 0})`, { bold: true, tone: 'cyan' })),
      });
    }
    if (i === (state.cursor.review ?? 0)) cursorRow = rows.length;
    // Under their own heading, proposals say what detection proposes and what the question asks.
    const proposed = item.kind === 'unconfirmed' ? answerOf(state, item.questionId) : undefined;
    if (proposed) {
      const look = STATE_LOOK[proposed.state];
      const question = state.checklist.questions.find((q) => q.id === item.questionId);
      rows.push({
        key: `${item.kind}:${item.questionId}:${i}`,
        line: line(
          seg(`◆ proposes ${look.mark} ${look.word}`.padEnd(labelWidth), { tone: look.tone }),
          seg(item.questionId, { mark: true, bold: true }),
          seg(`  ${question?.text ?? item.text}`, { dim: true }),
        ),
      });
      return;
    }
    rows.push({
      key: `${item.kind}:${item.questionId}:${i}`,
      line: line(
        seg(`⚑ ${REVIEW_LABELS[item.kind]}`.padEnd(labelWidth), { tone: TONE[item.kind] }),
        seg(item.questionId, { mark: true, bold: true }),
        seg(`  ${item.text}`, { dim: true }),
      ),
    });
  });
  return (
    <Box flexDirection="column">
      <Lines lines={head} />
      <SelectList rows={rows} cursor={cursorRow} height={height - head.length} />
    </Box>
  );
}
