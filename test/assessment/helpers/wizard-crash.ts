import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAssessment } from '../../../source/assessment/create.js';
import { decodeAssessmentText } from '../../../source/assessment/migrate.js';
import type { Answer, AnswerState } from '../../../source/assessment/model.js';
import { saveAssessment } from '../../../source/assessment/store.js';
import { loadChecklist } from '../../../source/checklist/load.js';
import { packageRoot } from '../../../source/util/package-root.js';
import { git, initRepo, writeTree } from '../../helpers/fs.js';
import { seededRandom } from '../../helpers/random.js';
import { ptyScreen, terminalEnv, type PtyScreen } from '../../helpers/pty-screen.js';
import { ClaimLedger, readScreen, type InFlight, type ScreenFacts } from './wizard-screen.js';

/**
 * The wizard killed with SIGKILL again and again, as a person sees it: the built
 * CLI resumes an assessment in a real pseudo-terminal (80×24), random keys answer,
 * confirm, clear and move between questions, and the process is killed at a
 * random moment. After each kill the file must load, and every answer the screen
 * showed beside "✔ saved" must be in it (wizard-screen.ts, ClaimLedger).
 *
 * Timing never decides an outcome: each key is sent only once the screen shows
 * the previous key's effect, so at most one key is in flight, and the kill moment
 * is chosen by what the screen shows (right after a key, with its effect on
 * screen, or once "✔ saved" shows), not by a clock. A loaded machine makes the
 * loop slower, never weaker. The outcome counts say which moments were hit.
 */

const ROOT = packageRoot();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CHECKLIST = path.join(ROOT, 'test/ui/fixtures/wizard-checklist.yaml');
/** Generous: only a wizard that never shows a key's effect (a bug) waits this long. */
const SCREEN_TIMEOUT_MS = 30_000;
const FILE = '.shipshape/crash.json';

/** Where in a key's life the kill lands. */
type Moment = 'startup' | 'key-in-flight' | 'effect-shown' | 'saved-shown';
const MOMENTS: readonly Moment[] = ['startup', 'key-in-flight', 'effect-shown', 'saved-shown'];

export interface WizardCrashOptions {
  cycles: number;
  /** Repositories killed in parallel (each lane its own repository and sequence of processes); default 2. */
  lanes?: number;
  /** Fresh repositories are made here. */
  workDir: string;
  seed?: number;
  onCycle?: (done: number, report: WizardCrashReport) => void;
}

export interface WizardCrashReport {
  cycles: number;
  seed: number;
  /** Kills per moment chosen. */
  moments: Record<Moment, number>;
  /** What the header said in the last complete frame before the kill. */
  statusAtKill: Record<ScreenFacts['status'] | 'no frame', number>;
  keys: number;
  /** Answers the screen showed as saved, checked against the file after a kill (summed over cycles). */
  answersChecked: number;
  /** Cycles that checked at least one such answer. */
  cyclesWithClaims: number;
  /** Answers the screen showed as saved that the file did not hold. Must stay 0. */
  answersLost: number;
  /** Files that did not load after a kill. Must stay 0. */
  unloadableFiles: number;
  failures: string[];
  elapsedMs: number;
}

function describeValue(v: { state: string; source?: string | undefined }): string {
  return v.source ? `${v.state}(${v.source})` : v.state;
}

