import { AssessmentFileError } from '../../assessment/errors.js';
import { fsErrorWords } from '../../util/fs-errors.js';

/** One line for a failure shown in the wizard, whatever was thrown (a file error's reason, not its path and hint lines). */
export function errorText(error: unknown): string {
  if (error instanceof AssessmentFileError) return error.summary;
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** Why a save failed, in the few words the message line has room for beside what q does. */
export function saveFailureReason(error: unknown): string {
  if (!(error instanceof AssessmentFileError)) return errorText(error);
  if (error.problem === 'changed-on-disk') return 'file changed on disk';
  if (error.problem === 'write-failed' || error.problem === 'not-writable') return fsErrorWords(error.cause);
  return error.summary;
}
