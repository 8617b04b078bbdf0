import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Preferences } from '../assessment/preferences.js';
import type { CommandIO } from '../commands/io.js';

/** `git config user.name` in `cwd`, or null. Never throws. */
export function gitUserName(cwd: string): string | null {
  try {
    const out = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 3000 });
    return out.trim() || null;
  } catch {
    return null;
  }
}

/** Preferences in the user's config directory, or in $SHIPSHAPE_CONFIG_DIR (tests, sandboxes). */
export function openPreferences(io: CommandIO): Preferences {
  const dir = io.env.SHIPSHAPE_CONFIG_DIR;
  return Preferences.open({ ...(dir ? { cwd: path.resolve(io.cwd, dir) } : {}), gitUserName: () => gitUserName(io.cwd) });
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
