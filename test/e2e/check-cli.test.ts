import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../source/util/package-root.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';

/**
 * The built CLI in a child process, as a pipeline runs it: no TTY on any stream,
 * no colour, CI=true. Only exit codes and bytes on the pipes count.
 */
const CLI = path.join(packageRoot(), 'dist', 'cli.js');
const CANARY = ['ghp', 'Xk29sLq8Wm3Zr7Tn2Vb5Mk9Pd4Hs6Yc1Ja0E'].join('_');
const { dir, cleanup } = tempDir('shipshape-e2e-check-');
afterAll(cleanup);

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: dir, CI: 'true', SHIPSHAPE_CACHE_DIR: process.env.SHIPSHAPE_CACHE_DIR, ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('built CLI without a terminal', () => {
  initRepo(dir);
  writeTree(dir, {
    'package.json': '{ "name": "app", "version": "1.0.0" }\n',
    'src/index.js': `const token = "${CANARY}";\nmodule.exports = token;\n`,
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');

  it('check fails the gate on a committed token: exit 1, plain text, no secret', () => {
    const summary = path.join(dir, 'step-summary.md');
    const r = cli(['check'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code, r.err).toBe(1);
    // The gate's answer and the review's verdict are told apart on the first line.
    expect(r.out.split('\n')[0]).toMatch(/FAIL: 1 finding fails the gate \(fail on blocker and above\) · review verdict: not ready/);
    expect(r.out).toContain('src/index.js:1');
    expect(r.out + r.err).not.toContain(CANARY);
    // No escape sequences on a pipe, whatever the content.
    expect(r.out).not.toMatch(/\u001b/);
    expect(readFileSync(summary, 'utf8')).toContain('❌ failed');
  });

  it('scan --workers 1 reads files in a worker thread of the built bundle (a worker that fails to start would fall back silently)', () => {
    const r = cli(['scan', '--workers', '1']);
    expect(r.code, r.err).toBe(0);
    const m = /Read (\d+) of (\d+) files in 1 worker thread\./.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(cli(['scan', '--workers', 'many']).code).toBe(2);
  });

  it('--json and --sarif are machine-readable', () => {
    const j = cli(['check', '--json']);
    expect(j.code).toBe(1);
    expect((JSON.parse(j.out) as { passed: boolean }).passed).toBe(false);
    const s = cli(['check', '--sarif']);
    expect(s.code).toBe(1);
    const sarif = JSON.parse(s.out) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    expect(s.out).not.toContain(CANARY);
  });

  it('a reader that stops early (| head) ends the CLI quietly, without a stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'scan', '--list-signals'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: dir } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });

  it('a waiver limit past ten years is a usage error with the range, not an unexpected error', () => {
    const r = cli(['check', '--max-waiver-days', '100000']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('expected at most 3650 days');
    expect(r.err).not.toContain('unexpected error');
  });

  it('an unknown command points at the top-level help', () => {
    const r = cli(['bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('(run `shipshape --help` for usage)');
  });

  it('usage errors exit 2 and say what to do', () => {
    const r = cli(['check', '--fail-on', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/sometimes/);
    expect(r.err).toMatch(/--help/);
    const v = cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
