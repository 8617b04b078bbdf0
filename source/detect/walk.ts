import { readdirSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { sanitizePath } from '../util/sanitize.js';
import { readTextFileSafe, SafeReadError } from '../util/safe-read.js';
import type { FileEntry, FileIndex, SkipReason } from './types.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * One walk of the tree builds the file index. Nothing here opens a file's
 * contents (except `.gitignore` files outside git): what a file holds is the
 * engine's business at read time, where binaries are caught by a NUL byte.
 *
 * Hostile trees are normal input: symlinks are never followed (a link whose
 * target is inside the tree is covered at the target's own path), loops and links
 * out of the tree are counted, FIFOs and devices are never opened, and names that
 * are not valid UTF-8 are kept openable through their raw bytes.
 */

/** Directories of third-party or generated content: not the repository's own code. */
export const VENDORED_DIRS: ReadonlySet<string> = new Set([
  'node_modules', 'vendor', 'dist', 'build', '.venv', 'venv', '__pycache__', 'target', '.next', '.nuxt',
  'coverage', 'bower_components', 'Pods', '.gradle', '.terraform', '.tox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.parcel-cache', '.turbo', '.svelte-kit', '.angular', '.docusaurus', '.expo', '.dart_tool',
  'jspm_packages', 'site-packages', '.eggs', 'DerivedData', 'Carthage', '.serverless', '.cache', '.yarn',
  '.pnpm-store', 'third_party', '.bundle', '.nyc_output', '.shipshape-cache',
]);

/** Version-control metadata: not content, not counted. */
const VCS_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);
const ASSESSMENT_DIR_NAME = '.shipshape';

/** Generated single files (minified bundles, source maps): counted as vendored. */
const GENERATED_SUFFIXES = ['.min.js', '.min.css', '.min.mjs', '.js.map', '.css.map', '.mjs.map'];

/** Extensions that are binary by construction: skipped without reading. */
const BINARY_EXTS: ReadonlySet<string> = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.bmp', '.ico', '.icns', '.webp', '.avif', '.tif', '.tiff', '.psd',
  '.mp3', '.mp4', '.m4a', '.wav', '.ogg', '.flac', '.mov', '.avi', '.mkv', '.webm',
  '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.7z', '.rar', '.tar', '.jar', '.war', '.ear', '.whl', '.egg',
  '.exe', '.dll', '.so', '.dylib', '.a', '.o', '.obj', '.lib', '.bin', '.class', '.pyc', '.pyo', '.wasm',
  '.woff', '.woff2', '.ttf', '.otf', '.eot', '.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx',
  '.sqlite', '.sqlite3', '.db', '.parquet', '.onnx', '.pt', '.pth', '.safetensors', '.npy', '.npz', '.h5',
  '.dmg', '.iso', '.img', '.deb', '.rpm', '.apk', '.ipa',
]);

const EXAMPLES_PER_REASON = 5;

export interface WalkOptions {
  /**
   * Git's lists (relative to root) when the root is in a repository; null → use
   * `.gitignore` files. `ignored` as `git status --ignored=matching` gives it.
   */
  git: { tracked: ReadonlySet<string>; untracked: ReadonlySet<string>; ignored: ReadonlySet<string> } | null;
  /**
   * Without `git`: what git tracks, when it could say that much but not what it
   * ignores. Tracked files are kept whatever the ignore rules say, and only they
   * are marked tracked; null → every file counts as tracked (no repository).
   */
  tracked?: ReadonlySet<string> | null;
  /** Directory listings read ahead (prefetchDirs), by relative path; each is used once and dropped. */
  prefetched?: Map<string, NamedEntry[]>;
  /** Called every few hundred files with the count so far. */
  onProgress?: (filesWalked: number) => void;
}

export interface WalkOutput {
  index: FileIndex;
  /** Absolute path to open for each indexed file (a Buffer when the name is not valid UTF-8). */
  fsPath(entry: FileEntry | string): string | Buffer;
}

/** Counts skipped files by reason and keeps a few sanitised examples of each. */
export class SkipTally {
  constructor(
    readonly skipped: Partial<Record<SkipReason, number>> = {},
    readonly examples: Partial<Record<SkipReason, string[]>> = {},
  ) {}