/** A small repository with a committed app file and an assessment whose scope is set, so `resume` lands on a question. */
async function makeCrashRepo(workDir: string, name = 'repo'): Promise<string> {
  const repo = path.join(workDir, name);
  writeTree(repo, { 'checklist.yaml': await readFile(CHECKLIST, 'utf8'), 'src/index.js': 'module.exports = 1;\n' });
  initRepo(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
  const checklist = loadChecklist(path.join(repo, 'checklist.yaml'));
  const assessment = createAssessment({
    name: 'crash',
    repository: { root: '.', remote: null, branch: 'main' },
    checklist,
    checklistSource: 'checklist.yaml',
    scope: { tier: 'internal', data: [], ai: false, frameworks: [] },
    assessor: 'Crash Tester',
    now: new Date(),
  });
  await saveAssessment(path.join(repo, FILE), assessment);
  return repo;
}

const DIGITS: [string, AnswerState][] = [
  ['1', 'yes'],
  ['2', 'partial'],
  ['3', 'no'],
  ['4', 'n/a'],
  ['5', 'unknown'],
];

interface Action {
  key: string;
  /** The screen shows the key's effect. */
  done: (now: ScreenFacts) => boolean;
  /** What the key sets in the file, if it changes an answer. */
  sets: InFlight | null;
}

/** A key whose effect the screen will show, chosen at random among those that do something here. */
function chooseAction(facts: ScreenFacts, rand: () => number): Action | null {
  const q = facts.question;
  const a = facts.answer;
  if (!q || !a) return null;
  const id = q.id;
  const options: { weight: number; action: Action }[] = [];
  for (const [key, state] of DIGITS) {
    if (state === a.state) continue;
    options.push({
      weight: 2,
      action: {
        key,
        done: (f) => f.message?.id === id && f.message.value.state === state && f.message.value.source === undefined,
        sets: { id, value: { state } },
      },
    });
  }
  const proposal = facts.proposal;
  if (proposal && !(a.state === proposal && a.source === 'confirmed')) {
    options.push({
      weight: 2,
      action: {
        key: 'c',
        done: (f) => f.message?.id === id && f.message.value.source === 'confirmed',
        sets: { id, value: { state: proposal, source: 'confirmed' } },
      },
    });
  }
  if (a.state !== 'unanswered') {
    options.push({
      weight: 1,
      action: {
        key: 'x',
        done: (f) => f.question?.id === id && f.answer?.state === 'unanswered',
        sets: { id, value: { state: 'unanswered' } },
      },
    });
  }
  if (q.index < q.total)
    options.push({ weight: 2, action: { key: 'n', done: (f) => f.question !== null && f.question.id !== id, sets: null } });
  if (q.index > 1) options.push({ weight: 2, action: { key: 'p', done: (f) => f.question !== null && f.question.id !== id, sets: null } });
  const total = options.reduce((s, o) => s + o.weight, 0);
  let r = rand() * total;
  for (const o of options) {
    r -= o.weight;
    if (r < 0) return o.action;
  }
  return options.at(-1)?.action ?? null;
}

interface CycleOutcome {
  moment: Moment;
  status: ScreenFacts['status'] | 'no frame';
  keys: number;
  checked: number;
  lost: string[];
  unloadable: string | null;
  failure: string | null;
}

async function cycle(repo: string, env: Record<string, string>, rand: () => number): Promise<CycleOutcome> {
  const moment = MOMENTS[Math.floor(rand() * MOMENTS.length)] as Moment;
  const steps = 1 + Math.floor(rand() * 6);
  const run: PtyScreen = ptyScreen(process.execPath, [CLI, 'resume', FILE], { cwd: repo, env });
  const ledger = new ClaimLedger();
  let last: ScreenFacts | null = null;
  const waiting = new Set<() => void>();
  // The last few frames, in short, for a failure message: what the screen went through before it stopped.
  const trail: string[] = [];
  run.onFrame((lines) => {
    last = readScreen(lines);
    trail.push(
      `${last.status} ${last.question ? `${last.question.index}/${last.question.total} ${last.question.id}` : '(no question)'} ${last.answer ? describeValue(last.answer) : '-'}${last.message ? ` msg ${last.message.id}=${describeValue(last.message.value)}` : ''}`,
    );
    if (trail.length > 8) trail.shift();
    ledger.add(last);
    for (const w of [...waiting]) w();
  });
  // Decisions are made on complete frames only: a half-drawn one could pair a new header with old rows.
  let sent = 'none yet';
  const until = (done: (f: ScreenFacts) => boolean, what: string) =>
    new Promise<ScreenFacts>((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        waiting.delete(check);
        if (error) reject(error);
        else resolve(last as ScreenFacts);
      };
      const check = () => {
        if (last && done(last)) finish();
      };
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `the screen did not show ${what} (keys sent: ${sent}) within ${SCREEN_TIMEOUT_MS} ms; last frames:\n  ${trail.join('\n  ')}\nscreen:\n${run.screen()}`,
            ),
          ),
        SCREEN_TIMEOUT_MS,
      );
      void run.exited.then(() => finish(new Error(`the wizard exited (screen:\n${run.screen()})`)));
      waiting.add(check);
      check();
    });
  // Nothing left to save: "✔ saved", or still "clean" when no key or scan has changed an answer since the start (only moves).
  const settled = (f: ScreenFacts) => f.status === 'saved' || f.status === 'clean';
  let inFlight: InFlight | null = null;
  let keys = 0;
  let failure: string | null = null;
  let statusAtKill: CycleOutcome['status'] = 'no frame';
  const kill = () => {
    statusAtKill = (last as ScreenFacts | null)?.status ?? 'no frame';
    run.pty.kill('SIGKILL');
  };
  try {
    if (moment === 'startup') {
      // Anywhere from node's start to the first frames: lock takeover, temp clean-up, the scan's first save.
      await sleep(rand() * 600);
      kill();
    } else {
      let shown = await until((f) => f.answer !== null, 'a question');
      for (let step = 1; ; step++) {
        const action = chooseAction(shown, rand);
        if (!action) throw new Error(`no key to press on this screen:\n${run.screen()}`);
        inFlight = action.sets;
        run.write(action.key);
        keys++;
        sent = sent === 'none yet' ? action.key : `${sent} ${action.key}`;
        if (step === steps && moment === 'key-in-flight') {
          // Straight after the key, or a moment later (the save may be under way).
          if (rand() < 0.5) await sleep(rand() * 5);
          kill();
          break;
        }
        shown = await until(action.done, `the effect of ${action.key}`);
        inFlight = null;
        if (step === steps) {
          if (moment === 'saved-shown') await until(settled, 'the save settle');
          kill();
          break;
        }
        // Half the time the next key comes at once (saves queue up behind each other); half the time once "✔ saved" shows, as
        // after a person reads the screen: then what the screen showed as saved is still checked after later keys and the kill.
        if (rand() < 0.5) shown = await until(settled, 'the save settle');
      }
    }
  } catch (error) {
    failure = (error as Error).message;
    run.pty.kill('SIGKILL');
  }
  const exit = await run.exited;
  if (!failure && exit.signal !== 9) failure = `the wizard exited by itself (code ${exit.exitCode}) before the kill:\n${run.screen()}`;

  const outcome = { moment, status: statusAtKill, keys, failure };
  const loaded = await loadAnswers(path.join(repo, FILE));
  if ('unloadable' in loaded) return { ...outcome, checked: 0, lost: [], unloadable: loaded.unloadable };
  const { checked, lost } = ledger.check(loaded.answers, inFlight);
  return { ...outcome, checked, lost, unloadable: null };
}

