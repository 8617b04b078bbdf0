import path from 'node:path';
import { render } from 'ink';
import type { Preferences } from '../assessment/preferences.js';
import { scoreAssessment } from '../assessment/score.js';
import type { AssessmentSession } from '../assessment/store.js';
import type { Checklist } from '../checklist/schema.js';
import type { ScanProgress, ScanResult } from '../detect/types.js';
import { EXIT_OK, colorEnabled, type CommandIO } from '../runtime/io.js';
import { sanitizePath } from '../util/sanitize.js';
import { WizardApp } from '../ui/app.js';
import type { Flow, WizardState } from '../ui/state/types.js';
import { initWizardState } from '../ui/state/wizard-state.js';
import { confirmedPercent, progressOf, progressWords } from '../ui/state/derive.js';
import { quickGitState, wizardServices, type GitState } from './services.js';

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
 * Run the wizard over an open (locked) assessment until the user quits or a
 * signal arrives; then wait for every queued save, release the lock, remember
 * the assessment in the recent list and say how to resume. Returns the exit code.
 */
export async function runWizard(input: RunWizardInput): Promise<number> {
  const { io, session, checklist, repoRoot, prefs, runtime = {} } = input;
  const stdout = runtime.stdout ?? process.stdout;
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

  let ending = 'quit' as Ending;
  const instance = render(
    <WizardApp
      initial={initial}
      services={services}
      color={colorEnabled(io)}
      onQuit={(reason) => {
        ending = reason;
        instance.unmount();
      }}
    />,
    { stdout, ...(runtime.stdin && { stdin: runtime.stdin }), exitOnCtrlC: false, patchConsole: false },
  );

  // Asked once the first frame is out (spawning git is not free): nothing is saved
  // before the user has acted, and the scan refreshes it anyway.
  const gitAsked = quickGitState(repoRoot).then((g) => {
    if (git.commit === null) Object.assign(git, g);
  });

  const onSignal = (signal: 'SIGTERM' | 'SIGHUP') => () => {
    ending = signal;
    instance.unmount();
  };
  const handlers = { SIGTERM: onSignal('SIGTERM'), SIGHUP: onSignal('SIGHUP') };
  if (runtime.handleSignals !== false) {
    process.on('SIGTERM', handlers.SIGTERM);
    process.on('SIGHUP', handlers.SIGHUP);
  }
  await instance.waitUntilExit();

  await gitAsked;
  let saveError: string | null = null;
  try {
    await session.close();
  } catch (error) {
    saveError = error instanceof Error ? error.message : String(error);
  }
  const saved = session.assessment;
  const shown = sanitizePath(path.relative(io.cwd, session.file) || session.file);
  if (saveError) {
    write(io.stderr, `shipshape: the last change may not be saved: ${saveError}\n`);
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
  const code = EXIT_CODES[ending];
  if (runtime.handleSignals !== false) {
    if (ending === 'SIGTERM' || ending === 'SIGHUP') {
      // conf's atomically/when-exit re-raises the signal after its own handler; exit now, saved and said, instead of
      // dying of the echo, and without waiting for a scan still running in the background.
      process.exit(code);
    }
    process.off('SIGTERM', handlers.SIGTERM);
    process.off('SIGHUP', handlers.SIGHUP);
  }
  return code;
}
