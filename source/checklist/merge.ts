import type { ChecklistFile, Question, Section } from './schema.js';

/**
 * How an extending checklist changes its base: a section or question with an
 * existing id replaces it in place; a new one is appended; `drop` removes inherited
 * ones (dropping a section drops its questions). Pure; reference errors are returned.
 */
export interface MergeIssue {
  /** Path in the child file that caused it, for line numbers. */
  path: (string | number)[];
  message: string;
}

export interface Merged {
  sections: Section[];
  questions: Question[];
}

export function mergeChecklist(base: Merged, child: ChecklistFile): { merged: Merged; issues: MergeIssue[] } {
  const issues: MergeIssue[] = [];
  const sections = new Map(base.sections.map((s) => [s.id, s]));
  const questions = new Map(base.questions.map((q) => [q.id, q]));

  (child.drop?.sections ?? []).forEach((id, i) => {
    if (!sections.delete(id)) issues.push({ path: ['drop', 'sections', i], message: `drops section "${id}", which the base checklist does not have` });
    for (const [qid, q] of questions) if (q.section === id) questions.delete(qid);
  });
  (child.drop?.questions ?? []).forEach((id, i) => {
    if (!questions.delete(id) && !base.questions.some((q) => q.id === id)) {
      issues.push({ path: ['drop', 'questions', i], message: `drops question "${id}", which the base checklist does not have` });
    }
  });
  for (const s of child.sections ?? []) sections.set(s.id, s);
  for (const q of child.questions ?? []) questions.set(q.id, q);

  return { merged: { sections: [...sections.values()], questions: [...questions.values()] }, issues };
}
