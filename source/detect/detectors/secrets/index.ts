import { LIVE_CREDENTIAL_ID, liveCredentialSignal } from './live-credential-signal.js';
import type { Detector, EvaluateInput, FileEntry, Signal } from '../../types.js';
import { ENV_COMMITTED_ID, collectEnvFile, envCommittedSignal, isEnvFile } from './env-files.js';
import { GITIGNORE_ENV_ID, gitignoreEnvSignal } from './gitignore-env.js';
import { collectSecrets } from './hardcoded.js';
import { HARDCODED_ID, hardcodedSignal } from './hardcoded-signal.js';
import { HISTORY_ID, historySignal } from './history.js';
import { str } from './report.js';
import { PREFILTER } from './scan.js';

/**
 * Two detectors: `secrets` reads (almost) every tracked text file for credential
 * literals and, with --history, the lines past commits added; `secrets-env` reads
 * only env files and .gitignore, so it needs no prefilter (a `.env` holding
 * `PORT=3000` contains none of the secret literals, yet it still has to be seen).
 */

// Derived or decorative text where a secret is never hand-written; source maps repeat the sources.
const SKIP_EXT = new Set(['.map', '.svg', '.pdf', '.ico', '.lottie']);

function wantsPath(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  const dot = base.lastIndexOf('.');
  return !SKIP_EXT.has(dot > 0 ? base.slice(dot) : '');
}

export const secretsDetector: Detector = {
  id: 'secrets',
  signals: [
    {
      id: HARDCODED_ID,
      title: 'No hard-coded secrets',
      passWhen:
        'no credential literal (API key, token, private key, password assignment) in tracked files or untracked files git does not ignore; fail lists each with the secret redacted; test fixtures reported apart; unknown when no file was scanned',
    },
    {
      id: LIVE_CREDENTIAL_ID,
      title: 'No live credentials in code',
      passWhen: 'no credential of a live provider format or service-role key is written into tracked files (the critical subset of secrets.hardcoded)',
    },
    {
      id: HISTORY_ID,
      title: 'No secrets in git history',
      passWhen: 'no commit in the scanned history added a credential literal (run with --history)',
      needsHistory: true,
    },
  ],
  // Untracked files git does not ignore are scanned too: one `git add .` commits them (the walk leaves ignored ones out).
  selects: (f: FileEntry) => !SKIP_EXT.has(f.ext),
  prefilter: PREFILTER,
  collect: (f, text) => collectSecrets(f.path, f.base, f.ext, text),
  async evaluate(input: EvaluateInput): Promise<Signal[]> {
    const scanned = input.index.files.filter((f) => !SKIP_EXT.has(f.ext));
    const current = new Set(input.findings.map((f) => str(f, 'fingerprint')));
    const hardcoded = hardcodedSignal(input, scanned);
    return [hardcoded, liveCredentialSignal(hardcoded), await historySignal(input, current, wantsPath)];
  },
};

export const secretsEnvDetector: Detector = {
  id: 'secrets-env',
  signals: [
    {
      id: ENV_COMMITTED_ID,
      title: '.env files not committed',
      passWhen: 'no tracked .env-style file holding values (examples/templates excepted)',
    },
    {
      id: GITIGNORE_ENV_ID,
      title: '.gitignore keeps .env out',
      passWhen: '.gitignore keeps .env files out',
    },
  ],
  selects: (f: FileEntry) => isEnvFile(f.base),
  collect: (f, text) => collectEnvFile(f, text),
  evaluate: (input: EvaluateInput): Signal[] => [envCommittedSignal(input), gitignoreEnvSignal(input)],
};
