import { Box } from 'ink';
import { Lines, line, seg, type Line } from '../../components/lines.js';
import { SelectList, type ListRow } from '../../components/select-list.js';
import { answerOf, REVIEW_GROUPS, REVIEW_LABELS, reviewGroup, reviewItems, type ReviewGroup, type ReviewKind } from '../../state/derive.js';
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

/** What needs a look before export, in three groups (decide, proposed, open); Enter jumps to the question. */
export function ReviewView({ state, height, now }: ScreenProps) {
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
