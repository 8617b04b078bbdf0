import type { FileJob } from './engine-collect.js';
import type { FileEntry } from './types.js';

/**
 * The list of files waiting to be read, kept small: it is built before the first
 * read and held until the last one. On babel/babel (27.6k files) a job with its
 * absolute path (a rope of concatenated segments from path.join) and its own
 * push-grown selection array cost ~950 bytes, 23 MB of live heap through the
 * whole read; an entry and a shared selection cost a few dozen bytes.
 */

/** A file the detectors selected; the path to open it is derived when it is read (toJob). */
export interface SelectedFile {
  entry: FileEntry;
  /** Indexes of the detectors that selected it; files with the same selection share one array. */
  detectors: number[];
}

/** Hands out one array per distinct selection (a tree has a few dozen), so each file holds a reference only. */
export class SelectionPool {
  private readonly seen = new Map<string, number[]>();

  intern(sel: number[]): number[] {
    const key = sel.join();
    const known = this.seen.get(key);
    if (known) return known;
    this.seen.set(key, sel);
    return sel;
  }
}

export function toJob(file: SelectedFile, fsPath: (entry: FileEntry) => string | Buffer): FileJob {
  return { entry: file.entry, fsPath: fsPath(file.entry), detectors: file.detectors };
}
