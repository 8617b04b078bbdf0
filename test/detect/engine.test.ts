import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScan, scan, ScanInputError } from '../../source/detect/engine.js';
import { readFileCapped, type ReadFn } from '../../source/detect/read.js';
import type { CommitRecord, Detector, EvaluateInput, Signal } from '../../source/detect/types.js';
import { probeDetector } from './engine-helpers.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

function countingReader(): { read: ReadFn; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const read: ReadFn = (p, max) => {
    const key = path.relative(dir, p.toString());
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return readFileCapped(p, max);
  };
  return { read, counts };
}

describe('engine', () => {
  it('reads each selected file at most once, however many detectors select it, and unselected files never', async () => {
    writeTree(dir, { 'a.ts': 'alpha', 'b.py': 'beta', 'c.md': 'gamma' });
    const { read, counts } = countingReader();
    const a = probeDetector('a', { selects: (f) => f.ext !== '.md' });
    const b = probeDetector('b', { selects: (f) => f.ext !== '.md' });
    const result = await scan(dir, {}, { detectors: [a, b], readFile: read });
    expect([...counts.entries()].sort()).toEqual([
      ['a.ts', 1],
      ['b.py', 1],
    ]);
    expect(a.seen).toEqual(['a.ts', 'b.py']);
    expect(b.seen).toEqual(['a.ts', 'b.py']);
    expect(result.files_scanned).toBe(3);
  });

  it('takes sizes from the reads, and skips files over the cap whether a detector reads them or not', async () => {
    writeTree(dir, { 'read-big.ts': 'a'.repeat(3000), 'read-small.ts': 'a'.repeat(10), 'unread-big.md': 'b'.repeat(3000), 'unread-small.md': 'b'.repeat(7) });
    const { read, counts } = countingReader();
    const a = probeDetector('a', { selects: (f) => f.ext === '.ts' });
    const report = await runScan(dir, { maxFileSize: 1000 }, { detectors: [a], readFile: read });
    expect(report.index.files.map((f) => [f.path, f.size])).toEqual([
      ['read-small.ts', 10],
      ['unread-small.md', 7],
    ]);
    expect(report.result.skipped_by_reason['too-large']).toBe(2);
    expect(report.result.skipped_examples?.['too-large']).toEqual(['read-big.ts', 'unread-big.md']);
    expect(report.result.files_scanned).toBe(2);
    // Files no detector reads are never opened.
    expect([...counts.keys()].sort()).toEqual(['read-big.ts', 'read-small.ts']);
    expect(a.seen).toEqual(['read-small.ts']);
  });

  it('keeps evaluate-time reads for the next detector, up to a bound, so a flood of them is not all held', async () => {
    writeTree(dir, { 'a.txt': 'a'.repeat(5_000_000), 'b.txt': 'b'.repeat(5_000_000) });
    const { read, counts } = countingReader();
    const twice = (input: EvaluateInput) => ['a.txt', 'b.txt', 'a.txt', 'b.txt'].map((p) => input.readText(p)?.length);
    let lengths: (number | undefined)[] = [];
    const d = probeDetector('r', { selects: () => false, evaluate: (input) => ((lengths = twice(input)), []) });
    await scan(dir, { maxFileSize: 8_000_000 }, { detectors: [d], readFile: read });
    expect(lengths).toEqual([5_000_000, 5_000_000, 5_000_000, 5_000_000]);
    // The first 5 million characters fit the 8 million kept; the next 5 would not, so b.txt is read each time.
    expect([...counts.entries()].sort()).toEqual([
      ['a.txt', 1],
      ['b.txt', 2],
    ]);
  });

  it('applies the literal prefilter before collect', async () => {
    writeTree(dir, { 'has.txt': 'token AKIA here', 'not.txt': 'nothing' });
    const d = probeDetector('p', { prefilter: ['AKIA'] });
    await scan(dir, {}, { detectors: [d] });
    expect(d.seen).toEqual(['has.txt']);
  });

  it('drops files with a NUL in the first block as binary at read time', async () => {
    writeTree(dir, { 'blob.dat': Buffer.from([0x41, 0x00, 0x42]), 'text.txt': 'ok' });
    const d = probeDetector();
    const result = await scan(dir, {}, { detectors: [d] });
    expect(d.seen).toEqual(['text.txt']);
    expect(result.skipped_by_reason.binary).toBe(1);
    expect(result.files_scanned).toBe(1);
  });

  it('hashes only files with findings, and gives evaluate a lazy hashOf/readText for others', async () => {
    writeTree(dir, { 'hit.txt': 'MARK', 'miss.txt': 'plain', '.gitignore': '.env\n' });
    let seenInput: EvaluateInput | undefined;
    const d = probeDetector('h', {
      prefilter: ['MARK'],
      evaluate(input) {
        seenInput = input;
        return [{ id: 'h.files', status: 'pass', summary: 'x', confidence: 'high', evidence: [{ path: 'miss.txt', sha256: '' }] }];
      },
    });
    const result = await scan(dir, {}, { detectors: [d] });
    expect([...seenInput!.hashes.keys()]).toEqual(['hit.txt']);
    expect(seenInput!.readText('.gitignore')).toBe('.env\n');
    expect(seenInput!.readText('../outside')).toBeNull();
    expect(seenInput!.hashOf('miss.txt')).toMatch(/^[0-9a-f]{64}$/);
    // Evidence without a digest is given one by the engine.
    expect(result.signals[0]?.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns a throwing detector into unknown signals without a stack trace, and keeps the others', async () => {
    writeTree(dir, { 'a.txt': 'x' });
    const boomCollect = probeDetector('boom1', {
      collect: () => {
        throw new SyntaxError('Unexpected token in JSON: "AKIAIOSFODNN7EXAMPLE"');
      },
    });
    const boomEval = probeDetector('boom2', {
      evaluate: () => {
        throw new Error('evaluate broke');
      },
    });
    const fine = probeDetector('fine');
    const result = await scan(dir, {}, { detectors: [boomCollect, boomEval, fine] });
    const byId = new Map(result.signals.map((s) => [s.id, s]));
    expect(byId.get('boom1.files')?.status).toBe('unknown');
    expect(byId.get('boom1.files')?.summary).toMatch(/boom1 detector failed \(SyntaxError\)/);
    expect(byId.get('boom2.files')?.status).toBe('unknown');
    expect(byId.get('fine.files')?.status).toBe('pass');
    // The error's message (which can quote repository content) never reaches the result.
    expect(JSON.stringify(result)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('emits every declared signal exactly once, sorted; missing ones are "not evaluated", undeclared ones dropped', async () => {
    writeTree(dir, { 'a.txt': 'x' });
    const d: Detector = {
      id: 'multi',
      signals: [
        { id: 'z.last', title: 'z', passWhen: 'z' },
        { id: 'a.first', title: 'a', passWhen: 'a' },
        { id: 'm.forgotten', title: 'm', passWhen: 'm' },
      ],
      selects: () => false,
      collect: () => [],
      evaluate: (): Signal[] => [
        { id: 'z.last', status: 'fail', summary: 'bad \u001b[31mred\u001b[0m \u009b2J', confidence: 'high', evidence: [{ path: 'a\u001b]0;x\u0007.txt', line: 3, excerpt: 'x\u001by', sha256: '' }] },
        { id: 'a.first', status: 'pass', summary: 'ok', confidence: 'high', evidence: [] },
        { id: 'a.first', status: 'fail', summary: 'duplicate', confidence: 'high', evidence: [] },
        { id: 'undeclared', status: 'pass', summary: 'no', confidence: 'high', evidence: [] },
      ],
    };
    const result = await scan(dir, {}, { detectors: [d] });
    expect(result.signals.map((s) => [s.id, s.status])).toEqual([
      ['a.first', 'pass'],
      ['m.forgotten', 'unknown'],
      ['z.last', 'fail'],
    ]);
    expect(result.signals[1]?.summary).toMatch(/not evaluated/);
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/\\u001b|\u001b|\u009b|\\u0007/);
  });

  it('passes commit history to detectors that need it, and null outside git', async () => {
    let got: CommitRecord[] | null | undefined;
    const d = probeDetector('hist', {
      needsHistory: true,
      evaluate(input) {
        got = input.history;
        return [];
      },
    });
    writeTree(dir, { 'a.txt': 'x' });
    await scan(dir, {}, { detectors: [d] });
    expect(got).toBeNull();

    initRepo(dir);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'first', '-m', 'Co-authored-by: Claude <noreply@anthropic.com>');
    writeTree(dir, { 'b.txt': 'y' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'second');
    await scan(dir, {}, { detectors: [d] });
    expect(got?.map((c) => c.subject)).toEqual(['second', 'first']);
    expect(got?.[1]?.body).toContain('Co-authored-by: Claude');
    expect(got?.[0]?.parents).toEqual([got?.[1]?.sha]);
  });

  it('streams added lines of past commits with --history only', async () => {
    initRepo(dir);
    writeTree(dir, { 'config.ts': 'const a = 1;\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'one');
    writeTree(dir, { 'config.ts': 'const a = 1;\nconst key = "AKIA_FAKE";\n++ not a header\n' });
    git(dir, 'commit', '-q', '-am', 'two');
    writeTree(dir, { 'config.ts': 'const a = 1;\n' });
    git(dir, 'commit', '-q', '-am', 'three');

    let patches: { commit: string; path: string; addedLines: { line: number; text: string }[] }[] = [];
    let had: boolean | undefined;
    const d = probeDetector('hp', {
      async evaluate(input) {
        had = input.historyPatches !== undefined;
        if (input.historyPatches) for await (const p of input.historyPatches()) patches.push(p);
        return [];
      },
    });
    await scan(dir, {}, { detectors: [d] });
    expect(had).toBe(false);
    await scan(dir, { history: true }, { detectors: [d] });
    expect(had).toBe(true);
    const added = patches.filter((p) => p.addedLines.some((l) => l.text.includes('AKIA_FAKE')));
    expect(added).toHaveLength(1);
    expect(added[0]?.path).toBe('config.ts');
    expect(added[0]?.addedLines).toEqual([
      { line: 2, text: 'const key = "AKIA_FAKE";' },
      { line: 3, text: '++ not a header' },
    ]);
    patches = [];

    // .shipshapeignore applies to history as it does to the tree.
    writeTree(dir, { '.shipshapeignore': 'config.ts\n' });
    await scan(dir, { history: true }, { detectors: [d] });
    expect(patches.filter((p) => p.path === 'config.ts')).toEqual([]);
  });

  it('rejects a missing root and a file root with a ScanInputError', async () => {
    await expect(scan(path.join(dir, 'nope'))).rejects.toBeInstanceOf(ScanInputError);
    writeTree(dir, { 'f.txt': 'x' });
    await expect(scan(path.join(dir, 'f.txt'))).rejects.toThrow(/is a file, not a directory/);
  });

  it('reports progress, throttled, ending with done', async () => {
    writeTree(dir, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}.txt`, 'x'])));
    const phases: string[] = [];
    await scan(dir, { onProgress: (p) => phases.push(p.phase) }, { detectors: [probeDetector()] });
    expect(phases[0]).toBe('walk');
    expect(phases.at(-1)).toBe('done');
    expect(phases.length).toBeLessThan(20);
  });

  it('gives the same signals with worker threads as in-process (registry detectors)', async () => {
    writeTree(dir, {
      'package.json': '{"dependencies":{"pino":"9.0.0","openai":"4.0.0"}}',
      'src/app.ts': 'import pino from "pino";\nconst key = "AKIAIOSFODNN7EXAMPL3";\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
      Dockerfile: 'FROM node:20\nUSER node\n',
    });
    const inProcess = await runScan(dir, {}, { workers: 0 });
    const threaded = await runScan(dir, {}, { workers: 2 });
    expect(inProcess.stats.filesInWorkers).toBe(0);
    // The workers really ran (a worker that fails to start falls back in-process silently).
    expect(threaded.stats.filesInWorkers).toBe(threaded.stats.filesRead);
    expect(threaded.stats.filesRead).toBeGreaterThan(0);
    expect(threaded.result.signals).toEqual(inProcess.result.signals);
  });
});
