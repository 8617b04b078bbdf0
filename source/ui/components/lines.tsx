import { Box, Text } from 'ink';
import { sanitizeLine } from '../../util/sanitize.js';
import { useTheme, type Tone } from '../theme.js';

/**
 * Screens describe their body as rows of styled segments; this renders exactly
 * those rows, one terminal line each (truncated, never wrapped), so a screen's
 * height is known before Ink draws it. Every segment is sanitised here: the one
 * choke point between repository text and the terminal. Only `raw` segments
 * (the dossier preview, cleaned before markdown rendering) keep their escapes.
 */

export interface Seg {
  text: string;
  tone?: Tone;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  raw?: boolean;
}
export type Line = Seg[];

export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({ text, ...style });
export const line = (...segs: (Seg | string)[]): Line => segs.map((s) => (typeof s === 'string' ? { text: s } : s));

function Segment({ s, color }: { s: Seg; color: boolean }) {
  const text = s.raw ? s.text : sanitizeLine(s.text, 2000);
  return (
    <Text color={color ? s.tone : undefined} bold={s.bold} dimColor={color && s.dim} inverse={s.inverse}>
      {text}
    </Text>
  );
}

export function Lines({ lines, height }: { lines: readonly Line[]; height?: number }) {
  const { color } = useTheme();
  const shown = height === undefined ? lines : lines.slice(0, height);
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l.length === 0 ? ' ' : l.map((s, j) => <Segment key={j} s={s} color={color} />)}
        </Text>
      ))}
    </Box>
  );
}
