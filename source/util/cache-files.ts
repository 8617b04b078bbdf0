import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writing one entry of an on-disk cache (the checklist parse cache, the scan
 * cache): whole or not at all (temp file, rename), readable by the user alone,
 * and the folder pruned to its `keep` most recently written entries. A cache is
 * never a reason to fail, so nothing here throws; false says nothing was written.
 * The text may come in pieces, so a large entry is never one string (and one
 * buffer) in memory; a piece that throws, or text past `maxChars`, abandons the entry.
 */
export function writeCacheEntry(file: string, text: string | Iterable<string>, keep: number, maxChars = Infinity): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writePieces(temp, typeof text === 'string' ? [text] : text, maxChars);
    renameSync(temp, file);
    pruneOldest(path.dirname(file), keep);
    return true;
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
    return false;
  }
}

function writePieces(temp: string, pieces: Iterable<string>, maxChars: number): void {
  const fd = openSync(temp, 'w', 0o600);
  try {
    let total = 0;
    for (const piece of pieces) {
      total += piece.length;
      if (total > maxChars) throw new RangeError('cache entry too large');
      // writeFileSync on a descriptor writes the whole piece, however many writes it takes.
      writeFileSync(fd, piece);
    }
  } finally {
    closeSync(fd);
  }
}

function pruneOldest(dir: string, keep: number): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= keep) return;
  const byAge = names
    .map((name) => {
      try {
        return { name, mtime: statSync(path.join(dir, name)).mtimeMs };
      } catch {
        return { name, mtime: 0 };
      }
    })
    .sort((a, b) => a.mtime - b.mtime);
  for (const { name } of byAge.slice(0, names.length - keep)) {
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      // another process pruned it first
    }
  }
}

/** The one entry file of `kind` (a folder under the cache directory) for a scanned root. */
export function rootEntryFile(dir: string, kind: string, root: string): string {
  return path.join(dir, kind, `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`);
}
