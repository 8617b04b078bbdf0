import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssessmentLockedError, lockPathFor } from '../../source/assessment/lock.js';
import { openAssessment, saveAssessment } from '../../source/assessment/store.js';
import { assessment, checklist, question } from '../helpers/builders.js';

const CHILD = fileURLToPath(new URL('./helpers/lock-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let file: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-lock-'));
  file = join(dir, 'launch.json');
  await saveAssessment(file, assessment(checklist([question('a.b')])));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function child(mode: 'hold' | 'try' | 'exit'): { proc: ChildProcess; firstLine: Promise<string>; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, file, mode], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(out.slice(0, nl));
    });
    proc.on('exit', () => reject(new Error(`child exited without output; stderr: ${err}`)));
  });
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, firstLine, exit };
}

async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => p.on('exit', resolve));
  return p.pid!;
}

describe('assessment lock', () => {
  it('a second process is refused while this one holds the assessment', async () => {
    const session = await openAssessment(file);
    const lockBefore = await readFile(lockPathFor(file), 'utf8');
    const c = child('try');
    const result = JSON.parse(await c.firstLine) as { problem: string; message: string; holderPid: number };
    expect(await c.exit).toBe(3);
    expect(result.problem).toBe('locked');
    expect(result.holderPid).toBe(process.pid);
    expect(result.message).toContain(`open in another shipshape process (pid ${process.pid}`);
    expect(result.message).toContain('Finish or close that session first');
    expect(await readFile(lockPathFor(file), 'utf8')).toBe(lockBefore);
    await session.close();
    expect(await readdir(dir)).toEqual(['launch.json']);
  });

  it('this process is refused while another process holds it, and gets it once that one closes', async () => {
    const c = child('hold');
    expect(await c.firstLine).toBe(`held ${c.proc.pid}`);
    const error = await openAssessment(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssessmentLockedError);
    expect((error as AssessmentLockedError).holder?.pid).toBe(c.proc.pid);
    expect((error as AssessmentLockedError).holder?.hostname).toBe(hostname());
    c.proc.stdin?.write('close\n');
    expect(await c.exit).toBe(0);
    const session = await openAssessment(file);
    expect(session.tookOverLock).toBeNull();
    await session.close();
  });

  it('takes over the lock of a process that was killed', async () => {
    const c = child('hold');
    await c.firstLine;
    c.proc.kill('SIGKILL');
    await c.exit;
    const stale = JSON.parse(await readFile(lockPathFor(file), 'utf8')) as { pid: number };
    expect(stale.pid).toBe(c.proc.pid);
    const session = await openAssessment(file);
    expect(session.tookOverLock?.pid).toBe(c.proc.pid);
    expect((JSON.parse(await readFile(lockPathFor(file), 'utf8')) as { pid: number }).pid).toBe(process.pid);
    await session.close();
  });

  it('takes over a lock whose pid is no longer alive on this host', async () => {
    const pid = await deadPid();
    await writeFile(lockPathFor(file), JSON.stringify({ pid, hostname: hostname(), started_at: '2025-01-01T00:00:00.000Z', token: 'old' }));
    const session = await openAssessment(file);
    expect(session.tookOverLock).toMatchObject({ pid, started_at: '2025-01-01T00:00:00.000Z' });
    await session.close();
  });

  it('releases the lock when the process exits without closing', async () => {
    const c = child('exit');
    await c.firstLine;
    expect(await c.exit).toBe(0);
    expect(await readdir(dir)).toEqual(['launch.json']);
  });

  it('refuses a lock from another host and says how to clear it', async () => {
    await writeFile(lockPathFor(file), JSON.stringify({ pid: 1, hostname: 'build-agent-7', started_at: '2025-01-01T00:00:00.000Z', token: 't' }));
    const error = (await openAssessment(file).catch((e: unknown) => e)) as AssessmentLockedError;
    expect(error).toBeInstanceOf(AssessmentLockedError);
    expect(error.message).toContain('open in shipshape on host build-agent-7 (pid 1');
    expect(error.message).toContain(`delete ${lockPathFor(file)}`);
  });

  it('refuses a second open in the same process', async () => {
    const session = await openAssessment(file);
    await expect(openAssessment(file)).rejects.toThrow(/already open in this process/);
    await session.close();
  });

  it('treats an unreadable lock file as being written, then as abandoned once old', async () => {
    await writeFile(lockPathFor(file), '');
    await expect(openAssessment(file)).rejects.toThrow(/being opened by another process/);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPathFor(file), old, old);
    const session = await openAssessment(file);
    expect(session.tookOverLock?.hostname).toBe('(unreadable lock file)');
    await session.close();
  });
});
