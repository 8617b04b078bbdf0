import { stripRemoteCredentials } from '../util/remote-url.js';
import { DecodeError } from './errors.js';
import { AssessmentSchema, SCHEMA_VERSION, type Answer, type Assessment } from './model.js';
import { AssessmentV1Schema, type AssessmentV1 } from './model-v1.js';
import { formatIssues, formatPath } from './zod-issues.js';

/**
 * Text of an assessment file → a current-version Assessment, or a DecodeError
 * saying exactly what is wrong. Older versions are migrated in memory only; the
 * store writes the new version on the next save (and keeps a backup of the old).
 */

export interface Decoded {
  assessment: Assessment;
  /** The schema version the file was written in (less than SCHEMA_VERSION when migrated). */
  fileVersion: number;
}

export function decodeAssessmentText(text: string): Decoded {
  if (text.trim() === '') throw new DecodeError('empty', 'the file is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (looksTruncated(text, message)) {
      throw new DecodeError('truncated', 'the file ends in the middle of the JSON (truncated, perhaps by an interrupted copy)');
    }
    throw new DecodeError('not-json', `the file is not valid JSON (${positionInWords(text, message)})`);
  }
  try {
    return decodeAssessment(raw);
  } catch (error) {
    // Absurdly deep nesting exhausts the stack in the validators; that is a bad file, not a crash.
    if (error instanceof RangeError) throw new DecodeError('invalid', 'the file is nested too deeply to be an assessment');
    throw error;
  }
}

export function decodeAssessment(raw: unknown): Decoded {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DecodeError('invalid', 'the file does not hold an assessment', ['(top level): expected a JSON object']);
  }
  const proto = findProtoKey(raw, []);
  if (proto) {
    // zod drops such keys silently, so a save would lose data without a word; refuse instead.
    throw new DecodeError('invalid', 'the file is not a valid assessment', [`${formatPath(proto)}: "__proto__" is not allowed as a key`]);
  }
  const version = (raw as Record<string, unknown>).schema_version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DecodeError('invalid', 'the file does not hold an assessment', ['schema_version: missing or not a positive integer']);
  }
  if (version > SCHEMA_VERSION) {
    throw new DecodeError(
      'too-new',
      `the file was written by a newer shipshape (schema version ${version}; this version reads up to ${SCHEMA_VERSION})`,
    );
  }
  if (version === 1) {
    const v1 = AssessmentV1Schema.safeParse(raw);
    if (!v1.success) throw new DecodeError('invalid', 'the file is not a valid assessment (schema version 1)', formatIssues(v1.error.issues));
    return { assessment: validateCurrent(migrateV2(migrateV1(v1.data))), fileVersion: 1 };
  }
  if (version === 2) return { assessment: validateCurrent(migrateV2(raw as Record<string, unknown>)), fileVersion: 2 };
  return { assessment: validateCurrent(raw), fileVersion: SCHEMA_VERSION };
}

function validateCurrent(raw: unknown): Assessment {
  const result = AssessmentSchema.safeParse(raw);
  if (!result.success) throw new DecodeError('invalid', 'the file is not a valid assessment', formatIssues(result.error.issues));
  // The same normalisation a save applies, so what loads is what the next save writes
  // (and a hand-edited remote with a token is never shown).
  const remote = result.data.repository.remote;
  if (remote === null) return result.data;
  return { ...result.data, repository: { ...result.data.repository, remote: stripRemoteCredentials(remote) } };
}

/**
 * Version 2 → 3. Version 3 only adds optional fields (a detected finding's severity and
 * why it is listed apart), so a version 2 file is a version 3 file with an older number.
 * The number moved so that an older shipshape meeting a file that uses them says
 * "written by a newer shipshape" instead of "unrecognized key".
 */
export function migrateV2(v2: unknown): unknown {
  return { ...(v2 as Record<string, unknown>), schema_version: 3 };
}

/** Version 1 → 2: answers array → map, single assessor → list, evidence gains its kind. */
export function migrateV1(v1: AssessmentV1): unknown {
  // Null prototype: a question id of "__proto__" in a hand-edited file must stay a plain key.
  const answers = Object.create(null) as Record<string, Answer>;
  for (const a of v1.answers) {
    answers[a.question] = {
      state: a.state,
      source: a.source,
      ...(a.note !== undefined && { note: a.note }),
      links: [],
      evidence: a.evidence.map((e) => ({ kind: 'detected' as const, ...e })),
      answered_by: a.answered_by,
      answered_at: a.answered_at,
      ...(a.owner !== undefined && { owner: a.owner }),
      ...(a.due !== undefined && { due: a.due }),
      // Version 1 did not record who entered a waiver; the answerer is the best record there is.
      ...(a.waiver !== undefined && { waiver: { ...a.waiver, granted_by: a.answered_by } }),
      history: [],
    };
  }
  return {
    schema_version: 2,
    id: v1.id,
    name: v1.name,
    created_at: v1.created_at,
    updated_at: v1.updated_at,
    repository: v1.repository,
    checklist: v1.checklist,
    scope: v1.scope,
    assessors: v1.assessor.trim() === '' ? [] : [v1.assessor],
    answers,
    cleared: {},
    saves: [],
  };
}

function looksTruncated(text: string, message: string): boolean {
  if (/Unexpected end of JSON input|Unterminated string/i.test(message)) return true;
  // A cut-off file usually still starts like an object but no longer ends like one.
  const trimmed = text.trim();
  return trimmed.startsWith('{') && !trimmed.endsWith('}');
}

/** Node reports "at position N"; people look for line and column. The message itself may quote file text, so it is not reused. */
function positionInWords(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return 'could not parse it';
  const position = Number(m[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `syntax error at line ${line}, column ${column}`;
}

function findProtoKey(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findProtoKey(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return [...path, key];
      const found = findProtoKey((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
