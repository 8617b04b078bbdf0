import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capPerFile, FindingStore, PER_SCAN } from '../../source/detect/engine-caps.js';
import { packageRoot } from '../../source/util/package-root.js';
import { tempDir } from '../helpers/fs.js';

/**
 * Bounded memory on the repositories that exhausted it: 30,000 files of 6 KB of
 * `require("express")` (before: a V8 out-of-memory abort after 150 s) and 40 files
 * of 2 MB of it (before: 4.6 GB). Generated here, not committed. The built CLI
 * runs in a child process that reports its peak resident set size (all threads).
 * Memory, unlike time, does not depend on how loaded the machine is.
 */

const CLI = path.join(packageRoot(), 'dist', 'cli.js');
/** The speed issue's target for babel is 150 MB; these two cases must stay well under 250. */
const RSS_BUDGET_MB = 250;
const LINE = 'const e = require("express");\n';

let work: string;
let cleanup: () => void;
beforeAll(() => ({ dir: work, cleanup } = tempDir('shipshape-memory-')));
// Removing 30,000 files takes a while on a loaded machine.
afterAll(() => cleanup?.(), 300_000);

function generate(name: string, files: number, size: number): string {
  const root = path.join(work, name);
  const body = LINE.repeat(Math.ceil(size / LINE.length)).slice(0, size);
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `d${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `f${i}.js`), body);
  }
  writeFileSync(path.join(root, 'package.json'), '{"name":"m","dependencies":{"express":"4.0.0"}}\n');
  return root;
}

/** `scan --json` in a child that prints its peak RSS (KB) on stderr as it exits. */
function scanMeasured(root: string): { code: number | null; result: { files_scanned: number; signals: { id: string; summary: string; details?: Record<string, unknown> }[] }; maxRssMb: number } {
  const wrapper = `process.on('exit', () => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n')); await import(${JSON.stringify(`file://${CLI}`)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, CLI, 'scan', root, '--json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 900_000,
    env: { PATH: process.env.PATH, HOME: work, SHIPSHAPE_CACHE_DIR: process.env.SHIPSHAPE_CACHE_DIR },
  });
  const rss = /MAXRSS (\d+)/.exec(r.stderr);
  expect(rss, r.stderr).not.toBeNull();
  return { code: r.status, result: JSON.parse(r.stdout), maxRssMb: Number(rss![1]) / 1024 };
}

describe('bounded memory on repositories built to exhaust it', () => {
  it(`30,000 files × 6 KB of require("express"): finishes under ${RSS_BUDGET_MB} MB and says what it did not keep`, () => {
    const root = generate('many', 30_000, 6 * 1024);
    const { code, result, maxRssMb } = scanMeasured(root);
    expect(code).toBe(0);
    expect(result.files_scanned).toBe(30_001);
    expect(maxRssMb, `peak RSS ${maxRssMb.toFixed(0)} MB`).toBeLessThan(RSS_BUDGET_MB);
    // Findings past the caps are counted, and the signals say so.
    const capped = result.signals.filter((s) => /further findings? in [\d,]+ files? not kept/.test(s.summary));
    expect(capped.length).toBeGreaterThan(0);
    expect(capped[0]?.details?.['findings_not_kept']).toMatch(new RegExp(`${PER_SCAN.toLocaleString('en-US')} per scan`));
  }, 900_000);

  it(`40 files × 2 MB of require("express"): finishes under ${RSS_BUDGET_MB} MB`, () => {
    const root = generate('big', 40, 2_000_000);
    const { code, result, maxRssMb } = scanMeasured(root);
    expect(code).toBe(0);
    expect(result.files_scanned).toBe(41);
    expect(maxRssMb, `peak RSS ${maxRssMb.toFixed(0)} MB`).toBeLessThan(RSS_BUDGET_MB);
  }, 900_000);
});

describe('finding caps', () => {
  const f = (p: string, kind = 'k', line = 1) => ({ kind, path: p, line });

  it('keep at most PER_FILE of a kind from one file, other kinds untouched', () => {
    const found = [...Array.from({ length: 150 }, (_, i) => f('a', 'import', i + 1)), f('a', 'pattern')];
    const { kept, dropped } = capPerFile(found, 100);
    expect(kept.filter((x) => x.kind === 'import')).toHaveLength(100);
    expect(kept.filter((x) => x.kind === 'pattern')).toHaveLength(1);
    expect(dropped).toBe(50);
  });

  it('keep the first findings in path order whatever order files arrive in, and count the rest', () => {
    const paths = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const inOrder = new FindingStore(20);
    for (const p of paths) inOrder.add([f(p), f(p, 'k', 2)]);
    const shuffled = new FindingStore(20);
    for (const p of [...paths].reverse()) shuffled.add([f(p), f(p, 'k', 2)]);
    expect(shuffled.findings()).toEqual(inOrder.findings());
    expect(inOrder.findings().map((x) => x.path)).toEqual(paths.slice(0, 10).flatMap((p) => [p, p]));
    expect(shuffled.dropped).toBe(80);
    expect(shuffled.filesCapped.size).toBe(40);
  });
});
