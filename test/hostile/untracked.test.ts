import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../source/cli.js';
import { runScan } from '../../source/detect/engine.js';
import { captureIO } from '../detect/engine-helpers.js';
import { tempDir } from '../helpers/fs.js';
import { gitIn } from './git-vectors.js';

/**
 * Untracked files git does not ignore are one `git add .` away from a commit:
 * they are scanned for secrets and named as untracked. A repository with nothing
 * to scan passes nothing.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = () => ['ghp', `${Array.from(randomBytes(34), (b) => ALNUM[b % ALNUM.length]).join('')}7Q`].join('_');

let work: string;
let cleanup: () => void;
beforeAll(() => ({ dir: work, cleanup } = tempDir('shipshape-untracked-')));
afterAll(() => cleanup?.());

function repo(name: string, files: Record<string, string>, commit: string[]): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  gitIn(dir, 'init', '-q', '-b', 'main');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  if (commit.length > 0) {
    gitIn(dir, 'add', ...commit);
    gitIn(dir, 'commit', '-qm', 'init');
  }
  return dir;
}

describe('untracked files and empty repositories', () => {
  it('a secret in an untracked, not ignored file fails secrets.hardcoded and is named untracked; an ignored one is not read', async () => {
    const [untracked, ignored] = [token(), token()];
    const dir = repo('untracked', { 'src/app.ts': 'export const a = 1;\n', '.gitignore': 'local/\n', 'scratch.ts': `export const t = "${untracked}";\n`, 'local/keys.ts': `export const t = "${ignored}";\n` }, ['src/app.ts', '.gitignore']);
    const report = await runScan(dir, {}, { workers: 0 });
    const s = report.result.signals.find((x) => x.id === 'secrets.hardcoded');
    expect(s?.status).toBe('fail');
    expect(s?.summary).toMatch(/1 file untracked/);
    expect(s?.evidence.map((e) => e.path)).toEqual(['scratch.ts']);
    expect(s?.evidence[0]?.note).toMatch(/untracked file \(not committed yet, not ignored\)/);
    expect(JSON.stringify(report.result)).not.toContain(untracked);
    expect(JSON.stringify(report.result)).not.toContain(ignored);
  });

  it('a repository with no files passes nothing, and the gate does not pass on secrets it never looked for', async () => {
    const dir = repo('empty', {}, []);
    const report = await runScan(dir, {}, { workers: 0 });
    expect(report.result.files_scanned).toBe(0);
    expect(report.result.signals.filter((s) => s.status === 'pass').map((s) => s.id)).toEqual([]);
    expect(report.result.signals.find((s) => s.id === 'secrets.hardcoded')?.status).toBe('unknown');
    const cap = captureIO(dir, { env: { HOME: work, SHIPSHAPE_CONFIG_DIR: path.join(work, 'config'), SHIPSHAPE_CACHE_DIR: process.env.SHIPSHAPE_CACHE_DIR } });
    const code = await main(['check', '--repo', '.', '--json'], cap.io);
    const out = JSON.parse(cap.stdout().toString('utf8')) as { passed: boolean };
    expect(code === 0 && out.passed, 'an empty repository must not pass the gate').toBe(false);
  });
});
