import path from 'node:path';
import { AssessmentFileError } from '../assessment/errors.js';
import { saveConflictCopy, type UnsavedState } from '../assessment/store.js';
import { fsErrorWords } from '../util/fs-errors.js';
import { sanitizePath } from '../util/sanitize.js';

/**
 * The end of a session whose last change did not reach the assessment file
 * (someone else wrote it, the disk filled, the folder became read-only). Quitting
 * must not say "Saved" and must not drop the answers: they go to a copy beside the
 * file, and one sentence says where and what to do with it.
 */
export async function keepUnsaved(file: string, unsaved: UnsavedState, now: Date, cwd: string): Promise<string> {
  const shown = (p: string) => sanitizePath(path.relative(cwd, p) || p);
  const original = shown(file);
  const changed = unsaved.error instanceof AssessmentFileError && unsaved.error.problem === 'changed-on-disk';
  const why = changed ? `${original} was changed by another program while open here` : `${original} could not be written (${reason(unsaved.error)})`;
  let copy: string;
  try {
    copy = shown(await saveConflictCopy(file, unsaved.assessment, now));
  } catch (error) {
    return `shipshape: NOT SAVED — ${why}, and no copy of this session's answers could be written either (${fsErrorWords(error)}): the changes since the last save are lost.\n`;
  }
  const next = changed
    ? `compare the two (shipshape diff ${original} ${copy}), keep the one you want as ${original}, then resume`
    : `fix that, then move the copy over the original (mv ${copy} ${original}) and resume`;
  return `shipshape: NOT SAVED — ${why}, so this session's answers are in ${copy}: ${next}.\n`;
}

function reason(error: unknown): string {
  if (error instanceof AssessmentFileError) return error.cause === undefined ? error.summary : fsErrorWords(error.cause);
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'error') : String(error);
}