  /** The examples are the first few paths in path order, whatever order the skips arrive in (worker threads finish out of order). */
  add(reason: SkipReason, relPath: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    const list = (this.examples[reason] ??= []);
    const shown = sanitizePath(relPath);
    if (list.length >= EXAMPLES_PER_REASON && byCodeUnits(shown, list[list.length - 1] as string) >= 0) return;
    let i = list.length;
    while (i > 0 && byCodeUnits(shown, list[i - 1] as string) < 0) i--;
    list.splice(i, 0, shown);
    if (list.length > EXAMPLES_PER_REASON) list.pop();
  }
}

type FsPath = string | Buffer;

function joinFs(dir: FsPath, name: string | Buffer): FsPath {
  if (typeof dir === 'string' && typeof name === 'string') return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
  const d = typeof dir === 'string' ? Buffer.from(dir) : dir;
  const n = typeof name === 'string' ? Buffer.from(name) : name;
  const sep = d[d.length - 1] === 0x2f ? Buffer.alloc(0) : Buffer.from('/');
  return Buffer.concat([d, sep, n]);
}

function isValidUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

export function makeEntry(rel: string, size: number, tracked: boolean): FileEntry {
  const base = path.posix.basename(rel).toLowerCase();
  return { path: rel, base, ext: path.posix.extname(base), size, tracked };
}

interface DirFrame {
  rel: string;
  abs: FsPath;
  /** `.gitignore` rules in force, deepest last (non-git mode only). */
  rules: { base: string; ig: Ignore }[];
}

export interface NamedEntry {
  name: string;
  raw: string | Buffer;
  dirent: Dirent;
}

function readDir(abs: FsPath): NamedEntry[] {
  const asText = readdirSync(abs, { withFileTypes: true });
  if (!asText.some((d) => d.name.includes('\uFFFD'))) return asText.map((d) => ({ name: d.name, raw: d.name, dirent: d }));
  // Some name is not valid UTF-8 (or holds U+FFFD): re-read as bytes so the file stays openable.
  const asBytes = readdirSync(abs, { withFileTypes: true, encoding: 'buffer' }) as unknown as (Dirent & { name: Buffer })[];
  return asBytes.map((d) => {
    const nameBuf = d.name;
    const name = nameBuf.toString('utf8');
    return { name, raw: isValidUtf8(nameBuf) ? name : nameBuf, dirent: d as unknown as Dirent };
  });
}

/**
 * The listings of every directory holding a tracked file (the root included),
 * read while git's status walk still runs in its own process, so the walk that
 * follows finds most of them done. Vendored and assessment folders, which the
 * walk never enters, are not read; a directory that cannot be read is left for
 * the walk, which counts it.
 */
export function prefetchDirs(root: string, tracked: ReadonlySet<string>): Map<string, NamedEntry[]> {
  const out = new Map<string, NamedEntry[]>();
  const skipped = (rel: string) =>
    rel.split('/').some((n) => VCS_DIRS.has(n) || VENDORED_DIRS.has(n) || n === ASSESSMENT_DIR_NAME || n.endsWith('.egg-info'));
  for (const rel of ['', ...ancestorDirs(tracked)]) {
    if (rel !== '' && skipped(rel)) continue;
    try {
      out.set(rel, readDir(rel === '' ? root : `${root}/${rel}`));
    } catch {
      // left to the walk
    }
  }
  return out;
}

/** Every ancestor directory of each path, so a walk in git mode knows where listed files live. */
function ancestorDirs(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const p of paths) {
    let i = p.lastIndexOf('/');
    while (i > 0) {
      const d = p.slice(0, i);
      if (dirs.has(d)) break;
      dirs.add(d);
      i = p.lastIndexOf('/', i - 1);
    }
  }
  return dirs;
}

function ignoredByRules(rules: DirFrame['rules'], rel: string, isDir: boolean): boolean {
  // Deeper .gitignore files override shallower ones, negations included.
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i] as DirFrame['rules'][number];
    const local = r.base === '' ? rel : rel.slice(r.base.length + 1);
    try {
      const t = r.ig.test(isDir ? `${local}/` : local);
      if (t.ignored) return true;
      if (t.unignored) return false;
    } catch {
      // `ignore` rejects some odd relative paths; such a name is simply not ignored.
    }
  }
  return false;
}

/** Ignore files are small; past this one is not worth reading. */
const MAX_IGNORE_FILE = 1024 * 1024;

