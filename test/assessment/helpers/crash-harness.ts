import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { decodeAssessmentText } from '../../../source/assessment/migrate.js';
import { counterOf } from './crash-state.js';

/**
 * Kill a saving process with SIGKILL at random moments, again and again, and check
 * after every kill that the file on disk parses, validates and holds either the last
 * state the child reported as saved or the one after it (killed between rename and
 * report). Each kill is a fresh process: it must take over the stale lock its killed
 * predecessor held, clean up the killed writer's temp file and carry on from what is
 * on disk.
 *
 * Most kills come after the child has reported a random number of saves (then a
 * random moment within the next one), not after a random time: on a loaded machine
 * a time-based kill lands before anything was saved, and the run proves less. The
 * report counts what the kills hit instead of expecting a rate.
 *
 * The child is the real store bundled once with esbuild into one plain .mjs file:
 * the same source, but a plain `node` start instead of tsx (~0.4 s more per kill).
 * And each lane boots the next child while the current one runs; the next child
 * waits for "go" before it touches the file, so the kills stay strictly sequential.
 */

const CHILD_SOURCE = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

export async function buildCrashChild(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, 'crash-child.mjs');
  await build({ entryPoints: [CHILD_SOURCE], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error' });
  return outfile;
}

export interface CrashOptions {
  /** Total kills, spread over the lanes. */
  kills: number;
  /** Independent files killed in parallel (each lane is its own sequence of processes). */
  lanes?: number;
  workDir: string;
  childPath: string;
  /** Make the child overwrite the file in place instead of using the store: the harness should then find torn files. */
  unsafe?: boolean;
  /** Upper bound of the random delay after the child's last awaited save (ms); default 3. */
  maxDelayMs?: number;
  onProgress?: (killsDone: number) => void;
}

export interface CrashReport {
  kills: number;
  /** Highest counter on disk at the end, summed over lanes: how many saves completed. */
  saves: number;
  /** Kills that landed after a rename but before the child reported it. */
  caughtBetweenRenameAndReport: number;
  /** Kills before the child had even opened the file (during start-up, lock takeover, clean-up). */
  killedDuringStartup: number;
  /** Children that took over a stale lock. */
  lockTakeovers: number;
  /** Saves the kills waited for (each waited for 1 to 4 reported saves): the disk's counter must be at least this. */
  awaitedSaves: number;
  failures: string[];
  elapsedMs: number;
}

interface KillResult {
  pid: number;
  reported: number | null;
  ready: { counter: number; tookOverPid: number } | null;
  /** Reported saves the kill waited for (0: killed at a random time instead). */
  awaited: number;
  exitedEarly: string | null;
}

interface Child {
  /** Resolves once node has started and the store is loaded; the child then waits for "go". */
  loaded: Promise<void>;
  /** Let it open the file and save, kill it at a random moment, and report what it said. */
  run(): Promise<KillResult>;
  discard(): void;
}

function spawnChild(childPath: string, file: string, unsafe: boolean, maxDelayMs: number): Child {
  const args = [childPath, file, ...(unsafe ? ['--unsafe'] : [])];
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let ready: KillResult['ready'] = null;
  let killed = false;
  let awaited = 0;
  let onLoaded: () => void = () => undefined;
  let onSaves: (count: number) => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (onLoaded = resolve));
  const kill = () => {
    if (!killed) {
      killed = true;
      proc.kill('SIGKILL');
    }
  };
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('loaded\n')) onLoaded();
    if (!ready) {
      const m = /^loaded\nready (-?\d+) (\d+)\n/.exec(out);
      if (m) ready = { counter: Number(m[1]), tookOverPid: Number(m[2]) };
    }
    if (ready) onSaves(out.split('\n').length - 3);
  });
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdin.on('error', () => undefined); // "go" to a child that was discarded
  const closed = new Promise<KillResult>((resolve) => {
    proc.on('close', (code, signal) => {
      onLoaded();
      const numbers = out
        .split('\n')
        .filter((l) => /^-?\d+$/.test(l))
        .map(Number);
      const exitedEarly = signal === 'SIGKILL' ? null : `child exited by itself (code ${code}): ${err.slice(0, 500)}`;
      resolve({ pid: proc.pid ?? 0, reported: numbers.length ? Math.max(...numbers) : null, ready, awaited, exitedEarly });
    });
  });
  return {
    loaded,
    run() {
      // Mostly after 1 to 4 reported saves, then at a random moment within the next; sometimes anywhere from the go on,
      // which hits lock takeover, temp clean-up and the first save.
      if (Math.random() < 0.15) setTimeout(kill, Math.random() * 100);
      else {
        const wanted = 1 + Math.floor(Math.random() * 4);
        onSaves = (count) => {
          if (count < wanted || awaited > 0) return;
          awaited = wanted;
          setTimeout(kill, Math.random() * maxDelayMs);
        };
      }
      proc.stdin.write('go\n');
      return closed;
    },
    discard: kill,
  };
}

