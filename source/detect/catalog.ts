import { DETECTORS } from './detectors/index.js';
import type { SignalMeta } from './types.js';

/** Every signal the shipped detectors can produce, sorted by id. */
export function signalCatalog(): SignalMeta[] {
  return DETECTORS.flatMap((d) => d.signals).sort((a, b) => a.id.localeCompare(b.id));
}

export function knownSignalIds(): Set<string> {
  return new Set(signalCatalog().map((s) => s.id));
}
