import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a scanned directory sits in its repository, so output paths are relative to
 * the repository root (what code scanning resolves them against): a scan of
 * `frontend/` reports `frontend/package.json`, not `package.json`. Found by walking up
 * to the nearest `.git` (a directory, or a file in a worktree or submodule) without
 * running git; outside a repository the directory itself is the root.
 */
export interface RepoLayout {
  /** Absolute path of the repository root. */
  root: string;
  /** The directory relative to the root, POSIX, '' when it is the root. */
  prefix: string;
  /** Whether a path relative to the directory names a directory (never a result location). */
  isDirectory(relative: string): boolean;
}

export function repoLayout(dir: string): RepoLayout {
  let abs: string;
  try {
    abs = realpathSync(dir);
  } catch {
    abs = path.resolve(dir);
  }
  let root = abs;
  for (let at = abs; ; ) {
    if (existsSync(path.join(at, '.git'))) {
      root = at;
      break;
    }
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  const prefix = path.relative(root, abs).split(path.sep).join('/');
  const seen = new Map<string, boolean>();
  return {
    root,
    prefix,
    isDirectory(relative) {
      let hit = seen.get(relative);
      if (hit === undefined) {
        try {
          hit = statSync(path.join(abs, relative)).isDirectory();
        } catch {
          hit = false;
        }
        seen.set(relative, hit);
      }
      return hit;
    },
  };
}
