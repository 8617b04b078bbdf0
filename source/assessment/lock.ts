import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, open, rename, rm, stat } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { tempPathFor } from './atomic-write.js';
import { AssessmentFileError } from './errors.js';
import { readTextFileSafe, SafeReadError } from '../util/safe-read.js';

/**
 * One writer per assessment. Two people running the wizard on the same file would
 * otherwise overwrite each other's answers without a word; merging silently would be
 * worse. The lock is a file `<assessment>.lock`, created exclusively (see tryCreate),
 * holding who owns it (pid, host, start time). A lock left by a process that died (SIGKILL, power loss) is taken over when
 * its pid is no longer alive on this host; a lock from another host cannot be
 * checked and is refused with instructions.
 */

export interface LockHolder {
  pid: number;
  hostname: string;
  started_at: string;
  /** Random, so release never removes a lock someone else took over. */
  token: string;
}

export class AssessmentLockedError extends AssessmentFileError {
  readonly holder: LockHolder | null;
  constructor(file: string, summary: string, holder: LockHolder | null, hint: string) {
    super(file, 'locked', summary, [], hint);
    this.holder = holder;
  }
}

export interface LockOptions {
  now?: () => Date;
  /** Injected for tests; defaults to a signal-0 probe. */
  isAlive?: (pid: number) => boolean;
  hostname?: string;
  /** A lock file that cannot be parsed (only possible with the O_EXCL fallback, between create and write) is abandoned after this long (ms). */
  unreadableGraceMs?: number;
}

/** Lock paths held by this process, with their tokens: released on exit. */
const held = new Map<string, string>();
let exitHookInstalled = false;

export function lockPathFor(file: string): string {
  return `${file}.lock`;
}

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class AssessmentLock {
  constructor(
    readonly path: string,
    readonly holder: LockHolder,
    /** Set when a stale lock was taken over; the caller should say so. */
    readonly tookOver: LockHolder | null,
  ) {}

  async release(): Promise<void> {
    if (held.get(this.path) !== this.holder.token) return;
    held.delete(this.path);
    try {
      const current = parseHolder(readLockText(this.path));
      if (current?.token === this.holder.token) await rm(this.path, { force: true });
    } catch {
      // Already gone.
    }
  }

  releaseSync(): void {
    if (held.get(this.path) !== this.holder.token) return;
    held.delete(this.path);
    releaseFileSync(this.path, this.holder.token);
  }
}

function releaseFileSync(path: string, token: string): void {
  try {
    const current = parseHolder(readLockText(path));
    if (current?.token === token) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' runs on normal exit and process.exit(); signal handlers in the CLI end with process.exit so this runs too.
  process.on('exit', () => {
    for (const [path, token] of held) releaseFileSync(path, token);
    held.clear();
  });
}

export async function acquireLock(file: string, options: LockOptions = {}): Promise<AssessmentLock> {
  const path = lockPathFor(file);
  const now = options.now ?? (() => new Date());
  const isAlive = options.isAlive ?? isProcessAlive;
  const host = options.hostname ?? osHostname();
  const grace = options.unreadableGraceMs ?? 10_000;
  const mine: LockHolder = { pid: process.pid, hostname: host, started_at: now().toISOString(), token: randomBytes(12).toString('hex') };
  let tookOver: LockHolder | null = null;

  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(path, mine)) {
      held.set(path, mine.token);
      installExitHook();
      return new AssessmentLock(path, mine, tookOver);
    }
    let raw: string;
    try {
      raw = readLockText(path);
    } catch (error) {
      if (error instanceof SafeReadError && error.problem === 'missing') continue; // released meanwhile
      if (error instanceof SafeReadError) {
        throw new AssessmentLockedError(file, `the lock file ${path} ${error.why}`, null, `If no shipshape session has this assessment open, delete ${path} and try again.`);
      }
      throw error;
    }
    const holder = parseHolder(raw);
    if (holder === null) {
      const age = now().getTime() - (await mtimeMs(path));
      if (age < grace) {
        throw new AssessmentLockedError(file, 'the assessment is being opened by another process right now', null, 'Try again in a moment.');
      }
      if (await removeIfUnchanged(path, raw)) tookOver = { pid: 0, hostname: '(unreadable lock file)', started_at: '', token: '' };
      continue;
    }
    if (holder.hostname !== host) {
      throw new AssessmentLockedError(
        file,
        `the assessment is open in shipshape on host ${holder.hostname} (pid ${holder.pid}, since ${holder.started_at})`,
        holder,
        `Close it there first. If that process is gone, delete ${path} and try again.`,
      );
    }
    // Our own pid on a lock we do not hold is a leftover from an earlier process that had the same pid (common in containers).
    const ours = holder.pid === process.pid && held.get(path) !== undefined;
    if (ours || (holder.pid !== process.pid && isAlive(holder.pid))) {
      throw new AssessmentLockedError(
        file,
        ours
          ? 'the assessment is already open in this process'
          : `the assessment is open in another shipshape process (pid ${holder.pid}, since ${holder.started_at})`,
        holder,
        `Finish or close that session first; two writers would overwrite each other's answers. If you are sure it is not running, delete ${path}.`,
      );
    }
    if (await removeIfUnchanged(path, raw)) tookOver = holder;
  }
  throw new AssessmentLockedError(file, 'could not take the lock: other processes keep taking it', null, 'Check for other shipshape processes and try again.');
}

/**
 * Create the lock with its contents in one step: write the holder to a temp file,
 * then link() it to the lock path, which fails with EEXIST exactly like O_EXCL. A
 * plain O_EXCL create followed by a write leaves an empty lock when the process is
 * killed in between (the crash test hit this), and an empty lock cannot be told
 * apart from one being written. Where hard links are not supported, fall back to
 * O_EXCL and a write.
 */
async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  const text = `${JSON.stringify(holder)}\n`;
  const tmp = tempPathFor(path);
  try {
    await writeExclusive(tmp, text);
    try {
      await link(tmp, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    }
  } finally {
    await rm(tmp, { force: true });
  }
  try {
    await writeExclusive(path, text);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function writeExclusive(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Remove a stale lock without racing another process doing the same: move it
 * aside first, and if what was moved is not the lock we judged stale (someone
 * replaced it in between), put it back.
 */
async function removeIfUnchanged(path: string, expected: string): Promise<boolean> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  let moved: string | null = null;
  try {
    moved = readLockText(aside);
  } catch {
    moved = null;
  }
  if (moved !== expected) {
    await link(aside, path).catch(() => undefined); // fails only if a new lock exists; that one wins
  }
  await rm(aside, { force: true });
  return moved === expected;
}

/** A lock file is a line of JSON; one that is a FIFO, a device or huge must not hang or flood the reader. */
function readLockText(path: string): string {
  return readTextFileSafe(path, { maxBytes: 64 * 1024 });
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder> | null;
    if (v && typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.started_at === 'string' && typeof v.token === 'string') {
      return { pid: v.pid, hostname: v.hostname, started_at: v.started_at, token: v.token };
    }
  } catch {
    // fall through
  }
  return null;
}

async function mtimeMs(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}
