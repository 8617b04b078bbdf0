import { execFileSync } from 'node:child_process';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGitFacts, stripRemoteCredentials, parseLog, unquoteGitPath, pickRemote } from '../../source/detect/git.js';
import { prefetchDirs, SkipTally, walkTree } from '../../source/detect/walk.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => {
  try {
    chmodSync(path.join(dir, 'locked'), 0o755);
  } catch {
    // only some tests lock a directory
  }
  cleanup();
});

const paths = (root: string) => walkTree(root, { git: null }).index;

describe('walkTree outside git', () => {
  it('honours nested .gitignore files, negations included, deeper rules winning', () => {
    writeTree(dir, {
      '.gitignore': '*.log\ntmp/\n',
      'app.ts': 'x',
      'debug.log': 'x',
      'tmp/cache.txt': 'x',
      'sub/.gitignore': '!keep.log\nsecret.txt\n',
      'sub/keep.log': 'x',
      'sub/other.log': 'x',
      'sub/secret.txt': 'x',
      'sub/deeper/secret.txt': 'x',
      'sub/deeper/fine.txt': 'x',
    });
    const index = paths(dir);
    expect(index.files.map((f) => f.path)).toEqual([
      '.gitignore',
      'app.ts',
      'sub/.gitignore',
      'sub/deeper/fine.txt',
      'sub/keep.log',
    ]);
    // debug.log, tmp/, sub/other.log, sub/secret.txt, sub/deeper/secret.txt
    expect(index.skipped.gitignored).toBe(5);
    expect(index.skippedExamples.gitignored).toContain('tmp/');
  });

  it('skips vendored and generated folders and files, counting a folder once', () => {
    writeTree(dir, {
      'src/a.ts': 'x',
      'node_modules/pkg/index.js': 'x',
      'node_modules/pkg/other.js': 'x',
      'vendor/lib.go': 'x',
      'dist/bundle.js': 'x',
      '.venv/lib/site.py': 'x',
      'ios/Pods/x.m': 'x',
      'web/app.min.js': 'x',
      'web/app.js.map': 'x',
    });
    const index = paths(dir);
    expect(index.files.map((f) => f.path)).toEqual(['src/a.ts']);
    expect(index.skipped.vendored).toBe(7);
    // Examples are capped at five per reason.
    expect(index.skippedExamples.vendored).toHaveLength(5);
    expect(index.skippedExamples.vendored).toEqual(expect.arrayContaining(['node_modules/', 'ios/Pods/']));
  });

  it('leaves out what .shipshapeignore lists, counted by reason, negations included', () => {
    writeTree(dir, {
      '.shipshapeignore': '# deliberately bad samples\ntest/fixtures/\n*.snap\n!keep.snap\n',
      'src/a.ts': 'x',
      'test/fixtures/bad/Dockerfile': 'FROM x',
      'test/unit.test.ts': 'x',
      'a.snap': 'x',
      'keep.snap': 'x',
    });
    const index = paths(dir);
    expect(index.files.map((f) => f.path)).toEqual(['.shipshapeignore', 'keep.snap', 'src/a.ts', 'test/unit.test.ts']);
    expect(index.skipped.excluded).toBe(2);
    expect(index.skippedExamples.excluded).toEqual(expect.arrayContaining(['test/fixtures/', 'a.snap']));
  });

  it('skips binary extensions without reading, and stats nothing (sizes come from the reads)', () => {
    writeTree(dir, { 'logo.png': 'not really', 'big.txt': 'a'.repeat(3000), 'small.txt': 'a'.repeat(10) });
    const index = paths(dir);
    expect(index.files.map((f) => f.path)).toEqual(['big.txt', 'small.txt']);
    expect(index.skipped.binary).toBe(1);
    expect(index.files.every((f) => Number.isNaN(f.size))).toBe(true);
  });

  it('never follows symlinks: links out of the tree and to / are counted, loops survive, in-tree targets are indexed once', () => {
    const { dir: outside, cleanup: cleanOutside } = tempDir('shipshape-outside-');
    try {
      writeFileSync(path.join(outside, 'secret.txt'), 'outside');
      writeTree(dir, { 'real/file.txt': 'x' });
      symlinkSync('/', path.join(dir, 'root-link'));
      symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'out-file'));
      symlinkSync(outside, path.join(dir, 'out-dir'));
      symlinkSync('loop-b', path.join(dir, 'loop-a'));
      symlinkSync('loop-a', path.join(dir, 'loop-b'));
      symlinkSync('..', path.join(dir, 'real', 'up'));
      symlinkSync('real/file.txt', path.join(dir, 'in-tree-link'));
      symlinkSync('missing-target', path.join(dir, 'dangling'));
      const index = paths(dir);
      expect(index.files.map((f) => f.path)).toEqual(['real/file.txt']);
      expect(index.skipped['symlink-outside']).toBe(3);
      expect(index.skipped['symlink-loop']).toBe(3); // loop-a, loop-b, real/up
      expect(index.skipped.unreadable).toBe(1); // dangling
    } finally {
      cleanOutside();
    }
  });

  it('skips a FIFO without opening it (would block forever)', () => {
    writeTree(dir, { 'a.txt': 'x' });
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const index = paths(dir);
    expect(index.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(index.skipped['special-file']).toBe(1);
  });

  it('keeps names that are not valid UTF-8, sanitised for display', () => {
    const bad = Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]);
    writeFileSync(bad, 'content');
    const walked = walkTree(dir, { git: null });
    expect(walked.index.files).toHaveLength(1);
    const entry = walked.index.files[0]!;
    expect(entry.path).toContain('\uFFFD');
    // The raw bytes are kept so the file can still be opened.
    expect(Buffer.isBuffer(walked.fsPath(entry))).toBe(true);
    expect((walked.fsPath(entry) as Buffer).equals(bad)).toBe(true);
  });

  it('counts an unreadable directory instead of failing (not testable as root)', () => {
    writeTree(dir, { 'locked/inside.txt': 'x', 'ok.txt': 'x' });
    chmodSync(path.join(dir, 'locked'), 0o000);
    const index = paths(dir);
    if (process.getuid?.() === 0) {
      // root reads through chmod 000, so the directory is simply walked; the point here is that nothing throws.
      expect(index.files.map((f) => f.path)).toContain('ok.txt');
      return;
    }
    expect(index.files.map((f) => f.path)).toEqual(['ok.txt']);
    expect(index.skipped.unreadable).toBe(1);
  });

  it('survives 200 levels of nesting', () => {
    const deep = Array.from({ length: 200 }, (_, i) => `d${i}`).join('/');
    writeTree(dir, { [`${deep}/leaf.txt`]: 'x' });
    expect(paths(dir).files.map((f) => f.path)).toEqual([`${deep}/leaf.txt`]);
  });
});

