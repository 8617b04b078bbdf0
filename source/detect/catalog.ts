import { DETECTORS } from './detectors/index.js';
import type { SignalMeta } from './types.js';
import { byCodeUnits } from '../util/compare.js';

/** Every signal the shipped detectors can produce, sorted by id. */
export function signalCatalog(): SignalMeta[] {
  return DETECTORS.flatMap((d) => d.signals).sort((a, b) => byCodeUnits(a.id, b.id));
}

export function knownSignalIds(): Set<string> {
  return new Set(DETECTORS.flatMap((d) => d.signals.map((s) => s.id)));
}
