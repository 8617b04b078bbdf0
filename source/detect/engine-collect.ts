import { createHash } from 'node:crypto';
import { capPerFile } from './engine-caps.js';
import { LiteralGroups, SHARED_LITERALS } from './prefilter.js';
import { looksBinary, ReadSkip, type ReadFn } from './read.js';
import type { Detector, FileEntry, Finding, SkipReason } from './types.js';

/**
 * The per-file step, shared by the in-process engine and the worker threads:
 * read once, drop binaries, prefilter, collect. Pure apart from the one read.
 */

export interface FileJob {
  entry: FileEntry;
  fsPath: string | Buffer;
  /** Indexes (into the detector list) of the detectors that selected this file. */
  detectors: number[];
}

export interface FileOutcome {
  path: string;
  /** [detector index, its findings] for each detector that found something. */
  findings: [number, Finding[]][];
  /** [detector index, findings not kept] where a detector passed the per-file cap (engine-caps.ts). */
  capped?: [number, number][];
  /** Detectors whose `collect` threw on this file, with the error's type name (never its message). */
  failed: [number, string][];
  /** Set when the file produced findings. */
  sha256?: string;
  /** Set when the file turned out not to be scannable at read time. */
  skip?: SkipReason;
  bytes: number;
}

const matchers = new WeakMap<readonly Detector[], LiteralGroups>();

/** The detectors' prefilters as groups of the shared literal pool (registered on first use, in each thread). */
function matcherFor(detectors: readonly Detector[]): LiteralGroups {
  let m = matchers.get(detectors);
  if (!m) {
    m = new LiteralGroups(detectors.map((d) => d.prefilter));
    matchers.set(detectors, m);
  }
  return m;
}

export function processFile(job: FileJob, detectors: readonly Detector[], read: ReadFn, maxSize: number): FileOutcome {
  const out: FileOutcome = { path: job.entry.path, findings: [], failed: [], bytes: 0 };
  let buf: Buffer;
  try {
    buf = read(job.fsPath, maxSize);
  } catch (e) {
    out.skip = e instanceof ReadSkip ? e.reason : 'unreadable';
    return out;
  }
  out.bytes = buf.length;
  if (looksBinary(buf)) {
    out.skip = 'binary';
    return out;
  }
  // One pass over the bytes finds every registered literal the file holds: the selected
  // detectors' prefilters are read off it, and so are the detectors' own literal checks.
  const matcher = matcherFor(detectors);
  const hits = SHARED_LITERALS.hitsOfBytes(buf);
  const passed = matcher.groupsIn(hits);
  const run = job.detectors.filter((i) => ((detectors[i] as Detector).prefilter?.length ?? 0) === 0 || passed.has(i));
  if (run.length === 0) return out;
  const text = buf.toString('utf8');
  SHARED_LITERALS.remember(text, hits);
  for (const i of run) {
    const d = detectors[i] as Detector;
    try {
      const found = d.collect(job.entry, text);
      if (found.length > 0) {
        const { kept, dropped } = capPerFile(found, d.keepPerFile);
        // A copy: a finding's strings may be slices of this file's text, which would keep all of it alive.
        out.findings.push([i, structuredClone(kept)]);
        if (dropped > 0) (out.capped ??= []).push([i, dropped]);
      }
    } catch (e) {
      out.failed.push([i, e instanceof Error ? e.name : typeof e]);
    }
  }
  if (out.findings.length > 0) out.sha256 = createHash('sha256').update(buf).digest('hex');
  return out;
}

/** Which detectors want this file (path-only). A throwing `selects` marks its detector failed. */
export function selectDetectors(entry: FileEntry, detectors: readonly Detector[], failed: Map<number, string>): number[] {
  const sel: number[] = [];
  for (let i = 0; i < detectors.length; i++) {
    if (failed.has(i)) continue;
    try {
      if ((detectors[i] as Detector).selects(entry)) sel.push(i);
    } catch (e) {
      failed.set(i, e instanceof Error ? e.name : typeof e);
    }
  }
  return sel;
}
