import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScan, type ScanReport } from '../../source/detect/engine.js';
import { DETECTORS } from '../../source/detect/detectors/index.js';
import { shouldUseWorkers } from '../../source/detect/engine-workers.js';
import { availableParallelism } from 'node:os';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';
import { packageRoot } from '../../source/util/package-root.js';

/**
 * The incremental re-scan must be invisible in the output: after edits,
 * deletions, renames and new untracked files, a scan that reuses the cache says
 * byte for byte what a scan without it says.
 */

let dir: string;
let cacheDir: string;
let cleanups: (() => void)[] = [];
beforeEach(() => {
  const repo = tempDir('shipshape-cache-repo-');
  const cache = tempDir('shipshape-cache-dir-');
  dir = repo.dir;
  cacheDir = cache.dir;
  cleanups = [repo.cleanup, cache.cleanup];
});
afterEach(() => {
  for (const c of cleanups) c();
});

// Built by concatenation so no scanner mistakes this test for a leak.
const KEY = 'sk_' + 'live_' + '4eC39HqLyjWDarjtT1zdp7dc' + 'Q9xR2mZk';
const KEY2 = 'ghp_' + 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5';

const TREE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'app', dependencies: { openai: '4.0.0', express: '4.19.0', 'express-rate-limit': '7.0.0' } }),
  'src/server.ts': [
    "import express from 'express';",
    "import rateLimit from 'express-rate-limit';",
    "import OpenAI from 'openai';",
    'const app = express();',
    'app.use(rateLimit({ windowMs: 60_000, max: 100 }));',
    'const client = new OpenAI();',
    "app.post('/chat', async (req, res) => { const r = await client.chat.completions.create({ model: 'gpt-4o', messages: req.body.messages }); res.json(r); });",
    "app.get('/health', (_req, res) => res.send('ok'));",
    'app.listen(3000);',
    '',
  ].join('\n'),
  'src/pay.ts': `export const stripe = "${KEY}";\n`,
  'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["node", "dist/server.js"]\n',
  '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
  'README.md': '# app\n',
  '.gitignore': 'node_modules/\n*.log\n',
};

function stable(r: ScanReport): string {
  const { duration_ms: _d, ...rest } = r.result;
  return JSON.stringify(rest);
}

async function both(): Promise<{ cold: ScanReport; warm: ScanReport }> {
  const cold = await runScan(dir, {}, { workers: 0 });
  const warm = await runScan(dir, {}, { workers: 0, cacheDir });
  return { cold, warm };
}

