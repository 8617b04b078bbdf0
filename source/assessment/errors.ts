import { sanitizeLine, sanitizePath } from '../util/sanitize.js';

/** Why an assessment file could not be used. */
export type AssessmentProblem =
  | 'unreadable'
  | 'empty'
  | 'truncated'
  | 'not-json'
  | 'invalid'
  | 'too-new'
  | 'different-assessment'
  | 'changed-on-disk'
  | 'locked'
  | 'write-failed'
  | 'not-writable';

/**
 * The one error the store throws for anything wrong with a file on disk. Its
 * message names the file, the problem and what to do, and is safe to print: every
 * piece of file-derived text in it has been sanitised.
 */
export class AssessmentFileError extends Error {
  override readonly name = 'AssessmentFileError';
  readonly file: string;
  readonly problem: AssessmentProblem;
  /** Individual findings (e.g. one line per invalid field), already sanitised. */
  readonly details: readonly string[];
  /** What the user can do about it (may be empty when the summary already says it). */
  readonly hint: string;
  /** The one-line reason, without the file name (for a status line). */
  readonly summary: string;

  constructor(file: string, problem: AssessmentProblem, summary: string, details: readonly string[], hint: string, options?: { cause?: unknown }) {
    const safeDetails = details.map((d) => sanitizeLine(d, 300));
    const safeHint = sanitizeLine(hint, 600);
    const safeSummary = sanitizeLine(summary, 300);
    const lines = [`${sanitizePath(file)}: ${safeSummary}`, ...safeDetails.map((d) => `  - ${d}`), ...(safeHint ? [safeHint] : [])];
    super(lines.join('\n'), options);
    this.file = file;
    this.summary = safeSummary;
    this.problem = problem;
    this.details = safeDetails;
    this.hint = safeHint;
  }
}

/** A decoding failure before the file name is known to the decoder; the store turns it into an AssessmentFileError. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly problem: Exclude<AssessmentProblem, 'unreadable' | 'locked' | 'write-failed' | 'different-assessment' | 'changed-on-disk' | 'not-writable'>,
    readonly summary: string,
    readonly details: readonly string[] = [],
  ) {
    super(summary);
  }
}

/** Thrown by the answer operations when a change is not allowed (e.g. a waiver without justification). */
export class AnswerError extends Error {
  override readonly name = 'AnswerError';
  constructor(
    readonly code: 'no-answer' | 'not-a-gap' | 'invalid-input' | 'no-waiver' | 'not-detected',
    message: string,
  ) {
    super(message);
  }
}