/**
 * An ignore file's text through the safe reader (a FIFO, a device or a link out of
 * the tree is refused and counted), or null when there is none.
 */
function readIgnoreFile(p: FsPath, rel: string, rootReal: string, tally: SkipTally | undefined): string | null {
  if (typeof p !== 'string') return null; // a folder whose name is not UTF-8: its rules are not read
  try {
    return readTextFileSafe(p, { within: [rootReal], maxBytes: MAX_IGNORE_FILE });
  } catch (e) {
    // A FIFO, a directory or a link out of the tree is counted once, where the walk meets it.
    const counted = e instanceof SafeReadError && (e.problem === 'missing' || e.problem === 'not-a-file' || e.problem === 'outside' || e.problem === 'directory');
    if (!counted) tally?.add('unreadable', rel);
    return null;
  }
}

function loadGitignore(abs: FsPath, base: string, rules: DirFrame['rules'], tally: SkipTally, rootReal: string): DirFrame['rules'] {
  const text = readIgnoreFile(joinFs(abs, '.gitignore'), base === '' ? '.gitignore' : `${base}/.gitignore`, rootReal, tally);
  return text === null ? rules : [...rules, { base, ig: ignore().add(text) }];
}

/** `.git/info/exclude` applies like a root `.gitignore` (non-git mode reads it when present). */
function rootRules(root: string, tally: SkipTally, rootReal: string): DirFrame['rules'] {
  const rules = loadGitignore(root, '', [], tally, rootReal);
  const text = readIgnoreFile(path.join(root, '.git', 'info', 'exclude'), '.git/info/exclude', rootReal, undefined);
  return text === null ? rules : [{ base: '', ig: ignore().add(text) }, ...rules];
}

/**
 * `.shipshapeignore` at the scan root (gitignore syntax): paths the team has
 * decided are not the product, e.g. deliberately bad test fixtures. Excluded files
 * are counted and named like every other skip, so nothing disappears silently.
 */
export const EXCLUDE_FILE = '.shipshapeignore';

function loadExcludes(root: string, tally?: SkipTally): Ignore | null {
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    return null;
  }
  const text = readIgnoreFile(path.join(root, EXCLUDE_FILE), EXCLUDE_FILE, rootReal, tally);
  return text === null ? null : ignore().add(text);
}

function excludedBy(ig: Ignore | null, rel: string, isDir: boolean): boolean {
  if (!ig) return false;
  try {
    return ig.ignores(isDir ? `${rel}/` : rel);
  } catch {
    return false;
  }
}

/** The .shipshapeignore test for paths that do not come from the walk (e.g. git history). */
export function excludedPaths(root: string): (rel: string) => boolean {
  const ig = loadExcludes(root);
  return (rel) => excludedBy(ig, rel, false);
}