async function onDiskCounter(file: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // The real loader: parse, schema validation, migration checks.
  return counterOf(decodeAssessmentText(text).assessment);
}

async function lane(index: number, kills: number, options: CrashOptions, report: CrashReport, tick: () => void): Promise<void> {
  const file = join(options.workDir, `lane-${index}`, 'crash.json');
  await mkdir(join(options.workDir, `lane-${index}`), { recursive: true });
  let last = -1; // the state known to be on disk; -1 = the initial (unsaved) state
  let lockHolder = 0; // pid of the killed child known to have held the lock (it had opened the file), else 0
  const maxDelay = options.maxDelayMs ?? 3;
  let next = spawnChild(options.childPath, file, options.unsafe ?? false, maxDelay);
  for (let k = 0; k < kills; k++) {
    const current = next;
    await current.loaded;
    // Each kill is a new process; the next one boots while this one runs.
    next = spawnChild(options.childPath, file, options.unsafe ?? false, maxDelay);
    const result = await current.run();
    tick();
    if (result.exitedEarly) {
      report.failures.push(`lane ${index} kill ${k}: ${result.exitedEarly}`);
      next.discard();
      return;
    }
    if (!result.ready) report.killedDuringStartup++;
    else {
      if (result.ready.counter !== last) report.failures.push(`lane ${index} kill ${k}: child started from ${result.ready.counter}, disk had ${last}`);
      if (result.ready.tookOverPid !== 0) report.lockTakeovers++;
      if (lockHolder !== 0 && result.ready.tookOverPid !== lockHolder) {
        report.failures.push(`lane ${index} kill ${k}: the lock of killed process ${lockHolder} was not taken over (took over ${result.ready.tookOverPid})`);
      }
      report.awaitedSaves += result.awaited;
    }
    // A child that reached "ready" held the lock when it died; one killed earlier may or may not have taken it.
    lockHolder = result.ready ? result.pid : 0;
    const reported = result.reported ?? last;
    let onDisk: number | null;
    try {
      onDisk = await onDiskCounter(file);
    } catch (error) {
      report.failures.push(`lane ${index} kill ${k}: file does not load after the kill: ${(error as Error).message.split('\n')[0]}`);
      next.discard();
      return;
    }
    const counter = onDisk ?? -1;
    if (counter !== reported && counter !== reported + 1) {
      report.failures.push(`lane ${index} kill ${k}: disk holds ${counter}, last reported ${reported}`);
      next.discard();
      return;
    }
    if (counter === reported + 1) report.caughtBetweenRenameAndReport++;
    last = counter;
  }
  next.discard();
  report.saves += last + 1;
}

export async function runCrashLoop(options: CrashOptions): Promise<CrashReport> {
  const lanes = Math.max(1, options.lanes ?? 2);
  const report: CrashReport = { kills: 0, saves: 0, caughtBetweenRenameAndReport: 0, killedDuringStartup: 0, lockTakeovers: 0, awaitedSaves: 0, failures: [], elapsedMs: 0 };
  const start = performance.now();
  const perLane = Array.from({ length: lanes }, (_, i) => Math.floor(options.kills / lanes) + (i < options.kills % lanes ? 1 : 0));
  const tick = () => {
    report.kills++;
    options.onProgress?.(report.kills);
  };
  await Promise.all(perLane.map((kills, i) => lane(i, kills, options, report, tick)));
  report.elapsedMs = Math.round(performance.now() - start);
  return report;
}
