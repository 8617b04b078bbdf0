import { byCodeUnits } from '../util/compare.js';
import type { Finding } from './types.js';

/**
 * Bounded memory for findings. A repository can hold 30,000 files of nothing but
 * `require("express")`: every line a finding, every finding an excerpt. Findings
 * are kept per detector and kind, at most PER_FILE of a kind from one file and
 * PER_SCAN of a kind over the scan; what is not kept is counted, and the signals
 * say so. Which findings are kept does not depend on the order files were read
 * (worker threads finish out of order): the first ones in path order.
 */

/** Findings of one kind kept from one file: past this, a file is generated or hostile. */
export const PER_FILE = 100;
/** Findings of one kind kept over a scan, per detector. */
export const PER_SCAN = 10_000;

/** Cap one file's findings per kind; returns what is kept and how many were dropped. */
export function capPerFile(found: readonly Finding[], perFile = PER_FILE): { kept: Finding[]; dropped: number } {
  if (found.length <= perFile) return { kept: [...found], dropped: 0 };
  const seen = new Map<string, number>();
  const kept: Finding[] = [];
  for (const f of found) {
    const n = seen.get(f.kind) ?? 0;
    seen.set(f.kind, n + 1);
    if (n < perFile) kept.push(f);
  }
  return { kept, dropped: found.length - kept.length };
}

interface Entry {
  seq: number;
  f: Finding;
}

/** One detector's findings over a scan, capped per kind, in path order at the end. */
export class FindingStore {
  private readonly byKind = new Map<string, Entry[]>();
  private seq = 0;
  /** Findings not kept (per-file and per-scan caps together). */
  dropped = 0;
  /** Files that had findings dropped. */
  readonly filesCapped = new Set<string>();

  constructor(private readonly perScan = PER_SCAN) {}

  add(found: readonly Finding[], droppedInFile = 0): void {
    if (droppedInFile > 0) {
      this.dropped += droppedInFile;
      if (found[0]) this.filesCapped.add(found[0].path);
    }
    for (const f of found) {
      let list = this.byKind.get(f.kind);
      if (!list) this.byKind.set(f.kind, (list = []));
      list.push({ seq: this.seq++, f });
      // Trim now and then, not on every add: amortised, and never more than twice the cap in memory.
      if (list.length >= this.perScan * 2) this.trim(list);
    }
  }

  private trim(list: Entry[]): void {
    list.sort(order);
    const cut = list.length - this.perScan;
    if (cut <= 0) return;
    for (const e of list.slice(this.perScan)) this.filesCapped.add(e.f.path);
    this.dropped += cut;
    list.length = this.perScan;
  }

  /** Every kept finding, in path order (a file's findings in the order its detector gave them). */
  findings(): Finding[] {
    const all: Entry[] = [];
    for (const list of this.byKind.values()) {
      if (list.length > this.perScan) this.trim(list);
      all.push(...list);
    }
    return all.sort(order).map((e) => e.f);
  }
}

function order(a: Entry, b: Entry): number {
  return byCodeUnits(a.f.path, b.f.path) || a.seq - b.seq;
}

/** Words for a signal whose detector did not keep every finding. */
export function notKeptNote(dropped: number, files: number): string {
  return `${dropped.toLocaleString('en-US')} further finding${dropped === 1 ? '' : 's'} in ${files.toLocaleString('en-US')} file${files === 1 ? '' : 's'} not kept (at most ${PER_FILE} of a kind per file, ${PER_SCAN.toLocaleString('en-US')} per scan)`;
}
