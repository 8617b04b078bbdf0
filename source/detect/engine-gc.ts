import v8 from 'node:v8';
import vm from 'node:vm';
import { checkYoungGeneration } from './young-generation.js';

/**
 * Reading a file leaves garbage of several times its size (decoded text, masked
 * copies, line arrays), and V8 lets garbage pile up to a heap limit it raises as it
 * goes: a scan of many megabytes grew each thread by a hundred megabytes or more.
 * A full collection after every few megabytes of file text times detectors keeps
 * the heap near what is live (the findings), for a few milliseconds each time.
 * Called by the loops that feed processFile (engine, worker, main lane), never
 * inside it, so a file's own processing time is its own.
 */
const GC_EVERY_BYTES = 16 * 1024 * 1024;
/** Files read between two checks of the young generation's size (young-generation.ts): a check costs a few microseconds. */
const YOUNG_CHECK_FILES = 32;
let bytesSinceGc = 0;
let filesSinceCheck = 0;
let collect: (() => void) | null | undefined;

/** After each file read: a full collection every few megabytes, and the young generation's hold checked (a no-op unless a scan holds it). */
export function paceGarbage(bytes: number): void {
  bytesSinceGc += bytes;
  if (bytesSinceGc >= GC_EVERY_BYTES) collectGarbage();
  if (++filesSinceCheck >= YOUNG_CHECK_FILES) {
    filesSinceCheck = 0;
    checkYoungGeneration();
  }
}

/** What one file costs in garbage, roughly: its size once per detector that reads it. */
export function garbageOf(bytes: number, detectors: readonly number[]): number {
  return bytes * Math.max(1, detectors.length);
}

/**
 * A full collection now. The engine also asks for one where a phase leaves much
 * garbage outside the young generation (git's listings as buffers and strings, the
 * walk's path sets: on babel ~15 MB of large objects and external memory, which
 * the pacing only reached a few hundred files into the read, at the scan's peak).
 */
export function collectGarbage(): void {
  bytesSinceGc = 0;
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
