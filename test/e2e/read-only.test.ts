import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import xterm from '@xterm/headless';
import { spawn as spawnPty } from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAnswer } from '../../source/assessment/answers.js';
import { createAssessment } from '../../source/assessment/create.js';
import { saveAssessment } from '../../source/assessment/store.js';
import { loadChecklist } from '../../source/checklist/load.js';
import { packageRoot } from '../../source/util/package-root.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';

/**
 * A repository whose .shipshape/ folder cannot be written (a read-only checkout, a
 * folder owned by someone else): every command says what to do in one sentence,
 * never "unexpected error … please report it", and the gate still decides `check`.
 * Root ignores permissions, so as root the built CLI runs as nobody.
 */
const CLI = path.join(packageRoot(), 'dist', 'cli.js');
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const CHECKLIST = `id: ro-test
version: 1.0.0
title: Read-only test
sections:
  - id: ops
    title: Operations
questions:
  - id: ops.oncall
    section: ops
    text: Is there an on-call rotation?
    why: Someone must answer pages.
    severity: high
    evidence: The rota.
    remediation: Set one up.
    mappings: {}
`;

const { dir: base, cleanup } = tempDir('shipshape-ro-');
const repo = path.join(base, 'repo');
const home = path.join(base, 'home');
const env = { PATH: process.env.PATH ?? '', HOME: home, SHIPSHAPE_CONFIG_DIR: home, SHIPSHAPE_CACHE_DIR: 'off', NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1' };

beforeAll(async () => {
  mkdirSync(repo, { recursive: true });
  mkdirSync(home, { recursive: true, mode: 0o777 });
  chmodSync(home, 0o777);
  chmodSync(base, 0o755);
  initRepo(repo);
  writeTree(repo, { 'ro.yaml': CHECKLIST, 'README.md': '# app\n' });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
  const checklist = loadChecklist(path.join(repo, 'ro.yaml'));
  const now = new Date('2025-06-15T10:00:00.000Z');
  const created = createAssessment({ name: 'ro', repository: { root: '.', remote: null, branch: 'main' }, checklist, checklistSource: 'ro.yaml', scope: { tier: 'internal', data: [], ai: false, frameworks: [] }, assessor: 'Alice', now });
  await saveAssessment(path.join(repo, '.shipshape', 'ro.json'), setAnswer(created, 'ops.oncall', { state: 'yes' }, { by: 'Alice', now }));
  await saveAssessment(path.join(repo, '.shipshape', 'gap.json'), setAnswer({ ...created, id: 'gap', name: 'gap' }, 'ops.oncall', { state: 'no' }, { by: 'Alice', now }));
  chmodSync(path.join(repo, '.shipshape'), 0o555);
});

afterAll(() => {
  chmodSync(path.join(repo, '.shipshape'), 0o755);
  cleanup();
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, env, encoding: 'utf8', timeout: 60_000, ...AS_NOBODY });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The wizard commands need a terminal: run them in a pseudo-terminal and return what it shows once they exit. */
async function inTerminal(args: string[]): Promise<{ code: number; screen: string }> {
  const term = new xterm.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  const pty = spawnPty(process.execPath, [CLI, ...args], { name: 'xterm-256color', cols: 80, rows: 24, cwd: repo, env, ...AS_NOBODY });
  let written = Promise.resolve();
  pty.onData((d) => {
    written = written.then(() => new Promise<void>((resolve) => term.write(d, resolve)));
  });
  const { exitCode } = await new Promise<{ exitCode: number }>((resolve) => pty.onExit(resolve));
  await written;
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < term.rows; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
  // The terminal wraps at 80 columns: join the rows back into the sentences they are.
  return { code: exitCode, screen: lines.join('').replace(/\s+/g, ' ').trim() };
}

describe('a .shipshape/ folder that cannot be written', () => {
  it('the wizard does not start, and says why and what to do in one sentence (start and resume)', async () => {
    for (const args of [['start', '--checklist', 'ro.yaml', '--name', 'new'], ['resume', '.shipshape/ro.json']]) {
      const { code, screen } = await inTerminal(args);
      expect(code, screen).toBe(2);
      expect(screen).toMatch(
        new RegExp(`^shipshape ${args[0]}: \\S*\\.shipshape: cannot write here \\(permission denied\\), and the wizard saves every answer here as it is given: make the folder writable \\(chmod u\\+w \\S*\\.shipshape\\) or review a copy of the repository\\.$`),
      );
    }
    expect(readdirSync(path.join(repo, '.shipshape')).sort()).toEqual(['gap.json', 'ro.json']);
  });

  it('check --record passes or fails on the gate alone and warns that the run was not recorded', () => {
    const warning = 'shipshape check: warning: this run was not recorded, .shipshape/history.jsonl cannot be written (permission denied); the verdict above stands\n';
    const pass = cli(['check', '.shipshape/ro.json', '--record']);
    expect(pass.code, pass.err).toBe(0);
    expect(pass.err).toContain(warning);
    const fail = cli(['check', '.shipshape/gap.json', '--record', '--fail-on', 'high']);
    expect(fail.code, fail.err).toBe(1);
    expect(fail.err).toContain(warning);
    expect(existsSync(path.join(repo, '.shipshape', 'history.jsonl'))).toBe(false);
  });

  it('report says where it cannot write and how to write elsewhere; -o - still works', () => {
    const r = cli(['report', '.shipshape/ro.json', '--no-scan']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('shipshape report: cannot write .shipshape/ro.dossier.md (permission denied): make its folder writable or choose another path\n');
    const out = cli(['report', '.shipshape/ro.json', '--no-scan', '-o', '-']);
    expect(out.code, out.err).toBe(0);
    expect(out.out).toContain('ops.oncall');
  });

  it('no command answers with "unexpected error" or asks for a report', () => {
    for (const args of [['check', '.shipshape/ro.json', '--record'], ['report', '.shipshape/ro.json', '--no-scan'], ['scan', '--write-baseline', '.shipshape/baseline.json'], ['history']]) {
      const r = cli(args);
      expect(r.err, args.join(' ')).not.toMatch(/unexpected error|please report|\n\s+at /);
    }
  });
});
