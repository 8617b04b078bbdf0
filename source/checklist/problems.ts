/** A checklist problem a person can act on: where it is and what is wrong, in words. */
export interface ChecklistProblem {
  file: string;
  line: number;
  column: number;
  /** Field path like `questions[3].severity`, or '' for the whole file. */
  field: string;
  message: string;
}

export function formatProblem(p: ChecklistProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  return p.field ? `${where} ${p.field}: ${p.message}` : `${where} ${p.message}`;
}

export class ChecklistError extends Error {
  readonly problems: readonly ChecklistProblem[];
  constructor(problems: readonly ChecklistProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ChecklistError';
    this.problems = problems;
  }
}

/** Render a zod-style path as people write it: questions[3].applies_when.tier[0] */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
