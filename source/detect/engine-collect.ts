import { createHash } from 'node:crypto';
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
  /** Detectors whose `collect` threw on this file, with the error's type name (never its message). */
  failed: [number, string][];
  /** Set when the file produced findings. */
  sha256?: string;
  /** Set when the file turned out not to be scannable at read time. */
  skip?: SkipReason;
  bytes: number;
}

function matchesPrefilter(text: string, prefilter: readonly string[] | undefined): boolean {
  if (!prefilter || prefilter.length === 0) return true;
  for (const lit of prefilter) if (text.includes(lit)) return true;
  return false;
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
  const text = buf.toString('utf8');
  for (const i of job.detectors) {
    const d = detectors[i] as Detector;
    if (!matchesPrefilter(text, d.prefilter)) continue;
    try {
      const found = d.collect(job.entry, text);
      if (found.length > 0) out.findings.push([i, found]);
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
