import type { Assessment } from '../assessment/model.js';
import type { ScanProgress, ScanResult } from '../detect/types.js';

/**
 * Everything the wizard needs from outside, injected by the command layer: the
 * UI never touches the file system, conf, git or the clock directly, so every
 * screen runs the same in a test with fakes.
 */
export interface WizardServices {
  now(): Date;
  /** Persist (atomically, through the store); called after every change, with who made it. */
  save(assessment: Assessment, by: string): Promise<void>;
  /** Run the detectors once, reporting progress. */
  scan(onProgress: (p: ScanProgress) => void): Promise<ScanResult>;
  /** The dossier as markdown, for the preview. */
  renderDossier(assessment: Assessment, scan: ScanResult | null): Promise<string>;
  /** Write the dossier; returns the paths to show (relative to where the user is). */
  exportDossier(assessment: Assessment, scan: ScanResult | null): Promise<{ markdown: string; json: string }>;
}
