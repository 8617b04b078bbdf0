import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setAnswer } from '../../source/assessment/answers.js';
import { createAssessment } from '../../source/assessment/create.js';
import { saveAssessment } from '../../source/assessment/store.js';
import { loadChecklist } from '../../source/checklist/load.js';
import { main } from '../../source/cli.js';
import { captureIO } from '../detect/engine-helpers.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';

/**
 * `shipshape check` through the real CLI entry (main) on real temporary git
 * repositories: exit codes, outputs, the step summary and the history file.
 */

// A provider-shaped canary, built at run time so this file holds no secret.
const CANARY = ['sk', 'live', 'Zq8Lw3Xr7Tn2Vb5Mk9Pd4Hs6'].join('_');

const CHECKLIST = `id: gate-test
version: 1.0.0
title: Gate test
sections:
  - id: sec
    title: Secrets
  - id: ops
    title: Operations
questions:
  - id: sec.no-secrets
    section: sec
    text: Are there no credentials in the code?
    why: Leaked keys are used within minutes.
    severity: blocker
    signals: [{ id: secrets.hardcoded }]
    evidence: The scan.
    remediation: Move them to a secret store.
    mappings: { soc2: [CC6.1] }
  - id: ops.oncall
    section: ops
    text: Is there an on-call rotation?
    why: Someone must answer pages.
    severity: high
    evidence: The rota.
    remediation: Set one up.
    mappings: {}
`;

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function repo(files: Record<string, string>): string {
  const { dir, cleanup } = tempDir('shipshape-check-');
  cleanups.push(cleanup);
  initRepo(dir);
  writeTree(dir, { 'gate.yaml': CHECKLIST, 'README.md': '# app\n', ...files });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

async function check(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const cap = captureIO(dir, { env });
  const code = await main(['check', ...args], cap.io);
  return { code, out: cap.stdout().toString('utf8'), err: cap.stderr() };
}

const NOW = new Date('2025-06-15T10:00:00.000Z');

async function savedAssessment(dir: string, answers: Record<string, 'yes' | 'no'>): Promise<string> {
  const checklist = loadChecklist(path.join(dir, 'gate.yaml'));
  let a = createAssessment({
    name: 'launch',
    repository: { root: '.', remote: null, branch: 'main' },
    checklist,
    checklistSource: 'gate.yaml',
    scope: { tier: 'customer-facing', data: [], ai: false, frameworks: [] },
    assessor: 'Alice',
    now: NOW,
  });
  for (const [q, state] of Object.entries(answers)) a = setAnswer(a, q, { state }, { by: 'Alice', now: NOW });
  const file = path.join(dir, '.shipshape', 'launch.json');
  await saveAssessment(file, a);
  return file;
}

describe('shipshape check', () => {
  it('detection only: a hard-coded key fails the gate (exit 1) and is never printed', async () => {
    const dir = repo({ 'src/pay.ts': `export const stripe = "${CANARY}";\n` });
    const r = await check(dir, ['--checklist', 'gate.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('sec.no-secrets');
    expect(r.out).toContain('src/pay.ts:1');
    expect(r.out).toContain('no saved assessment');
    const json = await check(dir, ['--checklist', 'gate.yaml', '--json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as { passed: boolean; failures: { question: string }[] };
    expect(parsed.passed).toBe(false);
    expect(parsed.failures.map((f) => f.question)).toEqual(['sec.no-secrets']);
    for (const text of [r.out, r.err, json.out]) expect(text).not.toContain(CANARY);
  });

  it('detection only: a clean repository passes; an unanswered human-only question is a warning', async () => {
    const dir = repo({ 'src/app.ts': 'export const port = Number(process.env.PORT);\n' });
    const r = await check(dir, ['--checklist', 'gate.yaml', '--json', '--fail-on', 'high']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as { warnings: { question: string; kind: string }[] };
    expect(parsed.warnings).toEqual([expect.objectContaining({ question: 'ops.oncall', kind: 'unanswered' })]);
  });

  it('with a saved assessment: the threshold decides, the step summary and history are written', async () => {
    const dir = repo({ 'src/app.ts': 'export {};\n' });
    await savedAssessment(dir, { 'sec.no-secrets': 'yes', 'ops.oncall': 'no' });
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, 'earlier step\n');
    const pass = await check(dir, ['--record'], { GITHUB_STEP_SUMMARY: summary });
    expect(pass.code).toBe(0);
    const fail = await check(dir, ['--fail-on', 'high', '--record'], { GITHUB_STEP_SUMMARY: summary });
    expect(fail.code).toBe(1);
    expect(fail.out).toContain('ops.oncall');

    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('earlier step\n')).toBe(true);
    expect(md).toContain('### shipshape readiness gate: ✅ passed');
    expect(md).toContain('### shipshape readiness gate: ❌ failed');
    expect(md).toMatch(/\| high \| ops\.oncall \|/);

    const history = readFileSync(path.join(dir, '.shipshape', 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { passed: boolean });
    expect(history.map((h) => h.passed)).toEqual([true, false]);
    const cap = captureIO(dir);
    expect(await main(['history'], cap.io)).toBe(0);
    expect(cap.stdout().toString()).toMatch(/pass .*\n.*FAIL/);
    // Each recorded run carries its section scores, and history draws them per section.
    expect(cap.stdout().toString()).toContain('per section, last 2 runs');
    expect(cap.stdout().toString()).toMatch(/^ {2}ops +\S{2} {2}/m);
  });

  it('--record that cannot write the history passes or fails on the gate alone, with a warning', async () => {
    const dir = repo({ 'src/app.ts': 'export {};\n' });
    await savedAssessment(dir, { 'sec.no-secrets': 'yes', 'ops.oncall': 'no' });
    // Something in the way of the history file (a read-only folder is the common case; see test/e2e/read-only.test.ts).
    mkdirSync(path.join(dir, '.shipshape', 'history.jsonl'));
    const pass = await check(dir, ['--record']);
    expect(pass.code).toBe(0);
    expect(pass.err).toMatch(/^shipshape check: warning: this run was not recorded, \.shipshape\/history\.jsonl cannot be written \(it is a folder\); the verdict above stands\n$/);
    const fail = await check(dir, ['--fail-on', 'high', '--record']);
    expect(fail.code).toBe(1);
    expect(fail.err).toContain('this run was not recorded');
  });

  it('a signal contradicting a saved yes fails the gate', async () => {
    const dir = repo({ 'src/app.ts': 'export {};\n' });
    await savedAssessment(dir, { 'sec.no-secrets': 'yes', 'ops.oncall': 'yes' });
    expect((await check(dir, [])).code).toBe(0);
    writeTree(dir, { 'src/pay.ts': `export const stripe = "${CANARY}";\n` });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'add key');
    const r = await check(dir, ['--json']);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { failures: { question: string; kind: string }[] };
    expect(parsed.failures).toEqual([expect.objectContaining({ question: 'sec.no-secrets', kind: 'contradiction' })]);
    expect(r.out).not.toContain(CANARY);
  });

  it('a changed checklist is reported, not a crash', async () => {
    const dir = repo({});
    await savedAssessment(dir, { 'sec.no-secrets': 'yes', 'ops.oncall': 'yes' });
    writeFileSync(path.join(dir, 'gate.yaml'), CHECKLIST.replace('version: 1.0.0', 'version: 1.1.0').replace(/ {2}- id: ops\.oncall[\s\S]*$/, ''));
    const r = await check(dir, ['--json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as { warnings: { kind: string; message: string }[] };
    expect(parsed.warnings.find((w) => w.kind === 'checklist-changed')?.message).toMatch(/1\.0\.0 → 1\.1\.0: 0 added, 1 removed/);
  });

  it('bad input exits 2 with a sentence and leaves files untouched', async () => {
    const dir = repo({});
    const missing = await check(dir, ['.shipshape/nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.json/);

    mkdirSync(path.join(dir, '.shipshape'), { recursive: true });
    const corrupt = path.join(dir, '.shipshape', 'broken.json');
    writeFileSync(corrupt, '{"schema_version": 2, "answers": {');
    const before = readFileSync(corrupt);
    const r = await check(dir, ['.shipshape/broken.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readFileSync(corrupt).equals(before)).toBe(true);

    rmSync(corrupt);
    expect((await check(dir, ['--repo', path.join(dir, 'nowhere'), '--checklist', 'gate.yaml'])).code).toBe(2);
    expect((await check(dir, ['--fail-on', 'critical'])).code).toBe(2);
    const badPolicy = path.join(dir, 'policy.yaml');
    writeFileSync(badPolicy, 'fail_on: sometimes\n');
    const p = await check(dir, ['--checklist', 'gate.yaml', '--policy', 'policy.yaml']);
    expect(p.code).toBe(2);
    expect(p.err, p.err).toMatch(/fail_on/);
    expect(existsSync(path.join(dir, '.shipshape', 'history.jsonl'))).toBe(false);
  });
});
