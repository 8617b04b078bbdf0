/** The assessment core: model, pure operations, scoring, reconcile, store and preferences. No terminal code. */
export * from './model.js';
export * from './dates.js';
export * from './errors.js';
export * from './answers.js';
export * from './create.js';
export * from './ai-scope.js';
export * from './propose.js';
export * from './applicability.js';
export * from './status.js';
export * from './score.js';
export * from './reconcile.js';
export * from './saves.js';
export * from './serialize.js';
export { decodeAssessment, decodeAssessmentText, type Decoded } from './migrate.js';
export * from './store.js';
export { AssessmentLock, AssessmentLockedError, acquireLock, isProcessAlive, lockPathFor, type LockHolder, type LockOptions } from './lock.js';
export * from './preferences.js';
