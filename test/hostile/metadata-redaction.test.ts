import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../source/cli.js';
import { readBranchAndRemote, readGitFacts, readHistory } from '../../source/detect/git.js';
import { redactSecretsIn } from '../../source/detect/redact-metadata.js';
import { captureIO } from '../detect/engine-helpers.js';
import { tempDir } from '../helpers/fs.js';
import { gitIn } from './git-vectors.js';
import { inTerminal } from './terminal.js';

/**
 * Secrets in git metadata: a token in an AI co-authored commit's subject, in a
 * branch name, in an author name and in a remote URL's path. None may reach the
 * terminal, scan JSON or SARIF, the report JSON, the dossier or the saved
 * assessment in full.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/**
 * A fresh token the secrets detector recognises on its own (what counts as a
 * secret is that detector's business; a rare random draw it dismisses, e.g. one
 * holding no digit, would test nothing here).
 */
function token(): string {
  for (;;) {
    const t = ['ghp', Array.from(randomBytes(36), (b) => ALNUM[b % ALNUM.length]).join('')].join('_');
    if (!redactSecretsIn(t).includes(t)) return t;
  }
}
const IN_SUBJECT = token();
const IN_BRANCH = token();
const IN_AUTHOR = token();
const IN_REMOTE = token();
const CANARIES = [IN_SUBJECT, IN_BRANCH, IN_AUTHOR, IN_REMOTE];

let work: string;
let repo: string;
let cleanup: () => void;
const env = () => ({ HOME: path.join(work, 'home'), SHIPSHAPE_CONFIG_DIR: path.join(work, 'config'), SHIPSHAPE_CACHE_DIR: process.env.SHIPSHAPE_CACHE_DIR ?? '', NO_COLOR: '1' });

beforeAll(() => {
  ({ dir: work, cleanup } = tempDir('shipshape-meta-'));
  repo = path.join(work, 'repo');
  mkdirSync(path.join(work, 'home'));
  mkdirSync(repo);
  gitIn(repo, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, 'package.json'), '{"name":"x","dependencies":{"openai":"4.0.0"}}\n');
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-qm', 'init');
  gitIn(repo, 'checkout', '-q', '-b', `fix/${IN_BRANCH}`);
  writeFileSync(path.join(repo, 'a.ts'), 'export const a = 1;\n');
  gitIn(repo, 'add', '-A');
  gitIn(repo, '-c', `user.name=Dev ${IN_AUTHOR}`, 'commit', '-qm', `fix token ${IN_SUBJECT}\n\nCo-authored-by: Claude <noreply@anthropic.com>`);
  gitIn(repo, 'remote', 'add', 'origin', `https://github.com/acme/${IN_REMOTE}.git`);
}, 60_000);

afterAll(() => cleanup?.());

function expectNoCanary(text: string, where: string): void {
  for (const c of CANARIES) expect(text.includes(c), `${where} holds a secret from git metadata in full`).toBe(false);
}

describe('git metadata is redacted where it enters', () => {
  it('the redactor replaces each secret by its redacted form and leaves other text alone', () => {
    const out = redactSecretsIn(`fix token ${IN_SUBJECT} for Ann`);
    expect(out).not.toContain(IN_SUBJECT);
    expect(out).toMatch(/^fix token ghp_…\(40 chars, fp [0-9a-f]{12}\) for Ann$/);
    expect(redactSecretsIn('Merge pull request #12 from acme/feature')).toBe('Merge pull request #12 from acme/feature');
  });

  it('commit messages, branch, authors and remote come out of git.ts redacted', async () => {
    const facts = await readGitFacts(repo);
    const history = await readHistory(repo, 10, '');
    const branch = await readBranchAndRemote(repo);
    expectNoCanary(JSON.stringify({ info: facts.info, history, branch }), 'git facts');
    expect(facts.info.branch).toMatch(/^fix\/ghp_…/);
    expect(history?.[0]?.body).toContain('Co-authored-by: Claude');
  });

  it('scan (table, JSON, SARIF), check, report JSON and the dossier hold none of them', async () => {
    for (const argv of [['scan', '.'], ['scan', '.', '--json'], ['scan', '.', '--sarif'], ['check', '--repo', '.', '--json'], ['check', '--repo', '.', '--sarif']]) {
      const cap = captureIO(repo, { env: env() });
      const code = await main(argv, cap.io);
      expect(code, `${argv.join(' ')}: ${cap.stderr()}`).toBeLessThanOrEqual(1);
      expectNoCanary(cap.stdout().toString('utf8') + cap.stderr(), argv.join(' '));
    }
    // The evidence shows the commit, with the token redacted.
    const cap = captureIO(repo, { env: env() });
    await main(['scan', '.', '--json'], cap.io);
    const ai = (JSON.parse(cap.stdout().toString('utf8')) as { signals: { id: string; evidence: { excerpt?: string }[] }[] }).signals.find((s) => s.id === 'ai.assisted-commits');
    expect(ai?.evidence[0]?.excerpt).toMatch(/^fix token ghp_…/);
  });

  it('start (in a terminal) saves an assessment without them; report writes a dossier and JSON without them', async () => {
    const run = await inTerminal(repo, ['start', '--name', 'meta'], env(), [{ until: /Scan finished\./, press: '\r' }, { until: /scope saved/, press: 'q' }]);
    expect(run.screen).not.toMatch(/unexpected error/);
    const saved = readFileSync(path.join(repo, '.shipshape', 'meta.json'), 'utf8');
    expectNoCanary(saved, 'the saved assessment');
    expect(saved).toContain('fix/ghp_…');
    for (const argv of [['report', '.shipshape/meta.json'], ['report', '.shipshape/meta.json', '--format', 'json', '-o', '-'], ['report', '.shipshape/meta.json', '--format', 'sarif', '-o', '-']]) {
      const cap = captureIO(repo, { env: env() });
      expect(await main(argv, cap.io), cap.stderr()).toBe(0);
      expectNoCanary(cap.stdout().toString('utf8'), argv.join(' '));
    }
    for (const f of readdirSync(path.join(repo, '.shipshape'))) expectNoCanary(readFileSync(path.join(repo, '.shipshape', f), 'utf8'), `.shipshape/${f}`);
  }, 90_000);
});
