import { Lines, line, seg, type Line } from '../../components/lines.js';
import { REVIEW_LABELS, reviewItems, type ReviewKind } from '../../state/derive.js';
import { windowStart } from '../../text.js';
import type { Tone } from '../../theme.js';
import type { ScreenProps } from '../types.js';

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

/** What needs a look before export; Enter jumps to the question. */
export function ReviewView({ state, width, height, now }: ScreenProps) {
  const items = reviewItems(state, now);
  const counts = new Map<ReviewKind, number>();
  for (const i of items) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  const out: Line[] = [
    line(seg('Review', { bold: true }), seg(items.length === 0 ? '  nothing left to look at: e exports the dossier' : `  ${items.length} items need a look`)),
    line(seg([...counts].map(([k, n]) => `${REVIEW_LABELS[k]} ${n}`).join(' · '), { dim: true })),
  ];
  const room = Math.max(1, height - out.length);
  const start = windowStart(state.review.cursor, items.length, room);
  // Wide enough for the longest label plus a gap, so the id never runs into it.
  const labelWidth = Math.max(...Object.values(REVIEW_LABELS).map((l) => l.length)) + 4;
  items.slice(start, start + room).forEach((item, k) => {
    const selected = start + k === state.review.cursor;
    out.push(
      line(
        seg(selected ? '▸ ' : '  '),
        seg(`⚑ ${REVIEW_LABELS[item.kind]}`.padEnd(labelWidth), { tone: TONE[item.kind] }),
        seg(item.questionId, { inverse: selected, bold: true }),
        seg(`  ${item.text}`.slice(0, Math.max(0, width * 2)), { dim: true }),
      ),
    );
  });
  return <Lines lines={out} height={height} />;
}
