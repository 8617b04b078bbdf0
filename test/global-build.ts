import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * End-to-end tests run the built CLI (dist/cli.js), as a user would. Build it once,
 * before any test file starts, so no two tests race to write dist/.
 *
 * The checklist parse cache goes to a directory of this run's own (inherited by
 * every test process and every CLI they spawn), never the user's cache.
 */
export default function setup(): () => void {
  const cache = mkdtempSync(path.join(tmpdir(), 'shipshape-test-cache-'));
  process.env.SHIPSHAPE_CACHE_DIR = cache;
  if (process.env.SHIPSHAPE_SKIP_BUILD !== '1') {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'build.ts')], { cwd: root, stdio: 'inherit' });
  }
  return () => rmSync(cache, { recursive: true, force: true });
}
