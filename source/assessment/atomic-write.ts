import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replace a file so that, whatever happens (crash, SIGKILL, power loss after the
 * call returns), the path holds either the old contents or the new, never a mix:
 * write a temporary file in the same directory (rename is only atomic within one
 * file system), fsync it, rename it over the target, then fsync the directory so
 * the rename itself is on disk. `exclusive` never replaces an existing file (a
 * copy written beside another must not overwrite it).
 */
export async function writeFileAtomic(target: string, data: string, options: { exclusive?: boolean } = {}): Promise<void> {
  const dir = dirname(target);
  const tmp = join(dir, tempName(target));
  const mode = await existingMode(target);
  const handle = await open(tmp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) await linkExclusive(tmp, target);
    else await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}

/**
 * Put a finished temp file at `target` only if nothing is there: link() fails with
 * EEXIST where rename() would replace. Where hard links are not supported, a check
 * and a rename (the race is only with another writer choosing the same new name).
 */
async function linkExclusive(tmp: string, target: string): Promise<void> {
  try {
    await link(tmp, target);
    await rm(tmp, { force: true });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  const taken = await stat(target).then(
    () => true,
    () => false,
  );
  if (taken) throw Object.assign(new Error(`EEXIST: file already exists, ${target}`), { code: 'EEXIST' });
  await rename(tmp, target);
}

/** A fresh temp path next to `target`, in the form removeStaleTempFiles recognises. */
export function tempPathFor(target: string): string {
  return join(dirname(target), tempName(target));
}

/** Temp names carry the writer's pid so leftovers of a killed writer can be recognised and removed. */
function tempName(target: string): string {
  return `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Remove temp files a killed writer left next to `target`. Only files whose
 * writer pid is no longer alive are touched, so a live writer is never disturbed.
 */
export async function removeStaleTempFiles(target: string, isAlive: (pid: number) => boolean): Promise<number> {
  const dir = dirname(target);
  const base = basename(target);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || m[1] !== base) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || isAlive(pid)) continue;
    await rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

async function existingMode(target: string): Promise<number> {
  try {
    return (await stat(target)).mode & 0o777;
  } catch {
    return 0o644;
  }
}

export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename is as durable as they allow.
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}
