import { createAssessment } from '../../../source/assessment/create.js';
import type { Assessment } from '../../../source/assessment/model.js';
import type { Checklist } from '../../../source/checklist/schema.js';

/** The assessment the crash test writes: a counter in one answer's note, and padding so each save spans several pages. */
export const COUNTER_QUESTION = 'crash.counter';
const PADDING_QUESTION = 'crash.padding';

const list: Checklist = {
  id: 'crash',
  version: '1.0.0',
  title: 'Crash test',
  sections: [{ id: 'crash', title: 'Crash' }],
  questions: [],
  hash: '0'.repeat(64),
  sources: [],
};

export function initialCrashAssessment(): Assessment {
  const now = new Date(Date.UTC(2025, 0, 1));
  const a = createAssessment({
    id: 'crash-test',
    name: 'crash',
    repository: { root: '.', remote: null, branch: null },
    checklist: list,
    checklistSource: null,
    scope: { tier: 'internal', data: [], ai: false, frameworks: [] },
    assessor: 'crash',
    now,
  });
  const base = { source: 'human' as const, links: [], evidence: [], answered_by: 'crash', answered_at: now.toISOString(), history: [] };
  return {
    ...a,
    answers: {
      [COUNTER_QUESTION]: { ...base, state: 'yes', note: '-1' },
      [PADDING_QUESTION]: { ...base, state: 'yes', note: 'padding '.repeat(2500) },
    },
  };
}

export function counterOf(a: Assessment): number {
  const note = a.answers[COUNTER_QUESTION]?.note;
  const n = Number(note);
  if (note === undefined || !Number.isInteger(n)) throw new Error(`counter note is ${JSON.stringify(note)}`);
  return n;
}
