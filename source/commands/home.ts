/**
 * `shipshape` with no arguments, in a repository: the home screen. Start a new
 * assessment, resume a recent one (this repository's .shipshape/ and the recent
 * list in the preferences), preview or export one, or change the settings.
 * What the screen shows is gathered in session/home.ts; this runs the choice.
 */
import { EXIT_OK, type CommandIO } from '../runtime/io.js';
import { chooseAtHome } from '../session/home.js';
import type { WizardRuntime } from '../session/run-wizard.js';
import { needsTerminal } from '../session/terminal.js';
import { runResume } from './resume.js';
import { runStart } from './start.js';

export interface HomeOptions {
  runtime?: WizardRuntime;
}

export async function runHome(io: CommandIO, opts: HomeOptions = {}): Promise<number> {
  const runtime = opts.runtime ?? {};
  if (!runtime.stdin) {
    const refused = needsTerminal(io, '(home)');
    if (refused !== null) return refused;
  }
  const chosen = await chooseAtHome(io, runtime);
  if (chosen.kind === 'start') return runStart(undefined, {}, io, runtime);
  if (chosen.kind === 'resume') return runResume(chosen.path, { landing: chosen.landing }, io, runtime);
  return EXIT_OK;
}
