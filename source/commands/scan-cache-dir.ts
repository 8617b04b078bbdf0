import path from 'node:path';
import { defaultCacheDir } from '../checklist/parse-cache.js';

/**
 * Where the incremental re-scan keeps what it found per file: the user's cache
 * directory beside the parse cache ($SHIPSHAPE_CACHE_DIR, `off` for none), or
 * nowhere with `--no-cache`.
 */
export function scanCacheDir(env: NodeJS.ProcessEnv, cwd: string, enabled: boolean): string | undefined {
  if (!enabled) return undefined;
  const dir = defaultCacheDir(env);
  return dir === null ? undefined : path.resolve(cwd, dir);
}

/** As engine or wizard input: the key only when there is a directory (exactOptionalPropertyTypes-safe). */
export function withCache(cacheDir: string | undefined): { cacheDir?: string } {
  return cacheDir === undefined ? {} : { cacheDir };
}