describe('incremental re-scan', () => {
  it('says exactly what a scan without the cache says, after edits, deletions, renames and new untracked files', async () => {
    initRepo(dir);
    writeTree(dir, TREE);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');

    const first = await runScan(dir, {}, { workers: 0, cacheDir });
    expect(first.stats.filesFromCache).toBe(0);
    let { cold, warm } = await both();
    expect(stable(warm)).toBe(stable(cold));
    // Unchanged tree: the whole result is the last one, and no file is read.
    expect(warm.stats.resultFromCache).toBe(true);
    expect(warm.stats.filesFromCache).toBeGreaterThan(5);
    expect(warm.stats.filesRead).toBe(0);
    expect(warm.index.files.map((f) => [f.path, f.size, f.tracked])).toEqual(cold.index.files.map((f) => [f.path, f.size, f.tracked]));

    // Edit (a new secret where there was none), delete, rename (staged and not), a new untracked file, a staged edit.
    writeFileSync(path.join(dir, 'src/util.ts'), `export const token = "${KEY2}";\n`);
    rmSync(path.join(dir, 'Dockerfile'));
    git(dir, 'mv', 'src/pay.ts', 'src/billing.ts');
    renameSync(path.join(dir, 'README.md'), path.join(dir, 'docs.md'));
    writeTree(dir, { 'src/new.ts': `const leaked = "${KEY}";\n`, 'debug.log': 'ignored\n' });
    writeFileSync(path.join(dir, '.github/workflows/ci.yml'), `${TREE['.github/workflows/ci.yml']}      - run: npm run lint\n`);
    git(dir, 'add', '.github/workflows/ci.yml');

    ({ cold, warm } = await both());
    expect(stable(warm)).toBe(stable(cold));
    expect(warm.stats.resultFromCache).toBe(false);
    const secrets = warm.result.signals.find((s) => s.id === 'secrets.hardcoded');
    expect(secrets?.evidence.map((e) => e.path).sort()).toEqual(expect.arrayContaining(['src/billing.ts', 'src/new.ts', 'src/util.ts']));
    // Only the changed, renamed and new files were read again; the rest came from the cache.
    expect(warm.stats.filesRead).toBeGreaterThanOrEqual(4);
    expect(warm.stats.filesFromCache).toBeGreaterThan(0);

    // Committed: the edits become clean, cached again, and still identical.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'more');
    await runScan(dir, {}, { workers: 0, cacheDir });
    ({ cold, warm } = await both());
    expect(stable(warm)).toBe(stable(cold));
    expect(warm.stats.filesRead).toBe(0);
  });

  it('an edit that keeps the size and is not yet seen by git is read again', async () => {
    initRepo(dir);
    writeTree(dir, { 'src/a.ts': 'export const a = "placeholder-value-000000000000";\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    await runScan(dir, {}, { workers: 0, cacheDir });
    // Same length, different content: only git's content check can tell.
    writeFileSync(path.join(dir, 'src/a.ts'), `export const a = "${KEY}";\n`.slice(0, 51).padEnd(51, ' ') + '\n');
    const { cold, warm } = await both();
    expect(stable(warm)).toBe(stable(cold));
    expect(warm.stats.filesFromCache).toBe(0);
  });

  it('never holds a secret in full, survives a corrupt cache file, and keys on the detector set', async () => {
    initRepo(dir);
    writeTree(dir, TREE);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    await runScan(dir, {}, { workers: 0, cacheDir });
    const scanDir = path.join(cacheDir, 'scan');
    const files = readdirSync(scanDir);
    expect(files).toHaveLength(1);
    const stored = readFileSync(path.join(scanDir, files[0] as string), 'utf8');
    expect(stored).toContain('src/pay.ts');
    expect(stored.includes(KEY)).toBe(false);
    const memoDir = path.join(cacheDir, 'scan-result');
    const memos = readdirSync(memoDir);
    expect(memos).toHaveLength(1);
    const memo = readFileSync(path.join(memoDir, memos[0] as string), 'utf8');
    expect(memo).toContain('src/pay.ts');
    expect(memo.includes(KEY)).toBe(false);
    // The whole result is kept for the shipped detector set only.
    expect((await runScan(dir, {}, { workers: 0, cacheDir, detectors: DETECTORS })).stats.resultFromCache).toBe(false);

    // A different detector set finds nothing to reuse.
    const fewer = await runScan(dir, {}, { workers: 0, cacheDir, detectors: DETECTORS.slice(0, 3) });
    expect(fewer.stats.filesFromCache).toBe(0);

    writeFileSync(path.join(scanDir, files[0] as string), '{"format":1,"key":');
    writeFileSync(path.join(memoDir, memos[0] as string), '{"format":1,"key":');
    const { cold, warm } = await both();
    expect(stable(warm)).toBe(stable(cold));
    expect(warm.stats.filesFromCache).toBe(0);
    expect(warm.stats.resultFromCache).toBe(false);
  });

  it('reuses the whole result only while nothing a scan reads has changed', async () => {
    initRepo(dir);
    writeTree(dir, { ...TREE, 'notes.txt': 'untracked aaaa\n' });
    git(dir, 'add', 'src', 'package.json', 'Dockerfile', '.github', 'README.md', '.gitignore');
    git(dir, 'commit', '-q', '-m', 'init');
    writeFileSync(path.join(dir, 'src/util.ts'), 'export const add = (a: number, b: number) => a - b;\n');
    const reused = async (opts: Parameters<typeof runScan>[1] = {}) => {
      await runScan(dir, opts, { workers: 0, cacheDir });
      const cold = await runScan(dir, opts, { workers: 0 });
      const warm = await runScan(dir, opts, { workers: 0, cacheDir });
      expect(stable(warm)).toBe(stable(cold));
      return warm.stats.resultFromCache;
    };
    const changedSince = async (change: () => void, opts: Parameters<typeof runScan>[1] = {}) => {
      await runScan(dir, opts, { workers: 0, cacheDir });
      change();
      const cold = await runScan(dir, opts, { workers: 0 });
      const warm = await runScan(dir, opts, { workers: 0, cacheDir });
      expect(stable(warm)).toBe(stable(cold));
      return !warm.stats.resultFromCache;
    };
    expect(await reused()).toBe(true);
    // Same size, new content, in an untracked file and in an already modified one: git's status says the same.
    expect(await changedSince(() => writeFileSync(path.join(dir, 'notes.txt'), `untracked ${KEY.slice(0, 4)}\n`))).toBe(true);
    expect(await changedSince(() => writeFileSync(path.join(dir, 'src/util.ts'), `export const k = "${KEY}";`.padEnd(52, ' ').slice(0, 52) + '\n'))).toBe(true);
    // A new commit with the same tree (history signals read HEAD), other options, the assessment folder appearing.
    expect(await changedSince(() => git(dir, 'commit', '-q', '--allow-empty', '-m', 'empty'))).toBe(true);
    expect(await changedSince(() => undefined, { history: true })).toBe(false);
    expect(await reused({ historyDepth: 5 })).toBe(true);
    expect((await runScan(dir, { historyDepth: 6 }, { workers: 0, cacheDir })).stats.resultFromCache).toBe(false);
    expect(await changedSince(() => writeTree(dir, { '.shipshape/assessment.json': '{}' }))).toBe(true);
    // The exclusion file, even where git ignores it.
    writeFileSync(path.join(dir, '.git/info/exclude'), '.shipshapeignore\n');
    expect(await changedSince(() => writeFileSync(path.join(dir, '.shipshapeignore'), 'src/\n'))).toBe(true);
    expect(await changedSince(() => writeFileSync(path.join(dir, '.shipshapeignore'), 'src/pay.ts\n'))).toBe(true);
    // A deleted file.
    expect(await changedSince(() => rmSync(path.join(dir, 'Dockerfile')))).toBe(true);
  });

  it('outside a repository nothing is cached (there is no blob id to key on)', async () => {
    writeTree(dir, TREE);
    await runScan(dir, {}, { workers: 0, cacheDir });
    const { cold, warm } = await both();
    expect(stable(warm)).toBe(stable(cold));
    expect(warm.stats.filesFromCache).toBe(0);
  });
});

describe('worker count', () => {
  const job = (i: number) => ({ entry: { path: `f${i}`, base: `f${i}`, ext: '', size: Number.NaN, tracked: true }, detectors: [0] });
  const big = Array.from({ length: 10_000 }, (_, i) => job(i));
  it('auto takes a worker only when a core is idle, and never for a small tree', () => {
    expect(shouldUseWorkers(big, 'auto', availableParallelism())).toBe(0);
    expect(shouldUseWorkers(big, 'auto', 0)).toBe(availableParallelism() >= 2 ? 1 : 0);
    expect(shouldUseWorkers(big.slice(0, 500), 'auto', 0)).toBe(0);
    expect(shouldUseWorkers(big.slice(0, 1), 2, 99)).toBe(2);
  });
});

describe('the commands', () => {
  const CLI = path.join(packageRoot(), 'dist', 'cli.js');
  const scanJson = (env: Record<string, string>, ...flags: string[]) =>
    JSON.parse(execFileSync(process.execPath, [CLI, 'scan', dir, '--json', ...flags], { env: { ...process.env, ...env }, encoding: 'utf8' })) as Record<string, unknown>;

  it('scan keeps the cache in $SHIPSHAPE_CACHE_DIR, not with --no-cache or SHIPSHAPE_CACHE_DIR=off, and prints the same either way', () => {
    initRepo(dir);
    writeTree(dir, TREE);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    const off = scanJson({ SHIPSHAPE_CACHE_DIR: cacheDir }, '--no-cache');
    expect(existsSync(path.join(cacheDir, 'scan'))).toBe(false);
    scanJson({ SHIPSHAPE_CACHE_DIR: 'off' });
    expect(existsSync(path.join(cacheDir, 'scan'))).toBe(false);
    scanJson({ SHIPSHAPE_CACHE_DIR: cacheDir });
    expect(readdirSync(path.join(cacheDir, 'scan'))).toHaveLength(1);
    const warm = scanJson({ SHIPSHAPE_CACHE_DIR: cacheDir });
    delete off.duration_ms;
    delete warm.duration_ms;
    expect(warm).toEqual(off);
    // The table says when the result was the last one, and --no-cache does not.
    const table = (...flags: string[]) => execFileSync(process.execPath, [CLI, 'scan', dir, ...flags], { env: { ...process.env, SHIPSHAPE_CACHE_DIR: cacheDir }, encoding: 'utf8' });
    expect(table()).toContain('its result was reused');
    expect(table('--no-cache')).not.toContain('its result was reused');
  });
});
