import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { rootEntryFile, writeCacheEntry } from '../util/cache-files.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileOutcome } from './engine-collect.js';

/**
 * The incremental re-scan: what the detectors found in each file, kept between
 * scans so a tree that barely changed is not read again. An outcome is reused
 * only for a tracked file git reports unmodified, under the same path and the
 * same blob id, by the same tool build, the same detector set and the same size
 * cap; modified and untracked files are always read. Outcomes hold findings,
 * which by the detector contract are redacted (never a secret in full), and the
 * file's digest.
 *
 * One file per scanned root (named by a digest of its path), written whole
 * (temp file, rename), mode 0600; at most MAX_ROOTS of them, the least recently
 * written pruned. A cache is never a reason to fail: every error reading or
 * writing it is a miss, and deleting the directory is always safe.
 */

const FORMAT = 1;
const MAX_ROOTS = 16;
/** Past this the entry file is not written: a cache must not cost more than the scan it saves. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

type Stored = Omit<FileOutcome, 'path'>;

/** Most files yield nothing: those are kept as their size alone, the rest whole. */
type StoredForm = Stored | number;

interface CacheFile {
  format: number;
  key: string;
  /** [path, blob id, outcome or, for a file that yielded nothing, its size] */
  entries: [string, string, StoredForm][];
}

function compact(o: Stored): StoredForm {
  const empty = o.findings.length === 0 && o.failed.length === 0 && o.skip === undefined && o.capped === undefined && o.sha256 === undefined;
  return empty ? o.bytes : o;
}

function expand(f: StoredForm): Stored {
  return typeof f === 'number' ? { findings: [], failed: [], bytes: f } : f;
}

export interface ScanCache {
  /** The outcome stored for `path` at blob `blob`, or undefined. */
  get(path: string, blob: string): FileOutcome | undefined;
  /** Keep an outcome for the next scan (only outcomes that depend on the content alone). */
  put(path: string, blob: string, outcome: FileOutcome): void;
  /** Write what this scan saw (and nothing else: files gone from the tree drop out). */
  save(): void;
}

let fingerprint: string | undefined;

/**
 * What identifies this build's detectors beyond the version number, which does
 * not change between development builds: the size and time of every module file
 * beside this one (the bundle in dist/, or the sources under source/detect/).
 * A rebuild or an edit changes it, and with it every key.
 */
function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const h = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const visit = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      try {
        const st = statSync(p);
        if (st.isDirectory() && depth < 4) visit(p, depth + 1);
        else if (/\.(?:[cm]?js|ts)$/.test(name)) h.update(`${path.relative(here, p)}\0${st.size}\0${st.mtimeMs}\0`);
      } catch {
        // a file that vanished mid-walk changes nothing worth keying on
      }
    }
  };
  visit(here, 0);
  return (fingerprint = h.digest('hex'));
}

/** The key every entry of a scan shares: format, tool version and build, detector set, size cap. */
export function cacheKey(toolVersion: string, detectorIds: readonly string[], maxFileSize: number): string {
  return createHash('sha256').update(`${FORMAT}\0${toolVersion}\0${codeFingerprint()}\0${detectorIds.join(',')}\0${maxFileSize}`).digest('hex');
}

function load(file: string, key: string): Map<string, [string, StoredForm]> {
  const out = new Map<string, [string, StoredForm]>();
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (data.format !== FORMAT || data.key !== key || !Array.isArray(data.entries)) return out;
    for (const e of data.entries) {
      const form = e[2];
      const valid = (typeof form === 'object' && form !== null && Array.isArray(form.findings) && Array.isArray(form.failed)) || (typeof form === 'number' && form >= 0);
      if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string' && valid) out.set(e[0], [e[1], form]);
    }
  } catch {
    // missing, unreadable or corrupt: a cold cache
  }
  return out;
}

/** Only what follows from a file's bytes is kept: a read error or a special file says nothing about the next scan. */
function cacheable(o: FileOutcome): boolean {
  return o.skip === undefined || o.skip === 'binary';
}

/** Past this many characters a piece is written out (the text of babel's cache is 6 MB). */
const PIECE_CHARS = 256 * 1024;

/** The cache file's text (the JSON of a CacheFile) in pieces: one string of the whole and its copies at the end of a scan were the peak of a first scan's memory. */
function* cacheText(key: string, entries: ReadonlyMap<string, [string, StoredForm]>): Generator<string> {
  let piece = `{"format":${FORMAT},"key":${JSON.stringify(key)},"entries":[`;
  let first = true;
  for (const [p, [blob, o]] of entries) {
    piece += `${first ? '' : ','}${JSON.stringify([p, blob, o])}`;
    first = false;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}]}`;
}

export function openScanCache(dir: string, root: string, key: string): ScanCache {
  const file = rootEntryFile(dir, 'scan', root);
  const old = load(file, key);
  const next = new Map<string, [string, StoredForm]>();
  return {
    get(p, blob) {
      const hit = old.get(p);
      if (!hit || hit[0] !== blob) return undefined;
      next.set(p, hit);
      return { path: p, ...expand(hit[1]) };
    },
    put(p, blob, outcome) {
      if (!cacheable(outcome)) return;
      const { path: _path, ...stored } = outcome;
      next.set(p, [blob, compact(stored)]);
    },
    save() {
      writeCacheEntry(file, cacheText(key, next), MAX_ROOTS, MAX_FILE_BYTES);
    },
  };
}
