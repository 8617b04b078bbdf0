import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { git } from '../helpers/fs.js';
import { KEYS } from '../helpers/keys.js';
import { runCli as spawnCli, TSX, type Driven } from './pty-driver.js';

/**
 * The wizard end to end, in a real pseudo-terminal: start on a fixture
 * repository, set the scope, answer by keys, get killed with SIGKILL mid-session,
 * resume, see the answers kept, finish, export, and read the dossier on disk.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const CHECKLIST = path.join(ROOT, 'test/ui/fixtures/wizard-checklist.yaml');
const { enter: ENTER, tab: TAB, esc: ESC, up: UP, down: DOWN, ctrlU: CTRL_U } = KEYS;

let dir: string;
let repo: string;
let env: Record<string, string>;


function saved(): { answers: Record<string, { state: string; source: string; answered_by: string }> } {
  return JSON.parse(readFileSync(path.join(repo, '.shipshape/e2e.json'), 'utf8'));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shipshape-e2e-'));
  repo = path.join(dir, 'repo');
  cpSync(path.join(ROOT, 'test/fixtures/repos/secrets-nextjs-ai'), repo, { recursive: true });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'fixture');
  env = { SHIPSHAPE_CONFIG_DIR: path.join(dir, 'config'), HOME: dir, GIT_CONFIG_GLOBAL: path.join(dir, 'gitconfig') };
  execFileSync('git', ['config', '--file', env.GIT_CONFIG_GLOBAL!, 'user.name', 'Ann Auditor']);
});

const running: Driven[] = [];
function runCli(...args: Parameters<typeof spawnCli>): Driven {
  const d = spawnCli(...args);
  running.push(d);
  return d;
}

afterEach(() => {
  // A failed step must not leave a wizard holding the lock for the next test.
  for (const d of running.splice(0)) {
    try {
      d.pty.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('wizard in a pseudo-terminal', () => {
  it('start → scope → answers → SIGKILL → resume keeps them → finish → export', async () => {
    const first = runCli(['start', '--checklist', CHECKLIST, '--name', 'e2e'], repo, env);
    await first.waitFor('Scope of the review');
    expect(first.screen()).toContain('✎ Ann Auditor');
    await first.press(TAB);
    await first.press(' ');
    await first.waitFor('Data it handles: personal data');
    // Wait for the scan, so AI use is pre-filled from the llm.sdk signal before the scope is confirmed.
    await first.waitFor('Scan finished.');
    await first.press(TAB);
    await first.waitFor('pre-filled: the scan found model calls');
    await first.press(ENTER);
    await first.waitFor('Scan finished');
    await first.press(ENTER);
    await first.waitFor('Secrets management');
    await first.press(ENTER);
    await first.waitFor('Are credentials kept out of the code?');
    await first.press('c');
    await first.waitFor('· confirmed ·');
    await first.press('n');
    await first.waitFor('Are .env files kept out of git?');
    await first.press('1');
    await first.waitFor('Can every credential be rotated');
    await first.press('1');
    await first.waitFor('Does a CI pipeline run on every change?');
    await vi.waitFor(() => expect(saved().answers['secrets.rotation']?.state).toBe('yes'), { timeout: 5000 });

    first.pty.kill('SIGKILL');
    await first.exited;
    expect(existsSync(path.join(repo, '.shipshape/e2e.json.lock'))).toBe(true);

    const second = runCli(['resume', '.shipshape/e2e.json'], repo, env);
    // The lock of the killed process is taken over; the wizard opens at the first question nobody answered.
    await second.waitFor('Does a CI pipeline run on every change?');
    await second.press('p');
    await second.waitFor('Can every credential be rotated');
    expect(second.screen()).toMatch(/Answer:\s+✔ yes · answered by a person · Ann Auditor/);
    await second.press('p');
    await second.waitFor(/Answer:\s+✔ yes · answered by a person · overrode detection \(no\)/);
    await second.press('n');
    await second.press('n');
    await second.waitFor('Does a CI pipeline run on every change?');
    await second.press('c');
    await second.waitFor('· confirmed ·');
    await second.press('n');
    await second.waitFor('Is there a tested rollback plan?');
    await second.press('3');
    await second.waitFor('· answered by a person ·');
    await second.press('r');
    await second.waitFor(/Review\s+\d+ to decide · \d+ proposals await confirmation · \d+ open/);
    await second.press('e');
    await second.waitFor('Dossier written');
    expect(second.screen()).toContain('.shipshape/e2e.dossier.md');
    await second.press('q');
    const { exitCode } = await second.exited;
    expect(exitCode).toBe(0);
    expect(second.output()).toContain('Resume with: shipshape resume .shipshape/e2e.json');

    const answers = saved().answers;
    expect(answers['secrets.no-hardcoded']).toMatchObject({ state: 'no', source: 'confirmed', answered_by: 'Ann Auditor' });
    expect(answers['secrets.env-ignored']).toMatchObject({ state: 'yes', source: 'human' });
    expect(answers['secrets.rotation']).toMatchObject({ state: 'yes', source: 'human' });
    expect(answers['delivery.ci']).toMatchObject({ state: 'no', source: 'confirmed' });
    expect(answers['delivery.rollback']).toMatchObject({ state: 'no', source: 'human' });
    const dossier = readFileSync(path.join(repo, '.shipshape/e2e.dossier.md'), 'utf8');
    expect(dossier).toContain('secrets.rotation');
    expect(dossier).toMatch(/not ready/i);
    expect(existsSync(path.join(repo, '.shipshape/e2e.report.json'))).toBe(true);
    expect(existsSync(path.join(repo, '.shipshape/e2e.json.lock'))).toBe(false);
  });

  it('SIGTERM saves and exits with a line saying how to resume', async () => {
    const run = runCli(['resume', '.shipshape/e2e.json'], repo, env);
    // Resume opens where the last session left off (the gap answered last); f jumps to the first open question.
    await run.waitFor('Is there a tested rollback plan?');
    await run.press('f');
    await run.waitFor('Does a person approve consequential actions');
    await run.press('3');
    await run.waitFor('· answered by a person ·');
    run.pty.kill('SIGTERM');
    const { exitCode } = await run.exited;
    expect(exitCode).toBe(143);
    expect(run.output()).toContain('Resume with: shipshape resume .shipshape/e2e.json');
    expect(saved().answers['ai.human-review']).toMatchObject({ state: 'no', source: 'human' });
  });

  it('the Sections and Review bars at 80×24: the same glyphs with and without colour, each standing in its own colour when allowed', async () => {
    // After the two runs above: secrets has 2 yes (env-ignored, rotation) and 1 gap (no-hardcoded confirmed no);
    // delivery 2 gaps (ci confirmed no, rollback no); ai 1 gap (human-review no).
    const look = async (colour: boolean) => {
      const run = runCli(['resume', '.shipshape/e2e.json'], repo, { ...env, ...(colour ? { NO_COLOR: '', FORCE_COLOR: '1' } : {}) });
      await run.waitFor('· answered by a person ·');
      await run.press('s');
      await run.waitFor('█ confirmed yes  ▓ proposed  ✘ gap  ░ waived  · open');
      await run.waitFor('Secrets management');
      const sections = run.screen();
      const secrets = run.colours('Secrets management');
      const legend = run.colours('█ confirmed yes');
      await run.press('r');
      await run.waitFor(/Readiness {2}\S+/);
      const review = run.screen();
      const readiness = run.colours('Readiness  ');
      await run.press('q');
      expect((await run.exited).exitCode).toBe(0);
      return { sections, secrets, legend, review, readiness };
    };
    const plain = await look(false);
    const coloured = await look(true);

    const rowOf = (screen: string, title: string) => screen.split('\n').find((l) => l.includes(title)) ?? '';
    for (const { sections, review } of [plain, coloured]) {
      // The counts stand under the legend's glyphs (█ ▓ ✘ ░ ·), then the score and the open blockers; the row fits 80 columns.
      expect(rowOf(sections, 'Secrets management')).toMatch(/Secrets management +█+✘+ +2 +– +1 +– +– +\d+ +✘ 1$/);
      expect(rowOf(sections, 'Delivery governance')).toMatch(/Delivery governance +✘+ +– +– +2 +– +– +0 +✔$/);
      const secretsBar = /█+✘+/.exec(rowOf(sections, 'Secrets management'))?.[0] ?? '';
      // One scale: two yes to one gap, and a three-question row is longer than the two-question one.
      expect(secretsBar.split('█').length - 1).toBeGreaterThan(secretsBar.split('✘').length - 1);
      expect(secretsBar.length).toBeGreaterThan((/✘+/.exec(rowOf(sections, 'Delivery governance'))?.[0] ?? '').length);
      expect(rowOf(review, 'Readiness')).toMatch(/^Readiness {2}█+✘+ +2 confirmed yes · 4 gap$/);
    }
    // Colour adds nothing a monochrome reader misses: the same characters in both.
    expect(rowOf(coloured.sections, 'Secrets management')).toBe(rowOf(plain.sections, 'Secrets management'));
    expect(rowOf(coloured.review, 'Readiness')).toBe(rowOf(plain.review, 'Readiness'));

    // Without colour every cell keeps the terminal's default; with it, each standing has its own (palette 2 green, 1 red, 6 cyan, 3 yellow, 8 grey).
    for (const cells of [plain.secrets, plain.legend, plain.readiness]) expect(cells.every((c) => c.fg === null)).toBe(true);
    const fgOf = (cells: { char: string; fg: number | null }[], char: string) => [...new Set(cells.filter((c) => c.char === char).map((c) => c.fg))];
    for (const cells of [coloured.secrets, coloured.readiness]) {
      expect(fgOf(cells, '█')).toEqual([2]);
      expect(fgOf(cells, '✘')).toEqual([1]);
    }
    expect(['█', '▓', '✘', '░', '·'].map((g) => fgOf(coloured.legend, g))).toEqual([[2], [6], [1], [3], [8]]);
  });

  it('keys as a person types them: arrows under a form move no answer, and a value pasted with its Enter submits at once', async () => {
    const run = runCli(['start', '--checklist', CHECKLIST, '--name', 'keys'], repo, env);
    await run.waitFor('Scope of the review');
    await run.waitFor('Scan finished.');
    await run.press(ENTER);
    await run.waitFor('Scan finished');
    await run.press(ENTER);
    await run.waitFor('Secrets management');
    await run.press(ENTER);
    await run.waitFor('Are credentials kept out of the code?');
    await run.press('c');
    await run.waitFor('· confirmed ·');
    const keysFile = () => JSON.parse(readFileSync(path.join(repo, '.shipshape/keys.json'), 'utf8')) as { answers: Record<string, { state: string; source: string; owner?: string; due?: string }> };
    await vi.waitFor(() => expect(keysFile().answers['secrets.no-hardcoded']).toMatchObject({ state: 'no', source: 'confirmed' }), { timeout: 5000 });

    // Defect 2: with the waiver form open, the arrows move between its fields; after Esc, Enter confirms the same proposal.
    await run.press('w');
    await run.waitFor('Waive the gap');
    await run.press(DOWN);
    await run.waitFor(/▸ Approver:/);
    await run.press(DOWN);
    await run.press(UP);
    await run.press(ESC);
    await run.waitFor(/Choose: +c confirm no/);
    await run.press(ENTER);
    await run.waitFor('confirmed no');
    expect(keysFile().answers['secrets.no-hardcoded']).toMatchObject({ state: 'no', source: 'confirmed' });

    // Defect 4: owner, Tab, due date and Enter arrive in one chunk and are saved at once.
    await run.press('o');
    await run.waitFor('Who closes the gap');
    run.pty.write('Priya Platform\t2030-07-15\r');
    await run.waitFor('owner Priya Platform, due 2030-07-15');
    await vi.waitFor(() => expect(keysFile().answers['secrets.no-hardcoded']).toMatchObject({ owner: 'Priya Platform', due: '2030-07-15' }), { timeout: 5000 });
    // A one-field form, and the key typed after its Enter in the same chunk runs no command ("q" would quit).
    await run.press('a');
    await run.waitFor('Who is answering now?');
    await run.press(CTRL_U);
    run.pty.write('Sam Ops\rq');
    await run.waitFor('✎ Sam Ops');
    await new Promise((r) => setTimeout(r, 300));
    expect(run.screen()).toContain('Are credentials kept out of the code?');
    await run.press('q');
    const { exitCode } = await run.exited;
    expect(exitCode).toBe(0);
  });

  it('without a terminal the wizard does not start: it names the non-interactive commands and exits 2', () => {
    const r = spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'source/cli.ts'), 'start'], {
      cwd: repo,
      env: { ...process.env, ...env, TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json') },
      input: '',
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('needs an interactive terminal');
    expect(r.stderr).toContain('shipshape check');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
