import { Box } from 'ink';
import { Lines, line, seg } from '../../components/lines.js';
import { SelectList } from '../../components/select-list.js';
import { answerOf, searchResults } from '../../state/derive.js';
import { visibleAround } from '../../state/line-edit.js';
import { STATE_LOOK } from '../../theme.js';
import type { ScreenProps } from '../screen.js';

/** `/`: type words, see matching questions (id, text, section, framework), Enter opens one. */
export function SearchView({ state, width, height }: ScreenProps) {
  const results = searchResults(state);
  const label = 'Search: ';
  const { before, under, after } = visibleAround(state.search, width - label.length - 1);
  const head = [
    line(seg(label, { bold: true }), seg(before), seg(under, { inverse: true }), seg(after)),
    line(seg(`${results.length} question${results.length === 1 ? '' : 's'}`, { dim: true })),
  ];
  const rows = results.map((q) => {
    const look = STATE_LOOK[answerOf(state, q.id)?.state ?? 'unanswered'];
    return {
      key: q.id,
      line: line(seg(`${look.mark} `, { tone: look.tone }), seg(q.id, { mark: true, bold: true }), seg(`  ${q.text}`, { dim: true })),
    };
  });
  return (
    <Box flexDirection="column">
      <Lines lines={head} />
      <SelectList rows={rows} cursor={state.cursor.search ?? 0} height={height - head.length} />
    </Box>
  );
}
