import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { toolVersion } from '../util/package-root.js';
import { processFile, selectDetectors, type FileOutcome } from './engine-collect.js';
import { SelectionPool, toJob, type SelectedFile } from './engine-jobs.js';
import { declaredSignals, finalizeSignals, type DetectorOutput } from './engine-signals.js';
import { FindingStore, notKeptNote } from './engine-caps.js';
import { collectGarbage, garbageOf, paceGarbage } from './engine-gc.js';
import { checkYoungGeneration, holdYoungGeneration } from './young-generation.js';
import { collectInWorkers, mayUseWorkers, shouldUseWorkers } from './engine-workers.js';
import { loadDeferredIndex, readGitFacts, readHistory, streamHistoryPatches } from './git.js';
import { cacheKey, openScanCache } from './scan-cache.js';
import { memoKey, openResultMemo } from './scan-memo.js';
import { looksBinary, readFileCapped, sizeOf, type ReadFn } from './read.js';
import type {
  CommitRecord,
  Detector,
  EvaluateInput,
  FileEntry,
  FileIndex,
  Finding,
  GitInfo,
  ScanOptions,
  ScanProgress,
  ScanResult,
  Signal,
  SignalMeta,
  SkipReason,
} from './types.js';
import { excludedPaths, prefetchDirs, SkipTally, walkTree, type NamedEntry } from './walk.js';

/**
 * The detection engine: walk once, read each selected file at most once, let every
 * registered detector collect and evaluate, and return one signal per declared id.
 * It knows no detector by name.
 */

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
export const DEFAULT_HISTORY_DEPTH = 1000;
/** Evaluate-time reads kept for reuse (characters): what several detectors read again stays; a flood does not. */
const MAX_CACHED_TEXT_CHARS = 8 * 1024 * 1024;

export interface EngineDeps {
  /** Detectors to run (default: the registry). Injected detectors always run in-process. */
  detectors?: readonly Detector[];
  /** File reader (tests inject a counting one). */
  readFile?: ReadFn;
  /** Worker threads for collect: 0 = in-process; 'auto' (default) decides by tree size. */
  workers?: number | 'auto';
  /**
   * Directory of the incremental re-scan cache (scan-cache.ts), or undefined for
   * none: files git reports unchanged since a scan that stored them are not read again.
   */
  cacheDir?: string;
}

/** Bad input the user can fix (missing root, not a directory, unreadable). */
export class ScanInputError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ScanInputError';
  }
}

export interface ScanReport {
  result: ScanResult;
  index: FileIndex;
  git: GitInfo;
  /** Things the user should know about the scan itself (e.g. not a repository). Sanitised. */
  notes: string[];
  /** Every signal the detectors declare (what `scan` reports on, found or not). */
  declared: SignalMeta[];
  /** How the collect step ran (for the benchmark and tests). */
  stats: {
    workers: number;
    filesRead: number;
    filesInWorkers: number;
    bytesRead: number;
    filesFromCache: number;
    /** The whole result came from the last scan of an unchanged tree (scan-memo.ts). */
    resultFromCache: boolean;
  };
}

/** The shipped detectors, imported on first use (module loading overlaps the git calls). */
async function loadRegistry(): Promise<readonly Detector[]> {
  return (await import('./detectors/index.js')).DETECTORS;
}

function checkRoot(root: string): void {
  let st;
  try {
    st = statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ScanInputError(`no such directory: ${sanitizePath(root)}`, 'pass the path of the repository to scan');
    }
    throw new ScanInputError(`cannot access ${sanitizePath(root)} (${code ?? 'error'})`, 'check the path and its permissions');
  }
  if (!st.isDirectory()) {
    throw new ScanInputError(`${sanitizePath(root)} is a file, not a directory`, 'pass the directory of the repository to scan');
  }
}

