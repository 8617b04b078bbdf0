import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../source/cli.js';
import { createAssessment } from '../../source/assessment/create.js';
import { saveAssessment } from '../../source/assessment/store.js';
import { loadChecklistRef } from '../../source/commands/context.js';
import { forgetDrivers } from '../../source/detect/git-run.js';
import { packageRoot } from '../../source/util/package-root.js';
import { captureIO } from '../detect/engine-helpers.js';
import { tempDir } from '../helpers/fs.js';
import { runTrigger, VECTORS, writeEvil, type Vector } from './git-vectors.js';
import { inTerminal as driveTerminal } from './terminal.js';

/**
 * Every way a repository's git configuration can run a program (filters, the
 * process filter, signature verifiers, submodules, fsmonitor, hooks, external
 * diff, textconv, pagers, ssh/askpass/credential/editor), one repository each.
 * First, plain git on each repository runs the program (the vector is live);
 * then every shipshape command that touches a repository runs on it, and the
 * marker file must stay absent. start and resume run in a real terminal, up to
 * the scan they do on opening.
 */

let work: string;
let cleanup: () => void;

interface Prepared {
  v: Vector;
  repo: string;
  marker: string;
}
const prepared: Prepared[] = [];

beforeAll(() => {
  ({ dir: work, cleanup } = tempDir('shipshape-git-inert-'));
  mkdirSync(path.join(work, 'home'));
  for (const v of VECTORS) {
    const marker = path.join(work, `marker-${v.name}`);
    const repo = path.join(work, v.name);
    v.build(repo, writeEvil(work, marker, v.name), marker);
    prepared.push({ v, repo, marker });
  }
}, 120_000);

/** A saved assessment for resume, check, report and diff, written without git. */
async function seedAssessment(repo: string): Promise<void> {
  const { checklist, source } = loadChecklistRef(undefined, repo, repo, env());
  const a = createAssessment({
    name: 'inert',
    repository: { root: '.', remote: null, branch: null },
    checklist,
    checklistSource: source,
    scope: { tier: 'customer-facing', data: [], ai: false, frameworks: [] },
    assessor: 'Tester',
    now: new Date(),
  });
  await saveAssessment(path.join(repo, '.shipshape', 'inert.json'), a);
}

afterAll(() => cleanup?.());

function env(): NodeJS.ProcessEnv {
  return { HOME: path.join(work, 'home'), SHIPSHAPE_CONFIG_DIR: path.join(work, 'config'), SHIPSHAPE_CACHE_DIR: process.env.SHIPSHAPE_CACHE_DIR, NO_COLOR: '1' };
}

async function shipshape(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const cap = captureIO(cwd, { env: env() });
  const code = await main(argv, cap.io);
  return { code, out: cap.stdout().toString('utf8'), err: cap.stderr() };
}

/** The built CLI in a pseudo-terminal until `until` is on screen, then Ctrl-C. */
async function inTerminal(cwd: string, args: string[], until: RegExp): Promise<string> {
  return (await driveTerminal(cwd, args, env(), [{ until, press: '\u0003' }])).screen;
}

function ran(marker: string): string {
  return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
}

describe('a repository cannot run programs through git', () => {
  it('each vector is live: plain git runs its program', async () => {
    for (const p of prepared) {
      runTrigger(p.repo, p.v);
      expect(ran(p.marker), `${p.v.name}: plain \`git ${p.v.trigger.args.join(' ')}\` should have run the program`).not.toBe('');
      rmSync(p.marker, { force: true });
    }
    // Plain git may have refreshed the index or stat data: age the files again so shipshape faces the same trap.
    for (const p of prepared) {
      rmSync(p.repo, { recursive: true, force: true });
      p.v.build(p.repo, path.join(work, `evil-${p.v.name}.sh`), p.marker);
      await seedAssessment(p.repo);
    }
    forgetDrivers();
  }, 120_000);

  it('start and resume (in a terminal, through the scan they run on opening) run nothing', async () => {
    // Two at a time: each is a whole CLI in a terminal.
    const queue = [...prepared];
    const lane = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const started = await inTerminal(p.repo, ['start', '--name', 'started'], /Scan finished|scan finished|Scan failed/);
        expect(started, p.v.name).not.toMatch(/Scan failed/);
        expect(ran(p.marker), `${p.v.name}: start ran the program`).toBe('');
        await inTerminal(p.repo, ['resume', '.shipshape/inert.json'], /Detected:|Scan finished|Scan failed/);
        expect(ran(p.marker), `${p.v.name}: resume ran the program`).toBe('');
      }
    };
    await Promise.all([lane(), lane()]);
  }, 600_000);

  it('scan, check, report, verify, diff, history, aggregate, version and checklist run nothing', async () => {
    for (const p of prepared) {
      const steps: [string, string[]][] = [
        // --history reads every commit's patch as well as the log.
        ['scan --history', ['scan', '.', '--history', '--json']],
        ['check --repo', ['check', '--repo', '.', '--json']],
        ['check', ['check', '.shipshape/inert.json', '--sarif']],
        ['report', ['report', '.shipshape/inert.json']],
        ['verify', ['verify', 'DOSSIER']],
        ['diff', ['diff', '.shipshape/inert.json', '.shipshape/inert.json']],
        ['check --record', ['check', '.shipshape/inert.json', '--record']],
        ['history', ['history', '--repo', '.']],
        // aggregate reads report JSON files: write one (next to the assessment) first.
        ['report --json', ['report', '.shipshape/inert.json', '--json']],
        ['aggregate', ['aggregate', '.shipshape']],
        ['version', ['version', '--json']],
        ['checklist list', ['checklist', 'list']],
        ['checklist validate', ['checklist', 'validate', path.join(packageRoot(), 'checklists', 'ai-production-readiness.yaml')]],
      ];
      for (const [what, argv] of steps) {
        const r = await shipshape(p.repo, ...argv.map((a) => (a === 'DOSSIER' ? dossierOf(p.repo) : a)));
        expect(r.code, `${p.v.name}: ${what} exited ${r.code}: ${r.err}`).toBeLessThanOrEqual(1);
        expect(ran(p.marker), `${p.v.name}: ${what} ran the program`).toBe('');
      }
    }
  }, 600_000);
});

/** The dossier `report` wrote next to the assessment (the first one in .shipshape/ ending in .md). */
function dossierOf(repo: string): string {
  const dir = path.join(repo, '.shipshape');
  const md = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.md')) : undefined;
  return md ? path.join(dir, md) : path.join(dir, 'missing.md');
}
