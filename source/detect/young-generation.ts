import process from 'node:process';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * V8 doubles the young generation (two semi-spaces, 16 MB each at most on 64-bit)
 * while many objects survive a scavenge, and never gives it back. A scan's first
 * second (git's path lists, the walk) grows it to the maximum: 32 MB of the
 * process's RSS from then on. Held at half that, a full scan of babel/babel peaks
 * 12–14 MB lower, for about twice as many scavenges (~0.1 s of its ~7 s of CPU).
 *
 * The size limit itself is fixed when the process starts (`--max-semi-space-size`,
 * which a CLI cannot portably pass to itself: no `env -S` on BusyBox, no shebang
 * flags through npm's Windows shims). What V8 reads at each growth is the growth
 * factor, so once the young generation reaches the cap, growth is stopped until
 * the scan ends. A process started with its own semi-space size keeps it.
 */

/** Both semi-spaces, as `v8.getHeapSpaceStatistics()` reports the new space. */
const CAP_BYTES = 16 * 1024 * 1024;
/** V8's default growth factor, put back when the scan ends. */
const DEFAULT_GROWTH = 2;

function newSpaceBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

function sizedByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /semi[-_]space/.test(a));
}

let holders = 0;
let stopped = false;
let observer: PerformanceObserver | null = null;

/**
 * Below the cap, the next growth is made to land on it exactly (2 MB × 8, not
 * 2 → 4 → 8 → 16 → 32 between two checks); at the cap, growth stops.
 */
function stopGrowthAtCap(): void {
  if (stopped) return;
  const size = newSpaceBytes();
  const factor = size >= CAP_BYTES ? 1 : Math.max(2, Math.floor(CAP_BYTES / Math.max(size, 1)));
  v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  if (factor > 1) return;
  stopped = true;
  observer?.disconnect();
  observer = null;
}

/**
 * Holds the young generation at the cap until the returned release is called
 * (scans may overlap: growth resumes when the last one ends). Checked after each
 * garbage collection, and by `checkYoungGeneration` in long synchronous loops,
 * where the observer's callback cannot run.
 */
export function holdYoungGeneration(): () => void {
  if (sizedByUser()) return () => undefined;
  holders += 1;
  stopGrowthAtCap();
  if (!stopped && observer === null) {
    observer = new PerformanceObserver(stopGrowthAtCap);
    observer.observe({ entryTypes: ['gc'] });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders > 0) return;
    observer?.disconnect();
    observer = null;
    v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH}`);
    stopped = false;
  };
}

/** For synchronous loops that allocate heavily (the walk): stop growth now if the cap is reached. */
export function checkYoungGeneration(): void {
  if (holders > 0) stopGrowthAtCap();
}
