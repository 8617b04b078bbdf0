import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { rootEntryFile, writeCacheEntry } from '../util/cache-files.js';
import type { FileEntry, FileIndex, GitInfo, ScanResult, SignalMeta } from './types.js';
import { EXCLUDE_FILE, makeEntry } from './walk.js';

/**
 * The re-scan of a tree that has not changed: the whole result of the last scan
 * of this root, reused when everything a scan reads is provably the same. That
 * is: git reports the same index (paths, modes, blob ids) and the same status
 * (modified, untracked and ignored paths), every modified or untracked file has
 * the same size, time and inode it had, HEAD, branch and remote are the same
 * (history signals read them), and the tool build, detector set and options are
 * the same. Anything else is a miss, and the per-file cache (scan-cache.ts)
 * takes over.
 *
 * What git does not see is not in the key: a FIFO or socket created since, or a
 * file whose permissions changed, is noticed only by `--no-cache`.
 *
 * One file per scanned root, beside the per-file cache, written whole (temp
 * file, rename), mode 0600, at most MAX_ROOTS of them. The result is what `scan
 * --json` prints, so it holds no secret in full. Every error is a miss.
 */

const FORMAT = 3;
const MAX_ROOTS = 16;
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Past this many modified or untracked files the key would cost a stat each: no memo. */
const MAX_STATTED = 20_000;

export interface MemoInputs {
  /** cacheKey(): format, tool version and build, detector set, size cap. */
  base: string;
  root: string;
  listing: { staged: string; status: string };
  git: GitInfo;
  /** Modified (incl. deleted and renamed) and untracked paths, relative to root. */
  changed: Iterable<string>;
  untracked: Iterable<string>;
  /** What else changes the result: options, parser switch. */
  options: Record<string, unknown>;
}

/**
 * The index, stored as one string (`path NUL size NUL 0|1` per file, NUL-joined: no path
 * holds a NUL) and expanded only when asked: a caller of a reused result rarely reads it.
 */
function packFiles(files: readonly FileEntry[]): string {
  return files.map((f) => `${f.path}\0${f.size}\0${f.tracked ? 1 : 0}`).join('\0');
}

/** Files packed per piece of the memo's text. */
const FILES_PER_PIECE = 2000;

/**
 * The memo file's text (the JSON of a MemoFile) in pieces, the packed index among
 * them a few thousand files at a time: written whole, it and its copies were the
 * last peak of a first scan's memory.
 */
function* memoText(key: string, staged: string, stored: MemoHit): Generator<string> {
  const field = (name: keyof MemoFile, value: unknown): string => `${JSON.stringify(name)}:${JSON.stringify(value ?? null)}`;
  yield `{"format":${FORMAT},${field('key', key)},${field('staged', staged)},${field('result', stored.result)},`;
  yield `${field('notes', stored.notes)},${field('declared', stored.declared)},"files":"`;
  const files = stored.index.files;
  for (let i = 0; i < files.length; i += FILES_PER_PIECE) {
    // A JSON string's content, escaped piece by piece: the NUL between pieces as JSON writes it.
    const packed = JSON.stringify(packFiles(files.slice(i, i + FILES_PER_PIECE))).slice(1, -1);
    yield i === 0 ? packed : `\\u0000${packed}`;
  }
  yield `",${field('skipped', stored.index.skipped)},${field('skippedExamples', stored.index.skippedExamples)},${field('outcomes', stored.outcomes)}}`;
}

function unpackFiles(packed: string): FileEntry[] | null {
  if (packed === '') return [];
  const parts = packed.split('\0');
  if (parts.length % 3 !== 0) return null;
  const files: FileEntry[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    const size = Number(parts[i + 1]);
    if (!Number.isInteger(size) || size < 0) return null;
    files.push(makeEntry(parts[i] as string, size, parts[i + 2] === '1'));
  }
  return files;
}

interface MemoFile {
  format: number;
  key: string;
  staged: string;
  result: ScanResult;
  notes: string[];
  declared: SignalMeta[];
  files: string;
  skipped: FileIndex['skipped'];
  skippedExamples: FileIndex['skippedExamples'];
  /** How many files' detector outcomes the stored scan had. */
  outcomes: number;
}

export interface MemoHit {
  result: ScanResult;
  index: FileIndex;
  notes: string[];
  declared: SignalMeta[];
  outcomes: number;
}

export interface ResultMemo {
  /** Whether the stored result was made from this index: a hint to skip work only a miss needs. */
  likely(stagedDigest: string): boolean;
  get(key: string): MemoHit | null;
  put(key: string, stagedDigest: string, stored: MemoHit): void;
}

/** The key, or null when it would cost more than it saves (a tree with very many changes). */
export function memoKey(inputs: MemoInputs): string | null {
  const h = createHash('sha256');
  h.update(`${FORMAT}\0${inputs.base}\0${inputs.root}\0${inputs.listing.staged}\0${inputs.listing.status}\0`);
  h.update(`${JSON.stringify(inputs.git)}\0${JSON.stringify(inputs.options)}\0`);
  // The assessment folder is left out of git's status but counted by the walk, and the
  // exclusion file is read by the walk even when git ignores it (then status shows no edit).
  h.update(`${statLine(path.join(inputs.root, '.shipshape'))}\0${statLine(path.join(inputs.root, EXCLUDE_FILE))}\0`);
  let n = 0;
  for (const list of [inputs.changed, inputs.untracked]) {
    for (const rel of [...list].sort()) {
      if (++n > MAX_STATTED) return null;
      h.update(`${rel}\0${statLine(path.join(inputs.root, rel))}\0`);
    }
    h.update('\x01');
  }
  return h.digest('hex');
}

function statLine(abs: string): string {
  try {
    const st = lstatSync(abs, { bigint: true });
    return `${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
  } catch (e) {
    return `-${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

export function openResultMemo(dir: string, root: string): ResultMemo {
  const file = rootEntryFile(dir, 'scan-result', root);
  let loaded: MemoFile | null | undefined;
  const load = (): MemoFile | null => {
    if (loaded !== undefined) return loaded;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<MemoFile>;
      const ok =
        data.format === FORMAT && typeof data.key === 'string' && typeof data.staged === 'string' &&
        typeof data.result === 'object' && data.result !== null && Array.isArray(data.result.signals) &&
        typeof data.files === 'string' && Array.isArray(data.notes) && Array.isArray(data.declared) && typeof data.outcomes === 'number';
      loaded = ok ? (data as MemoFile) : null;
    } catch {
      loaded = null;
    }
    return loaded;
  };
  return {
    likely(stagedDigest) {
      return load()?.staged === stagedDigest;
    },
    get(key) {
      const m = load();
      if (!m || m.key !== key) return null;
      let files: FileEntry[] | undefined;
      const packed = m.files;
      const index: FileIndex = {
        root,
        // A corrupt list reads as empty rather than throwing in a caller that asked late.
        get files() {
          return (files ??= unpackFiles(packed) ?? []);
        },
        set files(v) {
          files = v;
        },
        skipped: m.skipped ?? {},
        skippedExamples: m.skippedExamples ?? {},
      };
      return {
        result: m.result,
        index,
        notes: m.notes,
        declared: m.declared,
        outcomes: m.outcomes,
      };
    },
    put(key, stagedDigest, stored) {
      writeCacheEntry(file, memoText(key, stagedDigest, stored), MAX_ROOTS, MAX_FILE_BYTES);
    },
  };
}
