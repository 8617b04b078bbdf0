import path from 'node:path';
import { render } from 'ink';
import type { Preferences } from '../assessment/preferences.js';
import { scoreAssessment } from '../assessment/score.js';
import type { AssessmentSession } from '../assessment/store.js';
import type { Checklist } from '../checklist/schema.js';
import type { ScanProgress, ScanResult } from '../detect/types.js';
import { EXIT_OK, EXIT_USAGE, colorEnabled, type CommandIO } from '../runtime/io.js';
import { exitQuietly, holdExit, stdioGone } from '../runtime/stdio.js';
import { sanitizePath } from '../util/sanitize.js';
import { WizardApp } from '../ui/app.js';
import type { Flow, WizardState } from '../ui/state/types.js';
import { initWizardState } from '../ui/state/wizard-state.js';
import { confirmedPercent, progressOf, progressWords } from '../ui/state/derive.js';
import { quickGitState, wizardServices, type GitState } from './services.js';
import { keepUnsaved } from './unsaved.js';

/** What the terminal side of a run may be swapped for (tests, bench). */
export interface WizardRuntime {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  scan?: (root: string, onProgress: (p: ScanProgress) => void) => Promise<ScanResult>;
  now?: () => Date;
  /** Install SIGTERM/SIGHUP handlers (default true); tests turn it off. */
  handleSignals?: boolean;
}

export interface RunWizardInput {
  io: CommandIO;
  session: AssessmentSession;
  checklist: Checklist;
  repoRoot: string;
  flow: Flow;
  landing?: WizardState['landing'];
  assessor: string;
  prefs: Preferences;
  /** Shown before the wizard starts (e.g. a lock taken over, a checklist that changed). */
  notes?: string[];
  /** The repository policy's waiver limit in days (null: none); default: the default policy's. */
  maxWaiverDays?: number | null;
  runtime?: WizardRuntime;
  /** The incremental re-scan's cache directory (none: every file is read). */
  cacheDir?: string;
}

type Ending = 'quit' | 'interrupt' | 'SIGTERM' | 'SIGHUP';
const EXIT_CODES: Record<Ending, number> = { quit: EXIT_OK, interrupt: 130, SIGTERM: 143, SIGHUP: 129 };

function write(stream: NodeJS.WritableStream, text: string): void {
  try {
    stream.write(text);
  } catch {
    // SIGHUP: the terminal may be gone; the file is what matters.
  }
}

/**
 * Run the wizard over an open (locked) assessment until the user quits, a signal
 * arrives or the terminal goes away; then wait for every queued save, release the
 * lock, remember the assessment in the recent list and say how to resume — or,
 * when the newest answers did not reach the file, keep them in a copy and say so.
 * Returns the exit code.
 */
export async function runWizard(input: RunWizardInput): Promise<number> {
  const { io, session, checklist, repoRoot, prefs, runtime = {} } = input;
  const stdout = runtime.stdout ?? process.stdout;
  const ownsProcess = runtime.handleSignals !== false;
  const git: GitState = { commit: null, dirty: false };
  const services = wizardServices(
    {
      session,
      checklist,
      repoRoot,
      cwd: io.cwd,
      ...(input.cacheDir !== undefined && { cacheDir: input.cacheDir }),
      ...(runtime.now && { now: runtime.now }),
      ...(runtime.scan && { scan: runtime.scan }),
    },
    git,
  );
  const initial = initWizardState({
    checklist,
    assessment: session.assessment,
    assessor: input.assessor,
    flow: input.flow,
    size: { columns: stdout.columns || 80, rows: stdout.rows || 24 },
    ...(input.landing && { landing: input.landing }),
    ...(input.maxWaiverDays !== undefined && { maxWaiverDays: input.maxWaiverDays }),
  });

  for (const note of input.notes ?? []) write(io.stderr, `shipshape: note: ${note}\n`);

  let ending = null as Ending | null;
  const end = (why: Ending) => {
    // The first reason counts: the terminal failing while the quit's last frame is drawn does not make it a hang-up.
    ending ??= why;
    instance.unmount();
  };
  const instance = render(<WizardApp initial={initial} services={services} color={colorEnabled(io)} onQuit={(reason) => end(reason)} />, {
    stdout,
    ...(runtime.stdin && { stdin: runtime.stdin }),
    exitOnCtrlC: false,
    patchConsole: false,
  });

  // Asked once the first frame is out (spawning git is not free): nothing is saved
  // before the user has acted, and the scan refreshes it anyway.
  const gitAsked = quickGitState(repoRoot).then((g) => {
    if (git.commit === null) Object.assign(git, g);
  });

  // A closed terminal window: SIGHUP, or EIO on the next read or write. Either ends the session; the saves still finish.
  const handlers = { SIGTERM: () => end('SIGTERM'), SIGHUP: () => end('SIGHUP') };
  const releaseExit = ownsProcess ? holdExit(() => end('SIGHUP')) : () => undefined;
  if (ownsProcess) {
    process.on('SIGTERM', handlers.SIGTERM);
    process.on('SIGHUP', handlers.SIGHUP);
  }
  await instance.waitUntilExit();

  await gitAsked;
  let closeError: string | null = null;
  try {
    await session.close();
  } catch (error) {
    closeError = error instanceof Error ? error.message : String(error);
  }
  const reason: Ending = ending ?? 'quit';
  let code = EXIT_CODES[reason];
  const saved = session.assessment;
  const shown = sanitizePath(path.relative(io.cwd, session.file) || session.file);
  if (session.unsaved) {
    // Never "Saved" over a change the file does not hold: the answers go to a copy, and the exit says something is wrong.
    write(io.stderr, await keepUnsaved(session.file, session.unsaved, services.now(), io.cwd));
    if (reason === 'quit') code = EXIT_USAGE;
  } else if (closeError) {
    write(io.stderr, `shipshape: the last change may not be saved: ${closeError}\n`);
  } else if (saved.saves.length === 0) {
    // A new assessment is first written when its scope is confirmed.
    write(io.stdout, '\nNothing was saved (the scope was not confirmed).\n');
  } else {
    const r = scoreAssessment(saved, checklist, services.now());
    const p = progressOf({ checklist, assessment: saved });
    try {
      prefs.addRecent({ path: path.resolve(session.file), name: saved.name, checklist: `${saved.checklist.id}@${saved.checklist.version}`, updated_at: saved.updated_at, progress: confirmedPercent(p), verdict: r.verdict });
    } catch {
      // the recent list is a convenience
    }
    // Confirmed, proposed and open apart: a detected answer nobody confirmed is not progress made.
    write(io.stdout, `\nSaved ${shown} (${r.verdict}).\n${progressWords(p)} of ${p.applicable} questions.\nResume with: shipshape resume ${shown}\n`);
  }
  releaseExit();
  if (ownsProcess) {
    // Saved (or kept) and said: a closed terminal leaves without a word; a signal exits now rather than dying of
    // conf's when-exit echo of it, and without waiting for a scan still running in the background.
    if (reason === 'SIGHUP' || stdioGone()) exitQuietly(code);
    if (reason === 'SIGTERM') process.exit(code);
    process.off('SIGTERM', handlers.SIGTERM);
    process.off('SIGHUP', handlers.SIGHUP);
  }
  return code;
}