/** The answers in the file after a kill, or why it does not load (unreadable, not JSON, invalid). */
async function loadAnswers(file: string): Promise<{ answers: Record<string, Answer> } | { unloadable: string }> {
  try {
    return { answers: decodeAssessmentText(await readFile(file, 'utf8')).assessment.answers };
  } catch (error) {
    return { unloadable: (error as Error).message.split('\n')[0] ?? 'does not load' };
  }
}

export async function runWizardCrashLoop(options: WizardCrashOptions): Promise<WizardCrashReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const lanes = Math.max(1, Math.min(options.lanes ?? 2, options.cycles));
  const env = terminalEnv({
    HOME: options.workDir,
    SHIPSHAPE_CONFIG_DIR: path.join(options.workDir, 'config'),
    SHIPSHAPE_CACHE_DIR: path.join(options.workDir, 'cache'),
  });
  const report: WizardCrashReport = {
    cycles: 0,
    seed,
    moments: { startup: 0, 'key-in-flight': 0, 'effect-shown': 0, 'saved-shown': 0 },
    statusAtKill: { saved: 0, saving: 0, failed: 0, clean: 0, 'no frame': 0 },
    keys: 0,
    answersChecked: 0,
    cyclesWithClaims: 0,
    answersLost: 0,
    unloadableFiles: 0,
    failures: [],
    elapsedMs: 0,
  };
  const start = performance.now();
  let next = 0;
  const lane = async (index: number) => {
    const rand = seededRandom(seed + index);
    const repo = await makeCrashRepo(options.workDir, `lane-${index}`);
    while (next < options.cycles) {
      const i = next++;
      const o = await cycle(repo, env, rand);
      report.cycles++;
      report.moments[o.moment]++;
      report.statusAtKill[o.status]++;
      report.keys += o.keys;
      report.answersChecked += o.checked;
      if (o.checked > 0) report.cyclesWithClaims++;
      report.answersLost += o.lost.length;
      const where = `lane ${index} cycle ${i} (${o.moment}, seed ${seed})`;
      for (const l of o.lost) report.failures.push(`${where}: lost ${l}`);
      if (o.failure) report.failures.push(`${where}: ${o.failure}`);
      options.onCycle?.(report.cycles, report);
      if (o.unloadable) {
        report.unloadableFiles++;
        report.failures.push(`${where}: the file does not load after the kill: ${o.unloadable}`);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  report.elapsedMs = Math.round(performance.now() - start);
  return report;
}
