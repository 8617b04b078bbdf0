import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checklistRef } from '../../source/assessment/create.js';
import { serializeAssessment } from '../../source/assessment/serialize.js';
import { packageRoot } from '../../source/util/package-root.js';
import { git, initRepo, writeTree } from '../helpers/fs.js';
import { contractErrors, githubIngestionProblems, sarifValidator } from '../helpers/schemas.js';
import { answer, baseAssessment } from '../report/helpers.js';
import { shippedChecklist } from '../report/sample-input.js';
import { parseWorkflowCommands, runCompositeAction } from './actions-runner.js';

/**
 * The recipes the README gives, run as their CI would run them, on a repository
 * with no saved assessment (the case they advertise) and on one with a review.
 * The action's own checkout is this package, already built by the test setup, so
 * its install step takes the "already built" branch; the clean-install branch is
 * measured outside the suite (see the issue note).
 */

const TOKEN = ['ghp', 'Xk29sLq8Wm3Zr7Tn2Vb5Mk9Pd4Hs6Yc1Ja0E'].join('_');
const roots: string[] = [];
afterEach(() => {
  for (const d of roots.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repository(opts: { assessment?: boolean; hostile?: boolean } = {}): string {
  const base = mkdtempSync(path.join(tmpdir(), 'shipshape-ci-'));
  roots.push(base);
  const dir = path.join(base, 'repo');
  mkdirSync(dir);
  initRepo(dir);
  writeTree(dir, {
    'package.json': '{ "name": "app", "version": "1.0.0" }\n',
    'src/index.js': `const token = "${TOKEN}";\nmodule.exports = token;\n`,
    // A summary line a hostile repository would like the runner to obey.
    ...(opts.hostile ? { '::error file=evil::pwned.js': 'x\n', 'src/evil.js': 'const k = "::warning::from the repository";\n' } : {}),
  });
  if (opts.assessment) {
    const checklist = shippedChecklist();
    const a = { ...baseAssessment(checklist), name: 'launch', checklist: checklistRef(checklist, 'ai-production-readiness') };
    a.answers['auth.required'] = answer('yes');
    mkdirSync(path.join(dir, '.shipshape'));
    writeFileSync(path.join(dir, '.shipshape/launch.json'), serializeAssessment(a));
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

describe('the GitHub Action, run as the runner runs it', () => {
  it('on a repository with no saved assessment: detection-only gate, annotations with file and line, summary, SARIF upload, no dossier failure', () => {
    const dir = repository();
    const run = runCompositeAction(packageRoot(), { workspace: dir, with: { 'upload-sarif': 'true', 'dossier-file': 'readiness-dossier.md' } });
    const [install, check, upload, fail] = run.steps;
    expect(install!.code, install!.stderr).toBe(0);
    expect(install!.stdout).toMatch(/already built/);
    expect(run.path).toHaveLength(1);
    expect(existsSync(path.join(run.path[0]!, 'shipshape'))).toBe(true);

    // The check step succeeds (so the upload runs) and reports the gate's answer as outputs.
    expect(check!.code, check!.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ 'exit-code': '1', passed: 'false', 'sarif-file': 'shipshape.sarif', 'json-file': 'shipshape-check.json', 'dossier-file': '' });
    expect(check!.stdout).toMatch(/FAIL: 1 finding fails the gate/);
    expect(check!.stdout + check!.stderr).not.toContain(TOKEN);

    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(errors).toContainEqual({ level: 'error', props: { file: 'src/index.js', line: '1', title: 'shipshape secrets.no-hardcoded' }, message: expect.stringMatching(/answered "no": secrets\.hardcoded failed: .*\. Fails the gate \(blocker\)/) });
    expect(run.annotations).toContainEqual(expect.objectContaining({ level: 'notice', message: expect.stringMatching(/No saved assessment yet, so no dossier/) }));
    expect(run.summary).toContain('### shipshape readiness gate: ❌ failed');
    expect(run.summary).toContain('No saved assessment: detection only.');

    expect(upload!.ran).toBe(true);
    expect(upload!.uses).toMatch(/^github\/codeql-action\/upload-sarif@v4$/);
    const log = JSON.parse(readFileSync(path.join(dir, upload!.with!.sarif_file!), 'utf8')) as Log;
    expect(sarifValidator()(log)).toBe(true);
    expect(githubIngestionProblems(log)).toEqual([]);
    expect(contractErrors(JSON.parse(readFileSync(path.join(dir, 'shipshape-check.json'), 'utf8')))).toEqual([]);

    // The job fails at the end, on the gate's exit code.
    expect(fail!.ran).toBe(true);
    expect(fail!.code).toBe(1);
    expect(run.failed).toBe(true);
  });

  it('soft-fail keeps the job green; without upload-sarif nothing is uploaded', () => {
    const dir = repository();
    const run = runCompositeAction(packageRoot(), { workspace: dir, with: { 'soft-fail': 'true' } });
    expect(run.failed).toBe(false);
    expect(run.steps.find((s) => s.uses)?.ran).toBe(false);
    expect(run.outputs['exit-code']).toBe('1');
  });

  it('with a saved assessment it writes the dossier; repository text in the log cannot act as a workflow command', () => {
    const dir = repository({ assessment: true, hostile: true });
    const run = runCompositeAction(packageRoot(), { workspace: dir, with: { 'dossier-file': 'readiness-dossier.md', args: '--allow-unanswered' } });
    expect(run.steps[1]!.code, run.steps[1]!.stderr).toBe(0);
    expect(run.outputs['dossier-file']).toBe('readiness-dossier.md');
    expect(readFileSync(path.join(dir, 'readiness-dossier.md'), 'utf8')).toMatch(/launch/);
    // Every annotation is one shipshape wrote on purpose.
    for (const a of run.annotations) expect(a.props.title ?? '', JSON.stringify(a)).toMatch(/^shipshape/);
    expect(run.annotations.some((a) => a.message.includes('pwned') || a.message === 'from the repository')).toBe(false);
  });

  it('bad input fails the step itself with exit 2 and skips the gate-failure step', () => {
    const dir = repository();
    const run = runCompositeAction(packageRoot(), { workspace: dir, with: { 'fail-on': 'everything' } });
    expect(run.steps[1]!.code).toBe(2);
    expect(run.steps[3]!.ran).toBe(false);
    expect(run.failed).toBe(true);
  });

  it('the stop-commands guard is what protects the log (the parser honours it)', () => {
    const cmds = parseWorkflowCommands(['::stop-commands::tok', '::error::hidden', '::tok::', '::warning file=a.ts,line=3::shown'].join('\n'));
    expect(cmds).toEqual([{ level: 'warning', props: { file: 'a.ts', line: '3' }, message: 'shown' }]);
  });
});

describe('the GitLab CI template, run as the runner runs it', () => {
  function runGitLab(dir: string): { code: number; out: string } {
    const job = (parse(readFileSync(path.join(packageRoot(), 'ci/shipshape.gitlab-ci.yml'), 'utf8')) as { shipshape: { before_script: string[]; script: string[] }; variables: Record<string, string> });
    // GitLab joins before_script and script into one shell that stops at the first failing command.
    const script = ['set -eo pipefail', ...job.shipshape.before_script, ...job.shipshape.script].join('\n');
    const r = spawnSync('bash', ['-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, CI: 'true', GITLAB_CI: 'true', ...job.variables, SHIPSHAPE_HOME: packageRoot() },
      timeout: 120_000,
    });
    return { code: r.status ?? 1, out: r.stdout + r.stderr };
  }

  it('without a saved assessment: the job fails on the gate, writes Code Quality, SARIF and JSON, and skips the dossier with a note', () => {
    const dir = repository();
    const r = runGitLab(dir);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/no saved assessment yet, so no dossier/);
    const quality = JSON.parse(readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8')) as { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
    expect(quality).toContainEqual(expect.objectContaining({ check_name: 'secrets.no-hardcoded', severity: 'blocker', location: { path: 'src/index.js', lines: { begin: 1 } } }));
    expect(new Set(quality.map((q) => q.fingerprint)).size).toBe(quality.length);
    expect(sarifValidator()(JSON.parse(readFileSync(path.join(dir, 'shipshape.sarif'), 'utf8')))).toBe(true);
    expect(readFileSync(path.join(dir, 'shipshape-summary.md'), 'utf8')).toContain('❌ failed');
    expect(existsSync(path.join(dir, 'readiness-dossier.md'))).toBe(false);
  });

  it('with a saved assessment it also writes the dossier', () => {
    const dir = repository({ assessment: true });
    runGitLab(dir);
    expect(existsSync(path.join(dir, 'readiness-dossier.md'))).toBe(true);
  });
});
