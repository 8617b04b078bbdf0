import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { basename, dirname, join } from 'node:path';
import { readTextFileSafeAsync, SafeReadError } from '../util/safe-read.js';
import { ASSESSMENT_DIR, repoOfShipshapeFile } from './files.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import { AssessmentFileError, DecodeError, type AssessmentProblem } from './errors.js';
import { acquireLock, isProcessAlive, lockPathFor, type AssessmentLock, type LockHolder, type LockOptions } from './lock.js';
import { decodeAssessmentText } from './migrate.js';
import { AssessmentNameSchema, AssessmentSchema, SCHEMA_VERSION, type Assessment } from './model.js';
import { recordSave, type SaveInfo } from './saves.js';
import { serializeAssessment } from './serialize.js';
import { formatIssues } from './zod-issues.js';
import { fsErrorWords, isNotWritable } from '../util/fs-errors.js';
import { sanitizePath } from '../util/sanitize.js';

/**
 * One JSON file per assessment, inside the audited repository. Guarantees:
 * - a save is atomic and durable (atomic-write.ts);
 * - a file that cannot be loaded is never overwritten: every save first checks
 *   that what is on disk is a readable assessment with the same id;
 * - an older schema version is migrated in memory; the first save that changes the
 *   version keeps a one-time copy of the original as `<file>.v<N>.bak`;
 * - one writer at a time (lock.ts), through openAssessment.
 */


export function defaultAssessmentPath(repoRoot: string, name: string): string {
  const checked = AssessmentNameSchema.safeParse(name);
  if (!checked.success) throw new Error(`assessment name ${JSON.stringify(name)} ${checked.error.issues[0]?.message ?? 'is not valid'}`);
  return join(repoRoot, ASSESSMENT_DIR, `${name}.json`);
}

export interface LoadedAssessment {
  assessment: Assessment;
  /** Schema version found on disk; less than SCHEMA_VERSION when the file was migrated on load. */
  fileVersion: number;
  /** The bytes as read, to detect changes made behind the store's back. */
  text: string;
}

const HINTS: Record<AssessmentProblem, string> = {
  unreadable: 'Check the path and its permissions.',
  empty: 'The file was left empty (an interrupted copy or editor?). Restore it from git (git checkout -- <file>) or start a new assessment.',
  truncated: 'Restore it from git (git checkout -- <file>) or from a backup; shipshape has left it untouched.',
  'not-json': 'Fix the syntax (a merge conflict marker?) or restore it from git; shipshape has left it untouched.',
  invalid: 'Fix the named fields or restore the file from git; shipshape has left it untouched.',
  'too-new': 'Upgrade shipshape to open it; this version has left it untouched.',
  'different-assessment': 'Choose another name or path for this assessment, or move the existing file away.',
  'changed-on-disk': 'Another program changed the file while it was open. Reopen it to see those changes; nothing was written.',
  locked: 'Close the other session first.',
  'write-failed': 'Check free space and permissions; the previous version of the file is intact.',
  // The summary says what to do: a folder that cannot be written is one sentence, not a report.
  'not-writable': '',
};

function fileError(file: string, problem: AssessmentProblem, summary: string, details: readonly string[] = [], cause?: unknown): AssessmentFileError {
  return new AssessmentFileError(file, problem, summary, details, HINTS[problem].replace('<file>', file), { cause });
}

/** Largest assessment file read; far above any real one (a few hundred KB). */
export const MAX_ASSESSMENT_BYTES = 32 * 1024 * 1024;

/**
 * An assessment's text, or null when there is none. A file kept in a repository's
 * .shipshape/ is read only where it really lies inside that repository; a FIFO,
 * a device or a huge file is refused with the reason.
 */
async function readText(file: string): Promise<string | null> {
  const repo = repoOfShipshapeFile(path.resolve(file));
  try {
    return await readTextFileSafeAsync(file, { maxBytes: MAX_ASSESSMENT_BYTES, ...(repo !== null && { within: [repo] }) });
  } catch (error) {
    if (!(error instanceof SafeReadError)) throw error;
    if (error.problem === 'missing') return null;
    throw fileError(file, 'unreadable', `cannot read the file: it ${error.why}`, [], error);
  }
}

