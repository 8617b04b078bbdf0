import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { byCodeUnits } from '../util/compare.js';

/**
 * Where assessment files live and how to tell them from the outputs and
 * bookkeeping beside them, shared by every command that looks for one.
 */

/** The folder in a repository that holds its assessments and their outputs. */
export const ASSESSMENT_DIR = '.shipshape';

/**
 * Files in .shipshape/ that are outputs or bookkeeping, not assessments. A
 * conflict copy (store.ts, saveConflictCopy) is an assessment, but one a person
 * has to look at first: it is never picked as "the most recent" by itself.
 */
const NOT_ASSESSMENT = /\.(report|sarif|dossier)\.json$|\.bak$|\.lock$|\.tmp$|\.conflict-\d{8}T\d{6}Z(-\d+)?\.json$/;

export function isAssessmentFileName(name: string): boolean {
  return name.endsWith('.json') && !name.startsWith('.') && !NOT_ASSESSMENT.test(name);
}

/** Assessment files in `<repo>/.shipshape/`, most recently modified first. */
export function findAssessmentFiles(repoRoot: string): string[] {
  const dir = path.join(repoRoot, ASSESSMENT_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter(isAssessmentFileName)
    .map((n) => path.join(dir, n))
    .flatMap((f) => {
      try {
        const st = statSync(f);
        return st.isFile() ? [{ f, t: st.mtimeMs }] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.t - a.t || byCodeUnits(a.f, b.f))
    .map((x) => x.f);
}

/** A file kept in `<repo>/.shipshape/` belongs to that repository; elsewhere, null. */
export function repoOfShipshapeFile(file: string): string | null {
  const dir = path.dirname(file);
  return path.basename(dir) === ASSESSMENT_DIR ? path.dirname(dir) : null;
}