/** Calls `onProgress` at most every 100 ms, and always on a phase change. */
function progressReporter(onProgress: ScanOptions['onProgress'], started: number) {
  let last = 0;
  let lastPhase = '';
  const state: ScanProgress = {
    phase: 'walk', filesWalked: 0, filesRead: 0, bytesRead: 0, detectorsDone: 0, detectorsTotal: 0, elapsedMs: 0,
  };
  return {
    state,
    emit(force = false): void {
      if (!onProgress) return;
      const now = Date.now();
      if (!force && state.phase === lastPhase && now - last < 100) return;
      last = now;
      lastPhase = state.phase;
      state.elapsedMs = now - started;
      try {
        onProgress({ ...state });
      } catch {
        // a broken progress display must not break the scan
      }
    },
  };
}

export async function runScan(rootArg: string, options: ScanOptions = {}, deps: EngineDeps = {}): Promise<ScanReport> {
  // The young generation is held small for the scan's duration (young-generation.ts).
  // Only in-process: held process-wide, it would keep a worker's young generation at its first size
  // (+10–15 MB on babel). The load is read once so this and the worker count agree.
  const load = loadavg()[0] ?? 0;
  const inProcess = deps.detectors !== undefined || deps.readFile !== undefined || !mayUseWorkers(deps.workers, load);
  const release = inProcess ? holdYoungGeneration() : () => undefined;
  try {
    return await scanTree(rootArg, options, deps, load);
  } finally {
    release();
  }
}

