import { DETECTORS } from './detectors/index.js';
import type { SignalMeta } from './types.js';

/** Every signal the shipped detectors can produce, sorted by id. */
export function signalCatalog(): SignalMeta[] {
  // Code-unit order: ids are ASCII, and the first localeCompare of a process costs milliseconds of ICU set-up.
  return DETECTORS.flatMap((d) => d.signals).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function knownSignalIds(): Set<string> {
  return new Set(DETECTORS.flatMap((d) => d.signals.map((s) => s.id)));
}
