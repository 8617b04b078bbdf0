import type { Checklist, Question } from '../../source/checklist/schema.js';
import type { Scope } from '../../source/checklist/scope.js';
import type { Evidence, Signal } from '../../source/detect/types.js';
import { createAssessment } from '../../source/assessment/create.js';
import type { Actor } from '../../source/assessment/answers.js';
import type { Assessment } from '../../source/assessment/model.js';

export const NOW = new Date('2025-06-15T10:00:00.000Z');
export const LATER = new Date('2025-08-01T10:00:00.000Z');
export const alice: Actor = { by: 'Alice', now: NOW };
export const bob: Actor = { by: 'Bob', now: new Date('2025-06-16T09:00:00.000Z') };

export function question(id: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    section: 'auth',
    text: `Is ${id} in place?`,
    why: 'Because it matters.',
    severity: 'medium',
    evidence: 'A link to the configuration.',
    remediation: 'Put it in place.',
    mappings: {},
    ...overrides,
  };
}

export function checklist(questions: Question[], overrides: Partial<Checklist> = {}): Checklist {
  const sectionIds = [...new Set(questions.map((q) => q.section))];
  return {
    id: 'test-checklist',
    version: '1.0.0',
    title: 'Test checklist',
    sections: sectionIds.map((id) => ({ id, title: `Section ${id}` })),
    questions,
    hash: 'a'.repeat(64),
    sources: ['test.yaml'],
    ...overrides,
  };
}

const SCOPE: Scope = { tier: 'customer-facing', data: ['personal'], ai: true, frameworks: ['soc2'] };

export function assessment(list: Checklist, overrides: Partial<Assessment> = {}): Assessment {
  return {
    ...createAssessment({
      id: 'test-id',
      name: 'launch',
      repository: { root: '.', remote: 'git@example.com:acme/app.git', branch: 'main' },
      checklist: list,
      checklistSource: 'test.yaml',
      scope: SCOPE,
      assessor: 'Alice',
      now: NOW,
    }),
    ...overrides,
  };
}

function sha(c: string): string {
  return c.repeat(64);
}

export function evidence(path: string, shaChar = 'a', line?: number): Evidence {
  return { path, sha256: sha(shaChar), ...(line !== undefined && { line }), excerpt: `excerpt of ${path}` };
}

export function signal(id: string, status: Signal['status'], overrides: Partial<Signal> = {}): Signal {
  return {
    id,
    status,
    summary: `${id} is ${status}`,
    confidence: 'high',
    evidence: status === 'pass' || status === 'fail' ? [evidence(`${id}.txt`)] : [],
    ...overrides,
  };
}

export function signals(...list: Signal[]): Map<string, Signal> {
  return new Map(list.map((s) => [s.id, s]));
}