async function scanTree(rootArg: string, options: ScanOptions, deps: EngineDeps, load: number): Promise<ScanReport> {
  const started = Date.now();
  const root = path.resolve(rootArg);
  checkRoot(root);
  const read = deps.readFile ?? readFileCapped;
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const progress = progressReporter(options.onProgress, started);
  const notes: string[] = [];

  // 1. git facts and the walk.
  // An unchanged tree's last result is reused whole (only with the shipped detectors and reader, which it was made by).
  const memo = deps.cacheDir !== undefined && deps.detectors === undefined && deps.readFile === undefined ? openResultMemo(deps.cacheDir, root) : null;
  // Directory listings are read while git's status walk runs (the walk needs its answer to start),
  // unless the index is the one the stored result was made from: then the walk is likely not needed at all.
  let prefetched: Map<string, NamedEntry[]> | undefined;
  // The registry (the bulk of the engine's code, and the JS parser's native binding) loads while
  // git lists the tree; not at all when the index is the one the stored result was made from and
  // that result applies.
  let registryP: Promise<readonly Detector[]> | null = deps.detectors ? Promise.resolve(deps.detectors) : null;
  const registry = (): Promise<readonly Detector[]> => (registryP ??= loadRegistry());
  const factsP = readGitFacts(root, {
    // The index the stored result was made from is likely unchanged: parse it and read ahead only on a miss.
    deferIndex: (staged) => {
      const likely = memo?.likely(staged) === true;
      if (!likely) void registry();
      return likely;
    },
    onTracked: (tracked) => (prefetched = prefetchDirs(root, tracked)),
    onListing: () => {
      if (!memo) void registry();
    },
  });
  const facts = await factsP;
  if (facts.note) notes.push(facts.note);
  // With the shipped registry the build fingerprint in the key stands for the detector set.
  const memoBase = memo ? cacheKey(toolVersion(), ['registry'], maxSize) : '';
  const resultKey =
    memo && facts.listing && facts.changed && facts.untracked
      ? memoKey({
          base: memoBase,
          root,
          listing: facts.listing,
          git: facts.info,
          changed: facts.changed,
          untracked: facts.untracked,
          options: { history: options.history === true, depth: options.historyDepth ?? DEFAULT_HISTORY_DEPTH, parser: process.env.SHIPSHAPE_JS_PARSER ?? '' },
        })
      : null;
  const hit = resultKey !== null ? memo?.get(resultKey) : null;
  if (hit) {
    progress.state.filesWalked = hit.result.files_scanned;
    progress.state.phase = 'done';
    progress.emit(true);
    const result = { ...hit.result, duration_ms: Date.now() - started };
    const stats = { workers: 0, filesRead: 0, filesInWorkers: 0, bytesRead: 0, filesFromCache: hit.outcomes, resultFromCache: true };
    return { result, index: hit.index, git: facts.info, notes: hit.notes, declared: hit.declared, stats };
  }
  const detectors = await registry();
  const baseKey = deps.cacheDir !== undefined ? cacheKey(toolVersion(), detectors.map((d) => d.id), maxSize) : '';
  loadDeferredIndex(facts);
  // The incremental re-scan: a tracked file git reports unchanged is keyed by its blob id.
  const cache = deps.cacheDir !== undefined && facts.blobs && facts.changed ? openScanCache(deps.cacheDir, root, baseKey) : null;
  const stagedDigest = facts.listing?.staged ?? '';
  const blobOf = (p: string): string | undefined => (facts.changed?.has(p) ? undefined : facts.blobs?.get(p));
  let walked;
  try {
    walked = walkTree(root, {
      git:
        facts.tracked && facts.untracked && facts.ignored
          ? { tracked: facts.tracked, untracked: facts.untracked, ignored: facts.ignored }
          : null,
      tracked: facts.tracked,
      ...(prefetched ? { prefetched } : {}),
      onProgress: (n) => {
        checkYoungGeneration();
        progress.state.filesWalked = n;
        progress.emit();
      },
    });
  } catch {
    throw new ScanInputError(`cannot read directory ${sanitizePath(root)}`, 'check its permissions');
  }
  const { index } = walked;
  // Git's path lists have served (the index holds what is kept): not held through the rest of the scan.
  facts.tracked = facts.untracked = facts.ignored = null;
  // Blob ids only key the re-scan cache (on babel, 6 MB: the index listing their strings are cut from).
  if (!cache) facts.blobs = facts.changed = null;
  // Kept for the cache: blob ids copied out of git's listing, which their slices kept whole (3.8 MB on babel).
  else if (facts.blobs) facts.blobs = copiedBlobs(facts.blobs, index.files);
  // What git's listings and the walk left is garbage now, mostly outside the young generation (engine-gc.ts).
  collectGarbage();
  const tally = new SkipTally(index.skipped, index.skippedExamples);

  // History is read concurrently with the file reads.
  const wantsHistory = detectors.some((d) => d.needsHistory || d.signals.some((s) => s.needsHistory));
  const depth = options.historyDepth ?? DEFAULT_HISTORY_DEPTH;
  const canHistory = facts.info.isRepository && facts.info.commit !== null;
  const historyP: Promise<CommitRecord[] | null> =
    wantsHistory && canHistory ? readHistory(root, depth, facts.prefix) : Promise.resolve(null);

  // 2. select, read, collect.
  progress.state.phase = 'read';
  progress.emit(true);
  /** Detectors whose selects/collect threw → the error's type name. */
  const failed = new Map<number, string>();

  const stores = detectors.map(() => new FindingStore());
  const hashes = new Map<string, string>();
  const dropped = new Map<string, SkipReason>();
  let filesFromCache = 0;
  const skip = (p: string, reason: SkipReason): void => {
    dropped.set(p, reason);
    tally.add(reason, p);
  };
  const onOutcome = (o: FileOutcome, cached = false): void => {
    if (cached) filesFromCache += 1;
    else {
      progress.state.filesRead += 1;
      progress.state.bytesRead += o.bytes;
      const blob = cache ? blobOf(o.path) : undefined;
      if (blob !== undefined) cache?.put(o.path, blob, o);
    }
    if (o.skip) skip(o.path, o.skip);
    for (const [i, name] of o.failed) if (!failed.has(i)) failed.set(i, name);
    const capped = new Map(o.capped ?? []);
    for (const [i, found] of o.findings) (stores[i] as FindingStore).add(found, capped.get(i) ?? 0);
    if (o.sha256) hashes.set(o.path, o.sha256);
    progress.emit();
  };

  // A file the cache holds at the blob git reports was selected by the same detectors (same
  // path, build and detector set): its outcome is taken as it is, without selecting again.
  // The walk does not stat: a file's size comes from its read, the cache, or (read by no
  // detector) a stat here, which also finds what is too large or gone as a read would.
  const jobs: SelectedFile[] = [];
  const selections = new SelectionPool();
  for (const entry of index.files) {
    const blob = cache ? blobOf(entry.path) : undefined;
    const hit = blob === undefined ? undefined : cache?.get(entry.path, blob);
    if (hit) {
      entry.size = hit.bytes;
      onOutcome(hit, true);
      continue;
    }
    const sel = selectDetectors(entry, detectors, failed);
    if (sel.length > 0) jobs.push({ entry, detectors: selections.intern(sel) });
    else {
      const size = sizeOf(walked.fsPath(entry), maxSize);
      if (typeof size === 'number') entry.size = size;
      else skip(entry.path, size);
    }
  }
  const settle = (o: FileOutcome, file: SelectedFile): void => {
    file.entry.size = o.bytes;
    onOutcome(o);
  };

  const useWorkers = deps.detectors === undefined && deps.readFile === undefined ? shouldUseWorkers(jobs, deps.workers, load) : 0;
  let filesInWorkers = 0;
  if (useWorkers) {
    ({ filesInWorkers } = await collectInWorkers(jobs, walked.fsPath, maxSize, useWorkers, settle, detectors));
  } else {
    let sliceStart = Date.now();
    for (const job of jobs) {
      const o = processFile(toJob(job, walked.fsPath), detectors, read, maxSize);
      settle(o, job);
      paceGarbage(garbageOf(o.bytes, job.detectors));
      // Let timers and the UI breathe on long scans.
      if (Date.now() - sliceStart > 50) {
        await new Promise((r) => setImmediate(r));
        sliceStart = Date.now();
      }
    }
  }
  if (cache) {
    // Serialising the cache costs a few copies of it (~15 MB on babel): on a heap the read's garbage has left.
    collectGarbage();
    cache.save();
  }
  facts.blobs = facts.changed = null;
  if (dropped.size > 0) index.files = index.files.filter((f) => !dropped.has(f.path));
  // In path order whatever order workers finished in, capped per kind (engine-caps.ts).
  const perDetector = stores.map((s) => s.findings());

  // 3. evaluate.
  const history = await historyP;
  progress.state.phase = 'evaluate';
  progress.state.detectorsTotal = detectors.length;
  progress.emit(true);

  const byPath = new Map<string, FileEntry>(index.files.map((f) => [f.path, f]));
  // Texts read at evaluate time are kept for the next detector that asks, up to a bound: the AI
  // detector may read every file that imports a model helper (a hostile tree: tens of thousands).
  const textCache = new Map<string, string | null>();
  let cachedChars = 0;
  const readIndexed = (p: string): Buffer | null => {
    const entry = byPath.get(p);
    if (!entry) return null;
    try {
      const buf = read(walked.fsPath(entry), maxSize);
      return looksBinary(buf) ? null : buf;
    } catch {
      return null;
    }
  };
  const readText = (p: string): string | null => {
    if (textCache.has(p)) return textCache.get(p) ?? null;
    const text = readIndexed(p)?.toString('utf8') ?? null;
    if (cachedChars + (text?.length ?? 0) <= MAX_CACHED_TEXT_CHARS) {
      textCache.set(p, text);
      cachedChars += text?.length ?? 0;
    }
    return text;
  };
  // Files hashed on request live apart from `hashes`, which detectors are promised holds only files with findings.
  const lazyHashes = new Map<string, string>();
  const hashOf = (p: string): string => {
    const known = hashes.get(p) ?? lazyHashes.get(p);
    if (known !== undefined) return known;
    const buf = readIndexed(p);
    const h = buf ? createHash('sha256').update(buf).digest('hex') : '';
    lazyHashes.set(p, h);
    return h;
  };
  // History honours .shipshapeignore too: an excluded file's past is as much not the product as its present.
  const excluded = excludedPaths(root);
  const historyPatches =
    options.history && canHistory
      ? async function* () {
          for await (const patch of streamHistoryPatches(root, depth, facts.prefix)) if (!excluded(patch.path)) yield patch;
        }
      : undefined;

  const outputs: DetectorOutput[] = [];
  for (let i = 0; i < detectors.length; i++) {
    const d = detectors[i] as Detector;
    if (failed.has(i)) {
      outputs.push({ ok: false, error: { name: failed.get(i) } });
    } else {
      const input: EvaluateInput = {
        index,
        findings: perDetector[i] as Finding[],
        hashes,
        git: facts.info,
        history: d.needsHistory || d.signals.some((s) => s.needsHistory) ? history : null,
        options,
        readText,
        hashOf,
        ...(historyPatches ? { historyPatches } : {}),
      };
      try {
        outputs.push({ ok: true, signals: await d.evaluate(input) });
      } catch (error) {
        outputs.push({ ok: false, error });
      }
    }
    progress.state.detectorsDone = i + 1;
    progress.emit();
  }

  const signals = noVacuousPasses(
    finalizeSignals(detectors, outputs, stores.map((s) => (s.dropped > 0 ? notKeptNote(s.dropped, s.filesCapped.size) : null))),
    index.files.length,
  );
  // Evidence without a digest gets one when it names an indexed file (the dossier's integrity appendix needs it).
  for (const s of signals) for (const e of s.evidence) if (e.sha256 === '' && !e.commit && byPath.has(e.path)) e.sha256 = hashOf(e.path);

  const filesSkipped = Object.values(index.skipped).reduce((a, b) => a + (b ?? 0), 0);
  const result: ScanResult = {
    tool: 'shipshape',
    version: toolVersion(),
    root: sanitizePath(root),
    commit: facts.info.commit,
    branch: facts.info.branch === null ? null : sanitizePath(facts.info.branch),
    dirty: facts.info.dirty,
    files_scanned: index.files.length,
    files_skipped: filesSkipped,
    skipped_by_reason: sortedReasons(index.skipped),
    skipped_examples: index.skippedExamples,
    duration_ms: Date.now() - started,
    signals,
  };
  progress.state.phase = 'done';
  progress.emit(true);
  const stats = { workers: useWorkers, filesRead: progress.state.filesRead, filesInWorkers, bytesRead: progress.state.bytesRead, filesFromCache, resultFromCache: false };
  // Failed detectors are worth running again; everything else is kept for the next scan of the same tree.
  const declared = declaredSignals(detectors);
  if (memo && resultKey !== null && failed.size === 0 && outputs.every((o) => o.ok)) {
    // As for the cache above: the stored result is serialised on a heap the evaluate steps' garbage has left.
    collectGarbage();
    memo.put(resultKey, stagedDigest, { result, index, notes, declared, outcomes: stats.filesRead + filesFromCache });
  }
  return { result, index, git: facts.info, notes, declared, stats };
}

