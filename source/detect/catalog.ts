import { DETECTORS } from './detectors/index.js';

/** Every signal id the shipped detectors can produce (for checklist validation; `declaredSignals` lists them in full). */
export function knownSignalIds(): Set<string> {
  return new Set(DETECTORS.flatMap((d) => d.signals.map((s) => s.id)));
}
