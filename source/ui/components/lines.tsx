import { Box, Text } from 'ink';
import { sanitizeLine } from '../../util/sanitize.js';
import { useTheme, type Tone } from '../theme.js';

/**
 * Screens describe their body as rows of styled segments; this renders exactly
 * those rows, one terminal line each (cut to the width here, never wrapped), so a
 * screen's height is known before Ink draws it. Every segment is sanitised here:
 * the one choke point between repository text and the terminal. Only `raw`
 * segments (the dossier preview, cleaned before markdown rendering) keep their
 * escapes, and Ink truncates those itself.
 */

export interface Seg {
  text: string;
  tone?: Tone;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  raw?: boolean;
  /** Shown inverse when its row is the highlighted one of a list (SelectList). */
  mark?: boolean;
}
export type Line = Seg[];

export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({ text, ...style });
export const line = (...segs: (Seg | string)[]): Line => segs.map((s) => (typeof s === 'string' ? { text: s } : s));

const sameStyle = (a: Seg, b: Seg) => a.tone === b.tone && a.bold === b.bold && a.dim === b.dim && a.inverse === b.inverse && !a.raw && !b.raw;

/**
 * Clean, cut to `width` columns (one column per code point: the symbols used
 * here are single-width) and merge neighbours of the same style. Doing this
 * before Ink sees the text keeps Ink's per-frame measuring and slicing small,
 * which is most of a frame's cost.
 */
export function fitLine(l: Line, width: number): Seg[] {
  const out: Seg[] = [];
  let room = width;
  for (const s of l) {
    if (room <= 0) break;
    if (s.raw) {
      out.push(s);
      room = 0;
      continue;
    }
    let chars = [...sanitizeLine(s.text, 2000)];
    if (chars.length === 0) continue;
    if (chars.length > room) chars = [...chars.slice(0, Math.max(0, room - 1)), '…'];
    room -= chars.length;
    const text = chars.join('');
    const prev = out.at(-1);
    if (prev && sameStyle(prev, s)) out[out.length - 1] = { ...prev, text: prev.text + text };
    else out.push({ ...s, text });
  }
  return out;
}

export function Segment({ s, color }: { s: Seg; color: boolean }) {
  if (!color && !s.bold && !s.inverse) return s.text;
  return (
    <Text color={color ? s.tone : undefined} bold={s.bold} dimColor={color && s.dim} inverse={s.inverse}>
      {s.text}
    </Text>
  );
}

export function Lines({ lines, height, width }: { lines: readonly Line[]; height?: number; width?: number }) {
  const theme = useTheme();
  const color = theme.color;
  const cut = width ?? theme.width;
  const shown = height === undefined ? lines : lines.slice(0, height);
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => {
        const segs = fitLine(l, cut);
        return (
          <Text key={i} wrap="truncate-end">
            {segs.length === 0 ? ' ' : segs.map((s, j) => <Segment key={j} s={s} color={color} />)}
          </Text>
        );
      })}
    </Box>
  );
}