function decode(file: string, text: string, prefix = ''): LoadedAssessment {
  try {
    const { assessment, fileVersion } = decodeAssessmentText(text);
    return { assessment, fileVersion, text };
  } catch (error) {
    if (error instanceof DecodeError) throw fileError(file, error.problem, `${prefix}${error.summary}`, error.details, error);
    throw error;
  }
}

/** Load and validate (migrating an older version in memory). Throws AssessmentFileError only. */
export async function loadAssessment(file: string): Promise<LoadedAssessment> {
  const text = await readText(file);
  if (text === null) throw fileError(file, 'unreadable', 'no assessment file here', [], undefined);
  return decode(file, text);
}

export interface SaveOptions {
  /**
   * What the caller last read from or wrote to the file (null: expects no file).
   * When given and the disk differs, the save is refused instead of overwriting
   * someone else's edit.
   */
  expectText?: string | null;
}

/** Validate, guard what is on disk, back up an older version once, then write atomically. Returns the bytes written. */
export async function saveAssessment(file: string, assessment: Assessment, options: SaveOptions = {}): Promise<string> {
  const checked = AssessmentSchema.safeParse(assessment);
  if (!checked.success) {
    throw fileError(file, 'invalid', 'refusing to save an assessment that does not validate (a bug in the caller)', formatIssues(checked.error.issues));
  }
  const onDisk = await readText(file);
  if (options.expectText !== undefined && onDisk !== options.expectText) {
    throw fileError(file, 'changed-on-disk', 'the file changed on disk since it was opened');
  }
  if (onDisk !== null) {
    const existing = decode(file, onDisk, 'refusing to overwrite: ');
    if (existing.assessment.id !== checked.data.id) {
      throw fileError(file, 'different-assessment', `refusing to overwrite: the file holds another assessment (id ${existing.assessment.id})`);
    }
    if (existing.fileVersion < SCHEMA_VERSION) await backupOnce(file, existing.fileVersion, onDisk);
  }
  const text = serializeAssessment(checked.data);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
  } catch (error) {
    throw fileError(file, 'write-failed', `could not write the file (${fsErrorWords(error)})`, [], error);
  }
  return text;
}

/** The first save after a migration keeps the original bytes; later saves leave that backup alone. */
async function backupOnce(file: string, version: number, original: string): Promise<void> {
  const backup = backupPathFor(file, version);
  if ((await readText(backup)) !== null) return;
  try {
    await writeFileAtomic(backup, original);
  } catch (error) {
    throw fileError(file, 'write-failed', `could not write the backup ${backup} before migrating`, [], error);
  }
}

export function backupPathFor(file: string, version: number): string {
  return `${file}.v${version}.bak`;
}

export interface OpenOptions {
  lock?: LockOptions;
  /** Used when no file exists yet; it is written by the first save. */
  create?: Assessment;
}

/** A state handed to save() that did not reach the disk, and why. */
export interface UnsavedState {
  assessment: Assessment;
  error: unknown;
}

/**
 * A locked, open assessment. Saves are queued, so a UI that persists after every
 * action can call save without awaiting and still never interleave two writes.
 * Each save writes the whole state, so once a save succeeds every earlier one is
 * on disk too; `unsaved` holds the newest state that failed until a later save
 * succeeds, so closing never passes a lost change off as saved.
 */
export class AssessmentSession {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private failed: UnsavedState | null = null;

  constructor(
    readonly file: string,
    private current: Assessment,
    /** Schema version found on disk (null for a new file). */
    readonly fileVersion: number | null,
    private lastText: string | null,
    private readonly lock: AssessmentLock,
  ) {}

  /** What is on disk (the last state written, or the one loaded). */
  get assessment(): Assessment {
    return this.current;
  }

  /** Set when a lock left by a dead process was taken over; worth telling the user. */
  get tookOverLock(): LockHolder | null {
    return this.lock.tookOver;
  }

  /** The newest state that failed to save, unless a later save has written one since; null when the disk is up to date. */
  get unsaved(): UnsavedState | null {
    return this.failed;
  }

