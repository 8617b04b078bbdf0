import { userInfo } from 'node:os';
import path from 'node:path';
import { Preferences } from '../assessment/preferences.js';
import { gitUserName as askGitUserName, gitUserNameSync } from '../detect/git.js';
import type { CommandIO } from '../runtime/io.js';

/** `git config user.name` in `cwd`, or null. Never throws. */
export function gitUserName(cwd: string): string | null {
  return gitUserNameSync(cwd);
}

/** Preferences in the user's config directory, or in $SHIPSHAPE_CONFIG_DIR (tests, sandboxes). */
export function openPreferences(io: CommandIO, gitName: () => string | null = () => gitUserName(io.cwd)): Preferences {
  const dir = io.env.SHIPSHAPE_CONFIG_DIR;
  return Preferences.open({ ...(dir ? { cwd: path.resolve(io.cwd, dir) } : {}), gitUserName: gitName });
}

/**
 * Preferences for an interactive start, with git's user.name asked in the
 * background: a synchronous git call would hold up the first frame. Until
 * `ready` settles, a name asked for is read synchronously as usual.
 */
export function openPreferencesAsking(io: CommandIO): { prefs: Preferences; ready: Promise<void> } {
  let asked: { name: string | null } | undefined;
  const ready = askGitUserName(io.cwd).then((name) => {
    asked = { name };
  });
  const prefs = openPreferences(io, () => (asked ? asked.name : gitUserName(io.cwd)));
  return { prefs, ready };
}

/** Who answers: the preferences' name, else git's user.name, else the login name. */
export function defaultAssessor(prefs: Preferences): string {
  const name = prefs.userName();
  if (name) return name;
  try {
    return userInfo().username || 'assessor';
  } catch {
    return 'assessor';
  }
}
