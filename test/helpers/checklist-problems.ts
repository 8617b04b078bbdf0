import { ChecklistError, formatProblem } from '../../source/checklist/problems.js';

/** The formatted problems a checklist load throws; fails the test if it throws nothing or something else. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ChecklistError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected a ChecklistError');
}
