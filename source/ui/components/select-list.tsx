import { Text } from 'ink';
import SelectInput from 'ink-select-input';
import { windowStart } from '../text.js';
import { useTheme } from '../theme.js';
import { fitLine, Segment, type Line } from './lines.js';

/**
 * A selectable list drawn by ink-select-input, windowed to the rows the body has.
 * The wizard's one key router owns the keyboard, so the list is never focused
 * (it binds j/k, digits and Enter itself), and the highlighted row is the
 * reducer's cursor. ink-select-input's own highlight is state it sets once, on
 * mount, so the row draws the marker from the item's `highlighted` field and the
 * indicator slot stays empty. Nothing of its state is used, so the list is never
 * remounted: a move re-renders the rows whose look changed, and a scroll of the
 * window adds and drops a row (React matches rows by their ids).
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
  highlighted: boolean;
}

/** The indicator slot: the row draws its own marker (see above). */
function NoIndicator() {
  return null;
}

function Row(props: { isSelected?: boolean; label: string }) {
  // ink-select-input hands an item's own fields to its item component.
  const { line, highlighted } = props as unknown as RowItem;
  const theme = useTheme();
  const segs = fitLine(
    [{ text: highlighted ? '▸ ' : '  ' }, ...line.map((s) => (s.mark && highlighted ? { ...s, inverse: true } : s))],
    theme.width,
  );
  return (
    <Text wrap="truncate-end">
      {segs.map((s, j) => (
        <Segment key={j} s={s} color={theme.color} />
      ))}
    </Text>
  );
}

export function SelectList({ rows, cursor, height }: { rows: readonly ListRow[]; cursor: number; height: number }) {
  const room = Math.max(1, height);
  const start = windowStart(Math.max(0, cursor), rows.length, room);
  const shown = rows.slice(start, start + room);
  if (shown.length === 0) return null;
  const items: RowItem[] = shown.map((r, i) => ({
    key: r.key,
    label: r.line.map((s) => s.text).join(''),
    value: r.key,
    line: r.line,
    highlighted: start + i === cursor,
  }));
  return (
    <SelectInput
      key={items.map((i) => i.key).join('\u0000')}
      items={items}
      isFocused={false}
      indicatorComponent={NoIndicator}
      itemComponent={Row}
    />
  );
}