export function walkTree(root: string, opts: WalkOptions): WalkOutput {
  const rootReal = realpathSync(root);
  const tally = new SkipTally();
  const excludes = loadExcludes(root, tally);
  const files: FileEntry[] = [];
  const raw = new Map<string, Buffer>();
  const git = opts.git;
  const listedDirs = git ? ancestorDirs([...git.tracked, ...git.untracked]) : null;
  // Directories holding something git ignores (a wholly ignored one is listed as `dir/`).
  const ignoredDirs = git ? ancestorDirs(git.ignored) : null;
  const trackedDirs = !git && opts.tracked ? ancestorDirs(opts.tracked) : null;

  const stack: DirFrame[] = [{ rel: '', abs: root, rules: git ? [] : rootRules(root, tally, rootReal) }];
  let walked = 0;

  while (stack.length > 0) {
    const dir = stack.pop() as DirFrame;
    let entries: NamedEntry[];
    // (A folder whose name is not UTF-8 is read by its bytes, never from the text-keyed read-ahead.)
    const ahead = typeof dir.abs === 'string' ? opts.prefetched?.get(dir.rel) : undefined;
    opts.prefetched?.delete(dir.rel);
    try {
      entries = ahead ?? readDir(dir.abs);
    } catch {
      if (dir.rel === '') throw new Error(`cannot read directory ${root}`);
      tally.add('unreadable', `${dir.rel}/`);
      continue;
    }
    const childDirs: DirFrame[] = [];
    for (const { name, raw: rawName, dirent } of entries) {
      const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
      const abs = joinFs(dir.abs, rawName);

      if (dirent.isDirectory()) {
        if (VCS_DIRS.has(name)) continue;
        if (name === ASSESSMENT_DIR_NAME) {
          // shipshape's own output (assessments, dossiers, locks) is not the code under review.
          tally.add('excluded', `${rel}/`);
          continue;
        }
        if (VENDORED_DIRS.has(name) || name.endsWith('.egg-info')) {
          tally.add('vendored', `${rel}/`);
          continue;
        }
        if (excludedBy(excludes, rel, true)) {
          tally.add('excluded', `${rel}/`);
          continue;
        }
        if (git && listedDirs) {
          if (git.tracked.has(rel)) {
            // A gitlink: a submodule is another repository's code.
            tally.add('vendored', `${rel}/`);
            continue;
          }
          if (!listedDirs.has(rel)) {
            // Nothing git lists lives here: either ignored, or holding no files at all.
            if (ignoredDirs?.has(rel)) tally.add('gitignored', `${rel}/`);
            continue;
          }
          childDirs.push({ rel, abs, rules: [] });
        } else {
          if (opts.tracked?.has(rel)) {
            tally.add('vendored', `${rel}/`);
            continue;
          }
          if (!trackedDirs?.has(rel) && ignoredByRules(dir.rules, rel, true)) {
            tally.add('gitignored', `${rel}/`);
            continue;
          }
          childDirs.push({ rel, abs, rules: loadGitignore(abs, rel, dir.rules, tally, rootReal) });
        }
        continue;
      }

      if (dirent.isSymbolicLink()) {
        classifySymlink(abs, rel, dir, rootReal, tally);
        continue;
      }

      if (!dirent.isFile()) {
        // FIFO, socket or device: opening a FIFO would block the scan forever.
        tally.add('special-file', rel);
        continue;
      }

      walked += 1;
      if (opts.onProgress && walked % 500 === 0) opts.onProgress(walked);
      if (excludedBy(excludes, rel, false)) {
        tally.add('excluded', rel);
        continue;
      }

      let tracked = true;
      if (git) {
        tracked = git.tracked.has(rel);
        if (!tracked && !git.untracked.has(rel)) {
          tally.add('gitignored', rel);
          continue;
        }
      } else {
        tracked = opts.tracked ? opts.tracked.has(rel) : true;
        if (!(opts.tracked && tracked) && ignoredByRules(dir.rules, rel, false)) {
          tally.add('gitignored', rel);
          continue;
        }
      }
      const lower = name.toLowerCase();
      if (GENERATED_SUFFIXES.some((s) => lower.endsWith(s))) {
        tally.add('vendored', rel);
        continue;
      }
      if (BINARY_EXTS.has(path.posix.extname(lower))) {
        tally.add('binary', rel);
        continue;
      }
      // No stat: the size is taken when the file is read (or, for a file no detector reads, by the engine).
      if (typeof abs !== 'string') raw.set(rel, abs);
      files.push(makeEntry(rel, Number.NaN, tracked));
    }
    // Reverse so the stack pops directories in name order (keeps progress and examples stable).
    for (let i = childDirs.length - 1; i >= 0; i--) stack.push(childDirs[i] as DirFrame);
  }

  files.sort((a, b) => byCodeUnits(a.path, b.path));
  opts.onProgress?.(walked);
  return {
    index: { root, files, skipped: tally.skipped, skippedExamples: tally.examples },
    fsPath: (e) => {
      const rel = typeof e === 'string' ? e : e.path;
      // The walk's relative paths are already normal (no `.`, `..` or doubled slashes): joined, not normalised, once per file.
      return raw.get(rel) ?? (root.endsWith('/') ? root + rel : `${root}/${rel}`);
    },
  };
}

function classifySymlink(abs: FsPath, rel: string, dir: DirFrame, rootReal: string, tally: SkipTally): void {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    tally.add(code === 'ELOOP' ? 'symlink-loop' : 'unreadable', rel);
    return;
  }
  if (!isInside(real, rootReal)) {
    tally.add('symlink-outside', rel);
    return;
  }
  // Inside the tree: not followed, its target is scanned at its own path. A link to
  // one of its own ancestors would make a naive walk loop forever: say so.
  let dirReal: string;
  try {
    dirReal = realpathSync(dir.abs);
  } catch {
    return;
  }
  if (isInside(dirReal, real)) tally.add('symlink-loop', rel);
}
