import type { Lang } from './files.js';

/** A function body (0-based, inclusive line indexes) found by a cheap structural heuristic. */
export interface Region {
  start: number;
  end: number;
}

const CONTAINER = /\b(class|interface|object|enum|record|impl|namespace|module)\b/;

/**
 * Precomputes, for a brace language, which blocks are open at the start of each
 * line. Input must be masked with strings blanked so braces in prompts don't count.
 */
export function blockMap(maskedStrings: string): { openAt: number[][]; blocks: { open: number; close: number }[] } {
  const blocks: { open: number; close: number }[] = [];
  const openAt: number[][] = [];
  const stack: number[] = [];
  // Lines with the same open blocks share one (read-only) snapshot: most lines open and close nothing.
  let snapshot: number[] = [];
  let changed = false;
  let line = 0;
  openAt.push(snapshot);
  for (let i = 0; i < maskedStrings.length; i++) {
    const c = maskedStrings.charCodeAt(i);
    if (c === 10 /* \n */) {
      line++;
      if (changed) {
        snapshot = [...stack];
        changed = false;
      }
      openAt.push(snapshot);
    } else if (c === 123 /* { */) {
      blocks.push({ open: line, close: -1 });
      stack.push(blocks.length - 1);
      changed = true;
    } else if (c === 125 /* } */) {
      const b = stack.pop();
      if (b !== undefined) (blocks[b] as { close: number }).close = line;
      changed = true;
    }
  }
  // A block never closed runs to the last line.
  for (const b of stack) (blocks[b] as { close: number }).close = line;
  return { openAt, blocks };
}

/**
 * The function enclosing line `idx`: for brace languages the outermost block, or
 * the one inside it when the outermost is a class/interface/object; for Python the
 * nearest `def` above with less indentation. Whole file when at top level.
 */
export function enclosingRegion(lang: Lang, lines: readonly string[], idx: number, map?: ReturnType<typeof blockMap>): Region {
  const whole = { start: 0, end: lines.length - 1 };
  if (lang === 'py') return pythonRegion(lines, idx) ?? whole;
  if (!map) return whole;
  const stack = map.openAt[idx] ?? [];
  if (stack.length === 0) return whole;
  let pick = stack[0] as number;
  const first = map.blocks[pick];
  if (first && CONTAINER.test(headerText(lines, first.open)) && stack.length > 1) pick = stack[1] as number;
  const b = map.blocks[pick];
  return b ? { start: b.open, end: b.close } : whole;
}

// The header of a block can sit a line or two above its brace (Java/Kotlin style, annotations).
function headerText(lines: readonly string[], open: number): string {
  return [lines[open - 2], lines[open - 1], lines[open]].filter((l) => l !== undefined).join(' ');
}

function indentOf(l: string): number {
  return l.length - l.trimStart().length;
}

function pythonRegion(lines: readonly string[], idx: number): Region | null {
  const own = indentOf(lines[idx] ?? '');
  let start = -1;
  let defIndent = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const l = lines[i] as string;
    if (!l.trim()) continue;
    const ind = indentOf(l);
    if (ind < own && /^\s*(async\s+)?def\s/.test(l)) { start = i; defIndent = ind; break; }
    if (ind === 0 && !/^\s*(async\s+)?def\s/.test(l) && !/^[@)\]}]/.test(l.trim())) {
      // Reached module level without an enclosing def.
      if (/^\s*class\s/.test(l)) continue;
      return null;
    }
  }
  if (start < 0) return null;
  let end = lines.length - 1;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] as string;
    if (!l.trim()) continue;
    if (i > idx && indentOf(l) <= defIndent && !/^[)\]}]/.test(l.trim())) { end = i - 1; break; }
  }
  return { start, end };
}
