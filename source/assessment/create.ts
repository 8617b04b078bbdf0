import { randomUUID } from 'node:crypto';
import type { Checklist } from '../checklist/schema.js';
import { stripRemoteCredentials } from '../util/remote-url.js';
import type { Scope } from '../checklist/scope.js';
import { SCHEMA_VERSION, type Assessment, type ChecklistRef } from './model.js';

export interface CreateInput {
  name: string;
  repository: { root: string; remote: string | null; branch: string | null };
  checklist: Checklist;
  /** Where the checklist came from (path or shipped id). */
  checklistSource: string | null;
  scope: Scope;
  assessor: string;
  now: Date;
  /** Injected for tests; a random UUID otherwise. */
  id?: string;
}

/** Pins exactly which checklist was asked, including its question ids, so a later run can tell what was added or removed. */
export function checklistRef(checklist: Checklist, source: string | null): ChecklistRef {
  return {
    id: checklist.id,
    version: checklist.version,
    hash: checklist.hash,
    source,
    question_ids: checklist.questions.map((q) => q.id),
  };
}

export function createAssessment(input: CreateInput): Assessment {
  const at = input.now.toISOString();
  return {
    schema_version: SCHEMA_VERSION,
    id: input.id ?? randomUUID(),
    name: input.name,
    created_at: at,
    updated_at: at,
    repository: { ...input.repository, remote: input.repository.remote === null ? null : stripRemoteCredentials(input.repository.remote) },
    checklist: checklistRef(input.checklist, input.checklistSource),
    scope: { ...input.scope, data: [...input.scope.data], frameworks: [...input.scope.frameworks] },
    assessors: input.assessor.trim() === '' ? [] : [input.assessor],
    answers: {},
    cleared: {},
    saves: [],
  };
}

/**
 * Move the assessment onto a newer checklist once the user has seen what changed
 * (reconcile reports added and removed questions against the pinned one).
 * Answers to removed questions are kept: they are history, and scoring ignores them.
 */
export function adoptChecklist(a: Assessment, checklist: Checklist, source: string | null, now: Date): Assessment {
  return { ...a, checklist: checklistRef(checklist, source), updated_at: now.toISOString() };
}

export function setScope(a: Assessment, scope: Scope, now: Date): Assessment {
  return { ...a, scope: { ...scope, data: [...scope.data], frameworks: [...scope.frameworks] }, updated_at: now.toISOString() };
}
