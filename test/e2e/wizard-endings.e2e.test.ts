import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAssessment } from '../../source/assessment/create.js';
import { loadAssessment, saveAssessment } from '../../source/assessment/store.js';
import { loadChecklist } from '../../source/checklist/load.js';
import { packageRoot } from '../../source/util/package-root.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';
import { ptyScreen, terminalEnv, type PtyScreen } from '../helpers/pty-screen.js';

/**
 * How a wizard session ends when something went wrong underneath it, in a real
 * pseudo-terminal with the built CLI: the file changed on disk (quitting must not
 * say "Saved"), the terminal window closed (SIGHUP, then EIO on every write), and
 * a terminal that calls itself dumb (no colour).
 */
const ROOT = packageRoot();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CHECKLIST = readFileSync(path.join(ROOT, 'test/ui/fixtures/wizard-checklist.yaml'), 'utf8');
const WAIT = 30_000;

const { dir: base, cleanup } = tempDir('shipshape-endings-');
afterAll(cleanup);
let n = 0;
let repo: string;
let file: string;
const running: PtyScreen[] = [];

beforeEach(async () => {
  repo = path.join(base, `repo-${++n}`);
  writeTree(repo, { 'checklist.yaml': CHECKLIST, 'src/index.js': 'module.exports = 1;\n' });
  initRepo(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
  const checklist = loadChecklist(path.join(repo, 'checklist.yaml'));
  file = path.join(repo, '.shipshape', 'e.json');
  const assessment = createAssessment({
    name: 'e',
    repository: { root: '.', remote: null, branch: 'main' },
    checklist,
    checklistSource: 'checklist.yaml',
    scope: { tier: 'internal', data: [], ai: false, frameworks: [] },
    assessor: 'Ann',
    now: new Date(),
  });
  await saveAssessment(file, assessment);
});

afterEach(() => {
  for (const p of running.splice(0)) {
    try {
      p.pty.kill('SIGKILL');
    } catch {
      // gone
    }
  }
});

function wizard(args: string[], env: Record<string, string> = {}, name?: string): PtyScreen {
  const p = ptyScreen(process.execPath, [CLI, ...args], { cwd: repo, env: terminalEnv({ HOME: base, SHIPSHAPE_CONFIG_DIR: path.join(base, 'config'), ...env }), ...(name && { name }) });
  running.push(p);
  return p;
}

const QUESTION = /question \d+ of \d+ {2}· {2}(\S+)/;
const questionId = (p: PtyScreen) => QUESTION.exec(p.screen())?.[1] ?? '';

describe('the end of a wizard session', () => {
  it('quitting after the file changed on disk never says "Saved": the answers go to a copy beside it, one sentence says so, exit 2', async () => {
    const run = wizard(['resume', '.shipshape/e.json']);
    await run.waitFor(QUESTION, WAIT);
    // The scan's proposals are saved first; then someone else writes the file.
    // The header and the question row together: Ink erases a frame before drawing the next, so a frame read half-drawn
    // can show the new header above blank rows.
    await run.waitFor((lines) => (lines[0] ?? '').includes('✔ saved') && QUESTION.test(lines[1] ?? ''), WAIT);
    const theirs = JSON.parse(readFileSync(file, 'utf8')) as { updated_at: string };
    theirs.updated_at = '2031-01-01T00:00:00.000Z';
    const theirBytes = `${JSON.stringify(theirs, null, 2)}\n`;
    writeFileSync(file, theirBytes);

    const id = questionId(run);
    run.write('3');
    // Both in one frame (the reducer sets them together); waiting for one alone could read a half-drawn frame.
    const notSaved = '✘ not saved (file changed on disk): q quits, saving your answers to a copy';
    await run.waitFor((lines) => (lines[0] ?? '').includes('✘ NOT SAVED') && lines.some((l) => l.includes(notSaved)), WAIT);
    run.write('q');
    const { exitCode } = await run.exited;
    expect(exitCode).toBe(2);

    const copies = readdirSync(path.join(repo, '.shipshape')).filter((f) => /^e\.conflict-\d{8}T\d{6}Z\.json$/.test(f));
    expect(copies).toHaveLength(1);
    const copy = `.shipshape/${copies[0]}`;
    const said = run.screen().replace(/\n/g, '');
    expect(said).toContain(
      `shipshape: NOT SAVED — .shipshape/e.json was changed by another program while open here, so this session's answers are in ${copy}: compare the two (shipshape diff .shipshape/e.json ${copy}), keep the one you want as .shipshape/e.json, then resume.`,
    );
    expect(run.output()).not.toContain('Saved ');
    // The copy is a whole assessment with this session's answer; the other program's file is untouched; the lock is gone.
    expect((await loadAssessment(path.join(repo, copy))).assessment.answers[id]).toMatchObject({ state: 'no', source: 'human' });
    expect(readFileSync(file, 'utf8')).toBe(theirBytes);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('closing the terminal saves, releases the lock and exits quietly: no EIO stack, no Node assertion', async () => {
    const err = path.join(repo, 'stderr.txt');
    // stderr to a file: the terminal it would go to is the one being closed.
    const run = ptyScreen('/bin/sh', ['-c', `exec "$0" "$@" 2>'${err}'`, process.execPath, CLI, 'resume', '.shipshape/e.json'], {
      cwd: repo,
      env: terminalEnv({ HOME: base, SHIPSHAPE_CONFIG_DIR: path.join(base, 'config') }),
    });
    running.push(run);
    await run.waitFor(QUESTION, WAIT);
    const id = questionId(run);
    run.write('1');
    await run.waitFor(`${id}: yes`, WAIT);
    // The window closes: the master side goes away, the wizard gets SIGHUP and EIO on every write after it.
    (run.pty as typeof run.pty & { destroy(): void }).destroy();
    const { exitCode } = await run.exited;
    expect(exitCode).toBe(129);
    expect(readFileSync(err, 'utf8')).toBe('Resuming .shipshape/e.json\n');
    expect((await loadAssessment(file)).assessment.answers[id]).toMatchObject({ state: 'yes', source: 'human' });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('TERM=dumb gets no colour, in the wizard and in command output alike', async () => {
    const sgr = /\u001b\[[0-9;]*m/;
    for (const [term, coloured] of [
      ['xterm-256color', true],
      ['dumb', false],
    ] as const) {
      // NO_COLOR unset: only TERM decides.
      const run = wizard(['resume', '.shipshape/e.json'], { NO_COLOR: '' }, term);
      await run.waitFor(QUESTION, WAIT);
      run.write('q');
      await run.exited;
      expect(sgr.test(run.output()), `wizard, TERM=${term}`).toBe(coloured);
      const check = wizard(['check', '.shipshape/e.json', '--allow-unanswered'], { NO_COLOR: '' }, term);
      await check.exited;
      expect(check.output()).toContain('shipshape check');
      expect(sgr.test(check.output()), `check, TERM=${term}`).toBe(coloured);
    }
  });
});
