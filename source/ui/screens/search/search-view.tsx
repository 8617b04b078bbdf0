import { Lines, line, seg, type Line } from '../../components/lines.js';
import { answerOf, searchResults } from '../../state/derive.js';
import { windowStart } from '../../text.js';
import { STATE_LOOK } from '../../theme.js';
import type { ScreenProps } from '../types.js';

/** `/`: type words, see matching questions (id, text, section, framework), Enter opens one. */
export function SearchView({ state, height }: ScreenProps) {
  const results = searchResults(state);
  const out: Line[] = [line(seg('Search: ', { bold: true }), seg(state.search.query), seg('▌', { dim: true })), line(seg(`${results.length} question${results.length === 1 ? '' : 's'}`, { dim: true }))];
  const room = Math.max(1, height - out.length);
  const start = windowStart(state.search.cursor, results.length, room);
  results.slice(start, start + room).forEach((q, k) => {
    const selected = start + k === state.search.cursor;
    const look = STATE_LOOK[answerOf(state, q.id)?.state ?? 'unanswered'];
    out.push(line(seg(selected ? '▸ ' : '  '), seg(`${look.mark} `, { tone: look.tone }), seg(q.id, { inverse: selected, bold: true }), seg(`  ${q.text}`, { dim: true })));
  });
  return <Lines lines={out} height={height} />;
}