describe('walkTree in a git repository', () => {
  it('marks tracked vs untracked, skips ignored, and works from a subdirectory', async () => {
    initRepo(dir);
    writeTree(dir, {
      '.gitignore': '*.secret\nbuild-out/\n',
      'pkg/tracked.ts': 'x',
      'pkg/forced.secret': 'x',
      'top.txt': 'x',
    });
    git(dir, 'add', '.gitignore', 'pkg/tracked.ts', 'top.txt');
    git(dir, 'add', '-f', 'pkg/forced.secret');
    git(dir, 'commit', '-q', '-m', 'init');
    writeTree(dir, { 'pkg/untracked.ts': 'x', 'pkg/ignored.secret': 'x', 'pkg/build-out/x.js': 'x', 'pkg/empty/.keep-not': '' });
    git(dir, 'remote', 'add', 'origin', 'https://user:ghp_notARealToken@example.com/org/repo.git');

    const facts = await readGitFacts(path.join(dir, 'pkg'));
    expect(facts.info.isRepository).toBe(true);
    expect(facts.info.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(facts.info.branch).toBe('main');
    expect(facts.info.dirty).toBe(true);
    expect(facts.info.remote).toBe('https://example.com/org/repo.git');
    expect(facts.prefix).toBe('pkg');

    const walked = walkTree(path.join(dir, 'pkg'), {
      git: { tracked: facts.tracked!, untracked: facts.untracked!, ignored: facts.ignored! },
    });
    const files = Object.fromEntries(walked.index.files.map((f) => [f.path, f.tracked]));
    // A committed file stays in even though .gitignore matches it: committed means committed.
    expect(files).toEqual({ 'empty/.keep-not': false, 'forced.secret': true, 'tracked.ts': true, 'untracked.ts': false });
    expect(walked.index.skipped.gitignored).toBe(2); // ignored.secret, build-out/
  });

  it('reports a clean tree as not dirty and a non-repository as such', async () => {
    initRepo(dir);
    writeTree(dir, { 'a.txt': 'x' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    expect((await readGitFacts(dir)).info.dirty).toBe(false);
    // shipshape's own files (the assessment being written, its lock) leave the tree clean and unscanned.
    writeTree(dir, { '.shipshape/review.json': '{}', '.shipshape/review.json.lock': '1' });
    const facts = await readGitFacts(dir);
    expect(facts.info.dirty).toBe(false);
    const walked = walkTree(dir, { git: { tracked: facts.tracked!, untracked: facts.untracked!, ignored: facts.ignored! } });
    expect(walked.index.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(walked.index.skippedExamples.excluded).toEqual(['.shipshape/']);
    writeTree(dir, { 'a.txt': 'changed' });
    expect((await readGitFacts(dir)).info.dirty).toBe(true);
    const { dir: plain, cleanup: c2 } = tempDir();
    try {
      const facts = await readGitFacts(plain);
      expect(facts.info.isRepository).toBe(false);
      expect(facts.note).toMatch(/not a git repository/);
    } finally {
      c2();
    }
  });
});

describe('git helpers', () => {
  it('strips credentials from remote URLs', () => {
    expect(stripRemoteCredentials('https://user:tok@github.com/a/b.git')).toBe('https://github.com/a/b.git');
    expect(stripRemoteCredentials('https://x-access-token@github.com/a/b')).toBe('https://github.com/a/b');
    expect(stripRemoteCredentials('git@github.com:a/b.git')).toBe('git@github.com:a/b.git');
    expect(stripRemoteCredentials('user:secret@host:a/b.git')).toBe('user@host:a/b.git');
    expect(pickRemote('up\thttps://a/x (fetch)\norigin\thttps://t@b/y (fetch)\norigin\thttps://b/y (push)\n')).toBe('https://b/y');
  });

  it('parses NUL-separated log records, whatever the messages hold', () => {
    const sha = 'a'.repeat(40);
    const raw = [sha, `${'b'.repeat(40)} ${'c'.repeat(40)}`, 'A', 'a@x', 'C', 'c@x', '2024-01-01T00:00:00Z', 'subj \u001e odd', 'body\nCo-authored-by: Claude <x>\n']
      .join('\0')
      .concat('\0\n', [sha.replace(/a/g, 'd'), '', 'A', 'a@x', 'C', 'c@x', 'date', 's', ''].join('\0'));
    const commits = parseLog(raw);
    expect(commits).toHaveLength(2);
    expect(commits[0]?.parents).toHaveLength(2);
    expect(commits[0]?.body).toBe('body\nCo-authored-by: Claude <x>');
    expect(commits[1]?.parents).toEqual([]);
  });

  it('unquotes C-quoted paths from diff headers', () => {
    expect(unquoteGitPath('"b/a\\tb\\303\\251.txt"')).toBe('b/a\tbé.txt');
    expect(unquoteGitPath('b/plain.txt')).toBe('b/plain.txt');
  });
});


describe('directory listings read while git runs', () => {
  let d: string;
  let done: () => void;
  beforeEach(() => {
    ({ dir: d, cleanup: done } = tempDir());
  });
  afterEach(() => done());

  it('give the walk the same index, skip folders the walk never enters, and are used once', async () => {
    initRepo(d);
    writeTree(d, { 'src/a.ts': 'a', 'src/deep/b.ts': 'b', 'vendor/lib/c.js': 'c', 'README.md': 'r', '.gitignore': 'out/\n' });
    git(d, 'add', '.');
    git(d, 'commit', '-q', '-m', 'init');
    writeTree(d, { 'src/new.ts': 'n', 'out/x.js': 'x' });
    execFileSync('mkfifo', [path.join(d, 'src', 'pipe')]);
    let ahead: ReturnType<typeof prefetchDirs> | undefined;
    const facts = await readGitFacts(d, { onTracked: (tracked) => (ahead = prefetchDirs(d, tracked)) });
    expect([...(ahead?.keys() ?? [])].sort()).toEqual(['', 'src', 'src/deep']);
    const lists = { tracked: facts.tracked!, untracked: facts.untracked!, ignored: facts.ignored! };
    const plain = walkTree(d, { git: lists });
    const withAhead = walkTree(d, { git: lists, prefetched: ahead! });
    expect(withAhead.index).toEqual(plain.index);
    expect(plain.index.skipped).toMatchObject({ 'special-file': 1, vendored: 1, gitignored: 1 });
    expect(ahead?.size).toBe(0);
  });
});

describe('SkipTally', () => {
  it('keeps the first few paths in path order whatever order they arrive in, and counts them all', () => {
    const paths = ['z.bin', 'a/b.bin', 'm.bin', 'a-b/c.bin', 'b.bin', 'c.bin', 'a.bin'];
    const forward = new SkipTally();
    const backward = new SkipTally();
    for (const p of paths) forward.add('binary', p);
    for (const p of [...paths].reverse()) backward.add('binary', p);
    expect(forward.examples.binary).toEqual(['a-b/c.bin', 'a.bin', 'a/b.bin', 'b.bin', 'c.bin']);
    expect(backward.examples.binary).toEqual(forward.examples.binary);
    expect(forward.skipped.binary).toBe(7);
  });
});
