import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverOverrides, forgetDrivers, gitEnv, GitUsageError, runGit, userSettingsFrom } from '../../source/detect/git-run.js';
import { readGitFacts, readHistory } from '../../source/detect/git.js';
import { runScan } from '../../source/detect/engine.js';
import { packageRoot } from '../../source/util/package-root.js';
import { tempDir } from '../helpers/fs.js';
import { gitIn } from './git-vectors.js';

/**
 * The hardened git runner on its own: what it refuses, the environment it builds,
 * how it reads a repository's drivers, and special files that would block git.
 */

let work: string;
let cleanup: () => void;
beforeAll(() => ({ dir: work, cleanup } = tempDir('shipshape-git-run-')));
afterAll(() => cleanup?.());

function repo(name: string, files: Record<string, string> = { 'a.txt': 'a\n' }): string {
  const dir = path.join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  gitIn(dir, 'init', '-q', '-b', 'main');
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(dir, rel), text);
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-qm', 'init');
  return dir;
}

describe('the one place git runs', () => {
  it('no module but source/detect/git-run.ts can start a program', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const abs = path.join(dir, name);
        if (statSync(abs).isDirectory()) walk(abs);
        else if (/\.tsx?$/.test(name) && !abs.endsWith(path.join('detect', 'git-run.ts')) && /(?:from\s+|import\(\s*|require\(\s*)['"](?:node:)?child_process['"]/.test(readFileSync(abs, 'utf8'))) offenders.push(path.relative(packageRoot(), abs));
      }
    };
    walk(path.join(packageRoot(), 'source'));
    expect(offenders).toEqual([]);
  });

  it('refuses subcommands and flags that write, fetch or undo the hardening', async () => {
    const dir = repo('refuse');
    for (const args of [['fetch'], ['commit', '-m', 'x'], ['status', '--recurse-submodules'], ['log', '--show-signature'], ['log', '--ext-diff'], ['log', '--format=%G?'], ['config', 'user.name', 'x'], ['config', '--unset', 'user.name'], ['log', '--git-dir=/tmp']]) {
      await expect(runGit(dir, args), args.join(' ')).rejects.toThrow(GitUsageError);
    }
  });

  it('drops inherited GIT_* variables and pagers, sets no global or system config and no prompts', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { GIT_DIR: '/elsewhere', GIT_EXTERNAL_DIFF: 'evil', GIT_CONFIG_PARAMETERS: "'core.pager'='evil'", PAGER: 'evil', GIT_CEILING_DIRECTORIES: '/x' });
      const env = gitEnv([['a.b', 'c']], false);
      expect(env.GIT_DIR).toBeUndefined();
      expect(env.GIT_EXTERNAL_DIFF).toBeUndefined();
      expect(env.GIT_CONFIG_PARAMETERS).toBeUndefined();
      expect(env.PAGER).toBeUndefined();
      expect(env.GIT_CEILING_DIRECTORIES).toBe('/x');
      expect(env).toMatchObject({ GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: 'c' });
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it('neutralises every configured driver, whatever its name holds', () => {
    const keys = ['filter.lfs.clean', 'filter.lfs.process', 'filter.a.b=c"d.smudge', 'filter.X Y.required', 'diff.pdf.textconv', 'merge.ours.driver', 'diff.external', 'core.pager', ''].join('\0');
    const out = driverOverrides(keys);
    expect(out).toContainEqual(['filter.lfs.clean', '']);
    expect(out).toContainEqual(['filter.lfs.process', '']);
    expect(out).toContainEqual(['filter.lfs.required', 'false']);
    expect(out).toContainEqual(['filter.a.b=c"d.smudge', '']);
    expect(out).toContainEqual(['filter.X Y.clean', '']);
    expect(out).toContainEqual(['diff.pdf.textconv', '']);
    expect(out).toContainEqual(['diff.pdf.command', '']);
    expect(out).toContainEqual(['merge.ours.driver', '']);
    // `diff.external` has no driver name; it is overridden on its own.
    expect(out.some(([k]) => k.startsWith('diff.external.'))).toBe(false);
  });

  it("keeps the user's personal ignore file and safe.directory entries", () => {
    expect(userSettingsFrom('core.excludesfile\n/home/u/.gitignore_global\0safe.directory\n/srv/repo\0safe.directory\n*\0')).toEqual([
      ['core.excludesFile', '/home/u/.gitignore_global'],
      ['safe.directory', '/srv/repo'],
      ['safe.directory', '*'],
    ]);
  });

  it('an include of /dev/zero makes the configuration unreadable: git is not run, the scan goes on without it', async () => {
    const dir = repo('include-zero');
    writeFileSync(path.join(dir, '.git', 'config'), `${readFileSync(path.join(dir, '.git', 'config'), 'utf8')}[include]\n\tpath = /dev/zero\n`);
    forgetDrivers();
    const facts = await readGitFacts(dir);
    expect(facts.info.isRepository).toBe(false);
    const report = await runScan(dir, {}, { workers: 0 });
    expect(report.result.files_scanned).toBeGreaterThan(0);
  });

  it('a FIFO .mailmap does not block the history read', async () => {
    const dir = repo('mailmap-fifo');
    execFileSync('mkfifo', [path.join(dir, '.mailmap')]);
    const started = Date.now();
    const history = await readHistory(dir, 10, '');
    expect(history?.length).toBe(1);
    // Not a timing bound: the runner's own timeout is 60 s, so finishing at all well before it shows git never opened the FIFO.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a FIFO .gitignore stops the listing calls at their timeout; the walk then reads the ignore rules itself', async () => {
    const dir = repo('gitignore-fifo', { 'a.txt': 'a\n', 'skip.log': 'x\n', '.gitignore.real': '*.log\n' });
    execFileSync('mkfifo', [path.join(dir, 'sub-fifo')]);
    execFileSync('mkdir', [path.join(dir, 'nested')]);
    execFileSync('mkfifo', [path.join(dir, 'nested', '.gitignore')]);
    writeFileSync(path.join(dir, 'nested', 'new.ts'), 'export {};\n');
    const facts = await readGitFacts(dir, { listingTimeoutMs: 1500 });
    expect(facts.info.isRepository).toBe(true);
    expect(facts.tracked?.has('a.txt')).toBe(true);
    expect(facts.untracked).toBeNull();
    expect(facts.note).toMatch(/did not list untracked files in time/);
    process.env.SHIPSHAPE_GIT_TIMEOUT = '1.5';
    try {
      forgetDrivers();
      const report = await runScan(dir, {}, { workers: 0 });
      const paths = report.index.files.map((f) => f.path);
      expect(paths).toContain('nested/new.ts');
      expect(report.index.files.find((f) => f.path === 'nested/new.ts')?.tracked).toBe(false);
      expect(report.index.files.find((f) => f.path === 'a.txt')?.tracked).toBe(true);
      expect(report.notes.join(' ')).toMatch(/read the ignore rules itself/);
    } finally {
      delete process.env.SHIPSHAPE_GIT_TIMEOUT;
    }
  });
});
