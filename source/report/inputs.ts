import path from 'node:path';
import { listChecklists, repositoryChecklistDir } from '../checklist/catalog.js';
import { loadChecklist } from '../checklist/load.js';
import type { ParseCache } from '../checklist/parse.js';
import { ChecklistError, formatProblem } from '../checklist/problems.js';
import type { Checklist } from '../checklist/schema.js';
import { findAssessmentFiles, repoOfShipshapeFile } from '../assessment/files.js';
import { ASSESSMENT_DIR } from '../assessment/files.js';
import type { Assessment } from '../assessment/model.js';
import { shippedChecklistsDir } from '../util/package-root.js';
import { sanitizeLine } from '../util/sanitize.js';

/**
 * Finding what a report needs on disk: the assessment file, the repository it
 * belongs to, and the checklist it was answered against.
 */

export class ReportInputError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** The most recently modified `.shipshape/*.json` assessment in the repository. */
export async function mostRecentAssessment(repoRoot: string): Promise<string> {
  const found = findAssessmentFiles(repoRoot)[0];
  if (!found) throw new ReportInputError(`no assessment in ${sanitizeLine(path.join(repoRoot, ASSESSMENT_DIR), 300)}`, 'run `shipshape start` first, or pass the assessment file');
  return found;
}

/** The repository an assessment file belongs to: the parent of `.shipshape/`, else its recorded root from the current directory. */
export function repositoryOf(assessmentFile: string, assessment: Assessment, cwd: string): string {
  return repoOfShipshapeFile(path.resolve(cwd, assessmentFile)) ?? path.resolve(cwd, assessment.repository.root);
}

export interface ResolvedChecklist {
  checklist: Checklist;
  /** Set when the checklist found differs from the one the assessment pinned. */
  warning: string | null;
}

/**
 * The checklist the assessment was answered against: the catalog entry with the
 * same id and content hash; else its recorded source path; else the same id at
 * another version (with a warning, since questions may differ).
 */
export function resolveChecklist(assessment: Assessment, repoRoot: string, how: { override?: string | undefined; cache?: ParseCache | undefined } = {}): ResolvedChecklist {
  const { override, cache } = how;
  const options = { shippedDir: shippedChecklistsDir(), extendsRoots: [repositoryChecklistDir(repoRoot)], ...(cache && { cache }) };
  const pinned = assessment.checklist;
  const warnIfDifferent = (c: Checklist): ResolvedChecklist => ({
    checklist: c,
    warning: c.hash === pinned.hash ? null : `the checklist ${c.id}@${c.version} differs from the one this assessment pinned (${pinned.id}@${pinned.version}, hash ${pinned.hash.slice(0, 12)}); questions may have been added or removed`,
  });
  if (override) {
    try {
      return warnIfDifferent(loadChecklist(path.resolve(override), options));
    } catch (error) {
      if (error instanceof ChecklistError) throw new ReportInputError(`the checklist ${sanitizeLine(override, 300)} is invalid: ${sanitizeLine(error.problems.map(formatProblem)[0] ?? '', 300)}`, 'run `shipshape checklist validate` on it');
      throw error;
    }
  }
  const entries = listChecklists({ shipped: shippedChecklistsDir(), repository: repositoryChecklistDir(repoRoot) }, options);
  const exact = entries.find((e) => e.checklist?.id === pinned.id && e.checklist.hash === pinned.hash)?.checklist;
  if (exact) return { checklist: exact, warning: null };
  if (pinned.source && /\.ya?ml$/i.test(pinned.source)) {
    const file = path.resolve(repoRoot, pinned.source);
    const inside = !path.relative(repoRoot, file).startsWith('..') && !path.isAbsolute(path.relative(repoRoot, file));
    try {
      // The recorded source comes from the assessment file, which a repository can craft: inside the repository
      // any checklist there is used; outside it (a team's shared checklist passed with --checklist) only the very
      // checklist that was pinned, so the path cannot make shipshape read some other file of the reviewer's.
      const loaded = loadChecklist(file, inside ? { ...options, within: [repoRoot] } : options);
      if (inside || loaded.hash === pinned.hash) return warnIfDifferent(loaded);
    } catch {
      // fall through to a same-id match
    }
  }
  const sameId = entries.find((e) => e.checklist?.id === pinned.id)?.checklist;
  if (sameId) return warnIfDifferent(sameId);
  throw new ReportInputError(`cannot find the checklist "${sanitizeLine(pinned.id, 100)}" this assessment was answered against`, 'pass it with --checklist <file>');
}
