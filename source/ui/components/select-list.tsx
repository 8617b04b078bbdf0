import { Text } from 'ink';
import SelectInput from 'ink-select-input';
import { windowStart } from '../text.js';
import { useTheme } from '../theme.js';
import { fitLine, Segment, type Line } from './lines.js';

/**
 * A selectable list drawn by ink-select-input, windowed to the rows the body has.
 * The wizard's one key router owns the keyboard, so the list is never focused
 * (it binds j/k, digits and Enter itself); the highlighted row is the reducer's
 * cursor. ink-select-input reads `initialIndex` only on mount, so the list is
 * keyed by the cursor and the rows it shows: a move mounts it afresh with the
 * new row highlighted, and nothing of its own state can disagree with ours.
 */

export interface ListRow {
  /** Stable id of the row (a question id, a section id). */
  key: string;
  line: Line;
  /** A group heading between rows: never highlighted, the cursor skips it. */
  heading?: boolean;
}

interface RowItem {
  key: string;
  label: string;
  value: string;
  line: Line;
  heading: boolean;
}

function Marker({ isSelected = false }: { isSelected?: boolean }) {
  return <Text>{isSelected ? '▸ ' : '  '}</Text>;
}

function Row(props: { isSelected?: boolean; label: string }) {
  // ink-select-input hands an item's own fields to its item component.
  const { line, isSelected = false } = props as unknown as RowItem & { isSelected?: boolean };
  const theme = useTheme();
  const segs = fitLine(
    line.map((s) => (s.mark && isSelected ? { ...s, inverse: true } : s)),
    theme.width - 2,
  );
  return <Text wrap="truncate-end">{segs.length === 0 ? ' ' : segs.map((s, j) => <Segment key={j} s={s} color={theme.color} />)}</Text>;
}

export function SelectList({ rows, cursor, height }: { rows: readonly ListRow[]; cursor: number; height: number }) {
  const room = Math.max(1, height);
  const start = windowStart(Math.max(0, cursor), rows.length, room);
  const shown = rows.slice(start, start + room);
  if (shown.length === 0) return null;
  const items: RowItem[] = shown.map((r) => ({
    key: r.key,
    label: r.line.map((s) => s.text).join(''),
    value: r.key,
    line: r.line,
    heading: r.heading === true,
  }));
  const at = Math.min(shown.length - 1, Math.max(0, cursor - start));
  return (
    <SelectInput
      key={`${at}|${items.map((i) => i.key).join('\u0000')}`}
      items={items}
      isFocused={false}
      initialIndex={cursor < 0 ? 0 : at}
      indicatorComponent={cursor < 0 ? Blank : Marker}
      itemComponent={Row}
    />
  );
}

function Blank() {
  return <Text>{'  '}</Text>;
}