/** The blob ids of the indexed files, keyed by the index's own paths, each a copy (a slice would keep the listing it came from). */
function copiedBlobs(blobs: ReadonlyMap<string, string>, files: readonly FileEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const blob = blobs.get(f.path);
    if (blob !== undefined) out.set(f.path, Buffer.from(blob, 'latin1').toString('latin1'));
  }
  return out;
}

/**
 * A scan that read no file cannot pass anything: "no secrets in 0 files" is not a
 * finding. Whatever a detector concluded from nothing becomes unknown, and says why.
 */
export function noVacuousPasses(signals: Signal[], filesScanned: number): Signal[] {
  if (filesScanned > 0) return signals;
  return signals.map((s) =>
    s.status === 'pass' ? { ...s, status: 'unknown', confidence: 'low', summary: sanitizeLine(`no file was scanned, so this cannot pass: ${s.summary}`, 300) } : s,
  );
}

function sortedReasons(s: Partial<Record<SkipReason, number>>): Partial<Record<SkipReason, number>> {
  const out: Partial<Record<SkipReason, number>> = {};
  for (const k of Object.keys(s).sort() as SkipReason[]) out[k] = s[k];
  return out;
}

/** The scan as `scan --json` reports it. */
export async function scan(root: string, options: ScanOptions = {}, deps: EngineDeps = {}): Promise<ScanResult> {
  return (await runScan(root, options, deps)).result;
}
