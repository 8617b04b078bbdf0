import { gateRunsOf } from '../assessment/gate-history.js';
import path from 'node:path';
import type { Assessment } from '../assessment/model.js';
import type { AssessmentSession } from '../assessment/store.js';
import type { Checklist } from '../checklist/schema.js';
import { quickGitState as readQuickGitState } from '../detect/git.js';
import type { ScanProgress, ScanResult } from '../detect/types.js';
import type { WizardServices } from '../ui/services.js';

export interface ServiceInput {
  session: AssessmentSession;
  checklist: Checklist;
  repoRoot: string;
  /** For the paths shown after export. */
  cwd: string;
  now?: () => Date;
  /** The incremental re-scan's cache directory (none: every file is read). */
  cacheDir?: string;
  /** Injected by tests and the bench. */
  scan?: (root: string, onProgress: (p: ScanProgress) => void) => Promise<ScanResult>;
}

export interface GitState {
  commit: string | null;
  dirty: boolean;
}

/** Commit and dirty flag for the save record, cheaply (the scan has the full picture later). */
export async function quickGitState(root: string): Promise<GitState> {
  return readQuickGitState(root);
}

/**
 * The wizard's window on the world: the store (atomic, locked, queued saves),
 * the scan engine and the report writer. The save record's commit is the one the
 * latest scan saw.
 */
export function wizardServices(input: ServiceInput, git: GitState): WizardServices {
  const now = input.now ?? (() => new Date());
  let lastScan: ScanResult | null = null;
  // The engine and the report writer load on first use, after the first frame is on screen.
  const scan =
    input.scan ??
    (async (root: string, onProgress: (p: ScanProgress) => void) => {
      const { runScan } = await import('../detect/engine.js');
      return (await runScan(root, { onProgress }, input.cacheDir === undefined ? {} : { cacheDir: input.cacheDir })).result;
    });
  const dossierInput = (assessment: Assessment, result: ScanResult | null) => ({
    assessment,
    checklist: input.checklist,
    scan: result ?? lastScan,
    repoRoot: input.repoRoot,
    now: now(),
    gateRuns: gateRunsOf(input.repoRoot, assessment.name),
  });
  const shown = (p: string) => path.relative(input.cwd, p) || p;
  return {
    now,
    async save(assessment, by) {
      // The store records the save on the save records as they are on disk (the UI's copy of them is stale by design).
      await input.session.save(assessment, { commit: git.commit, dirty: git.dirty, at: now(), by });
    },
    async scan(onProgress) {
      const result = await scan(input.repoRoot, onProgress);
      lastScan = result;
      git.commit = result.commit;
      git.dirty = result.dirty;
      return result;
    },
    async renderDossier(assessment, result) {
      const { renderDossierMarkdown } = await import('../report/index.js');
      return renderDossierMarkdown(dossierInput(assessment, result));
    },
    async exportDossier(assessment, result) {
      // Every change was handed to the store as it was made: wait for those saves, so the dossier never describes answers that are not on disk.
      await input.session.flush();
      const { writeDossier } = await import('../report/index.js');
      // What is on disk now: the same answers, with the save records the store keeps.
      const paths = await writeDossier(dossierInput(input.session.assessment, result), path.dirname(input.session.file));
      return { markdown: shown(paths.markdown), json: shown(paths.json) };
    },
  };
}
