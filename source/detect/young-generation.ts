import process from 'node:process';
import v8 from 'node:v8';

/**
 * V8 doubles the young generation (two semi-spaces, 16 MB each at most on 64-bit)
 * while many objects survive a scavenge, and never gives it back. A scan's first
 * second (git's path lists, the walk) grew it to the maximum: 32 MB of the
 * process's RSS from then on. Held at half that, a full scan of babel/babel peaks
 * 12–14 MB lower, for about twice as many scavenges (~0.1 s of its ~7 s of CPU).
 *
 * The size limit itself is fixed when the process starts (`--max-semi-space-size`,
 * which a CLI cannot portably pass to itself: no `env -S` on BusyBox, no shebang
 * flags through npm's Windows shims). What V8 reads at each growth is the growth
 * factor. So the hold freezes growth, and the engine's loops check every few dozen
 * files: below the cap, the next growth may take one step, straight to the cap;
 * at the cap, none. Between checks a growth can happen at most once in practice
 * (the young generation must fill with survivors first), which a growth allowed
 * while the scan runs unchecked code (git's answers, module loading) did not
 * guarantee: the CLI went from 8 to 32 MB in one stretch. A process started with
 * its own semi-space size keeps it.
 */

/** Both semi-spaces, as `v8.getHeapSpaceStatistics()` reports the new space. */
const CAP_BYTES = 16 * 1024 * 1024;
/** V8's default growth factor, put back when the scan ends. */
const DEFAULT_GROWTH = 2;

let holders = 0;
let factor = DEFAULT_GROWTH;

function setGrowth(f: number): void {
  if (f === factor) return;
  v8.setFlagsFromString(`--semi-space-growth-factor=${f}`);
  factor = f;
}

function sizedByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /semi[-_]space/.test(a));
}

/** Freezes the young generation's size until the returned release is called (scans may overlap: the last release ends it). */
export function holdYoungGeneration(): () => void {
  if (sizedByUser()) return () => undefined;
  holders += 1;
  setGrowth(1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0) setGrowth(DEFAULT_GROWTH);
  };
}

/** For the loops that allocate (the walk, the read): below the cap, one growth straight to it is allowed until the next check. */
export function checkYoungGeneration(): void {
  if (holders === 0) return;
  const size = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? CAP_BYTES;
  setGrowth(size >= CAP_BYTES ? 1 : Math.max(2, Math.floor(CAP_BYTES / Math.max(size, 1))));
}