  /**
   * Write `next` and return what was saved. With `info`, the save is recorded
   * (commit, dirty flag) on the save records as they stand on disk: the caller's
   * copy of them may be older than a save still queued.
   */
  save(next: Assessment, info?: SaveInfo): Promise<Assessment> {
    const run = async (): Promise<Assessment> => {
      if (this.closed) throw new Error('assessment session is closed');
      const toSave = info ? recordSave({ ...next, saves: this.current.saves }, info) : next;
      try {
        this.lastText = await saveAssessment(this.file, toSave, { expectText: this.lastText });
      } catch (error) {
        this.failed = { assessment: toSave, error };
        throw error;
      }
      this.current = toSave;
      this.failed = null;
      return toSave;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Wait for every queued save; throws the newest failure when the disk does not hold the newest state. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failed) throw this.failed.error;
  }

  /** Wait for pending saves, then release the lock. `unsaved` says whether the last of them reached the disk. */
  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    await this.lock.release();
  }
}

/** `<name>.conflict-20250601T120000Z.json`: a name that sorts by time and is valid on every file system. */
function conflictPathFor(file: string, now: Date, dir = dirname(file), n = 1): string {
  const stem = basename(file).replace(/\.json$/i, '');
  const time = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join(dir, `${stem}.conflict-${time}${n > 1 ? `-${n}` : ''}.json`);
}

/**
 * Keep a state the assessment file could not take: written atomically beside the
 * file (or, when that folder refuses writes, in the temp folder), never over an
 * existing file. Returns the path written.
 */
export async function saveConflictCopy(file: string, assessment: Assessment, now: Date): Promise<string> {
  const text = serializeAssessment(assessment);
  let lastError: unknown;
  for (const dir of [dirname(file), tmpdir()]) {
    for (let n = 1; n <= 20; n++) {
      const target = conflictPathFor(file, now, dir, n);
      try {
        await writeFileAtomic(target, text, { exclusive: true });
        return target;
      } catch (error) {
        lastError = error;
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') break;
      }
    }
  }
  throw lastError;
}

/** A folder the wizard cannot write in: one sentence saying what to do, instead of an error to report. */
function notWritable(file: string, error: unknown): AssessmentFileError {
  // The folder that refused: the one holding what could not be created (a new .shipshape/ inside the repository, or the lock in it).
  const failedPath = (error as NodeJS.ErrnoException).path;
  const dir = failedPath ? dirname(failedPath) : dirname(file);
  const shown = sanitizePath(dir);
  const remedy =
    (error as NodeJS.ErrnoException).code === 'EROFS'
      ? 'copy the repository to a writable disk and review it there'
      : `make the folder writable (chmod u+w ${shown}) or review a copy of the repository`;
  return fileError(dir, 'not-writable', `cannot write here (${fsErrorWords(error)}), and the wizard saves every answer here as it is given: ${remedy}.`, [], error);
}

export async function openAssessment(file: string, options: OpenOptions = {}): Promise<AssessmentSession> {
  // Without its folder there is no file to resume, and no place for a lock: say so before trying to take one.
  if (!options.create && !existsSync(dirname(file))) throw fileError(file, 'unreadable', 'no assessment file here');
  let lock: AssessmentLock;
  try {
    // The lock lives next to the file, so a new assessment's directory must exist before it can be locked.
    if (options.create) await mkdir(dirname(file), { recursive: true });
    lock = await acquireLock(file, options.lock);
  } catch (error) {
    if (isNotWritable(error)) throw notWritable(file, error);
    throw error;
  }
  try {
    const isAlive = options.lock?.isAlive ?? isProcessAlive;
    await removeStaleTempFiles(file, isAlive);
    await removeStaleTempFiles(lockPathFor(file), isAlive);
    const text = await readText(file);
    if (text === null) {
      if (!options.create) throw fileError(file, 'unreadable', 'no assessment file here');
      return new AssessmentSession(file, options.create, null, null, lock);
    }
    const loaded = decode(file, text);
    return new AssessmentSession(file, loaded.assessment, loaded.fileVersion, loaded.text, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}
