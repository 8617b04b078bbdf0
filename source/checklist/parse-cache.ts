import { readFileSync } from 'node:fs';
import { writeCacheEntry } from '../util/cache-files.js';
import path from 'node:path';
import envPaths from 'env-paths';
import { packageRoot, toolVersion } from '../util/package-root.js';
import { sha256Hex } from './hash.js';
import type { ParseCache } from './parse.js';

/**
 * The parse cache on disk: one JSON file per checklist text, named by the
 * SHA-256 of that text and the tool version (a new release may parse YAML
 * differently). Parsing the shipped 108-question checklist costs a cold process
 * about 250 ms; reading its cached data costs a few.
 *
 * A cache is never a reason to fail: every error reading or writing it is a miss.
 * Entries are written whole (temp file, rename) and the directory is pruned to
 * the most recent MAX_ENTRIES, so edits to a checklist do not pile up.
 */

const FORMAT = 1;
const MAX_ENTRIES = 64;

/**
 * The cache a command uses: $SHIPSHAPE_CACHE_DIR (`off` for none), else the user's
 * cache directory; behind it, read-only, the entries the build wrote for the shipped
 * checklists, so even the first start with them is a warm one.
 */
export function defaultParseCache(env: NodeJS.ProcessEnv, cwd: string): ParseCache | undefined {
  const found = defaultCacheDir(env);
  const dir = found === null ? null : path.resolve(cwd, found);
  if (dir === null) return undefined;
  const user = fileParseCache(dir, toolVersion());
  const shipped = fileParseCache(shippedParseCacheDir(), toolVersion());
  return {
    get: (text) => user.get(text) ?? shipped.get(text),
    set: (text, data) => user.set(text, data),
  };
}

/** Where the build leaves the parsed shipped checklists (scripts/build.ts). */
export function shippedParseCacheDir(): string {
  return path.join(packageRoot(), 'dist', 'parse-cache');
}

export function defaultCacheDir(env: NodeJS.ProcessEnv): string | null {
  const override = env.SHIPSHAPE_CACHE_DIR;
  if (override === 'off') return null;
  if (override) return override;
  return envPaths('shipshape', { suffix: '' }).cache;
}

export function fileParseCache(dir: string, toolVersion: string): ParseCache {
  const checklists = path.join(dir, 'checklists');
  const fileOf = (text: string) => path.join(checklists, `${sha256Hex(`${FORMAT}\0${toolVersion}\0${text}`)}.json`);
  return {
    get(text) {
      try {
        const entry = JSON.parse(readFileSync(fileOf(text), 'utf8')) as { format?: unknown; data?: unknown };
        return entry.format === FORMAT ? entry.data : undefined;
      } catch {
        return undefined;
      }
    },
    set(text, data) {
      let body: string;
      try {
        body = JSON.stringify({ format: FORMAT, data });
      } catch {
        return; // not serialisable: not cached
      }
      writeCacheEntry(fileOf(text), body, MAX_ENTRIES);
    },
  };
}
