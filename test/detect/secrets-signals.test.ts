import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretsDetector, secretsEnvDetector } from '../../source/detect/detectors/secrets/index.js';
import { scan } from '../../source/detect/engine.js';
import type { EvaluateInput } from '../../source/detect/types.js';
import { runDetector } from '../helpers/detector-harness.js';
import { b64, rand } from './secrets-gen.js';

const live = () => `sk_${'live'}_${rand('live', 24)}`;
const repo = { git: { isRepository: true } };

async function hardcoded(files: Record<string, string>) {
  const s = (await runDetector(secretsDetector, files, repo)).get('secrets.hardcoded');
  if (!s) throw new Error('no signal');
  return s;
}

describe('secrets.hardcoded', () => {
  it('passes a clean tree and fails a live key, with the key redacted', async () => {
    expect((await hardcoded({ 'src/a.ts': 'export const x = 1;\n' })).status).toBe('pass');
    const key = live();
    const s = await hardcoded({ 'src/pay.ts': `const stripe = new Stripe("${key}");\n` });
    expect(s.status).toBe('fail');
    expect(s.confidence).toBe('high');
    expect(s.evidence[0]).toMatchObject({ path: 'src/pay.ts', line: 1 });
    expect(s.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(s)).not.toContain(key.slice(4));
  });

  it('reports test fixtures apart and does not fail on look-alikes there', async () => {
    const s = await hardcoded({
      'src/app.py': 'import os\n',
      'tests/test_db.py': `DB = "postgres://app:${rand('t', 16)}@db:5432/app"\npassword = "${rand('tp', 14)}"\n`,
      'pkg/client_test.go': `const tok = "${rand('go', 32)}" // api_key\napiKey := "${rand('go2', 32)}"\n`,
    });
    expect(s.status).toBe('pass');
    expect(s.summary).toMatch(/3 findings in test fixtures/);
    expect(s.evidence.every((e) => e.note?.includes('test fixture'))).toBe(true);
    expect(s.details?.['testFixtures']).toBe(3);
  });

  it('still fails on a live provider key inside a test fixture', async () => {
    const s = await hardcoded({ 'test/fixtures/pay.json': `{"key": "${live()}"}` });
    expect(s.status).toBe('fail');
    expect(s.evidence[0]?.note).toMatch(/test fixture, but a live credential shape/);
  });

  it('honours a suppression with a reason, in each comment style, on the line or the line before', async () => {
    const k = (seed: string) => `gh${'p'}_${rand(seed, 36)}`;
    const s = await hardcoded({
      'a.js': `// shipshape:allow-secret revoked 2024-05, kept for the replay test\nconst t = "${k('s1')}";\n`,
      'b.py': `TOKEN = "${k('s2')}"  # shipshape:allow-secret public demo token with no scopes\n`,
      'c.sql': `-- shipshape:allow-secret read-only demo database\nSELECT '${k('s3')}';\n`,
    });
    expect(s.status).toBe('pass');
    const suppressed = s.details?.['suppressed'] as { path: string; reason: string; secret: string }[];
    expect(suppressed.map((x) => x.path)).toEqual(['a.js', 'b.py', 'c.sql']);
    expect(suppressed[0]?.reason).toBe('revoked 2024-05, kept for the replay test');
    expect(suppressed[0]?.secret).toMatch(/^ghp_…\(40 chars, fp [0-9a-f]{12}\)$/);
    expect(s.summary).toMatch(/3 suppressed with a reason/);
  });

  it('does not honour a suppression without a reason, and says so', async () => {
    const s = await hardcoded({ 'a.js': `const t = "gh${'p'}_${rand('nr', 36)}"; // shipshape:allow-secret\n` });
    expect(s.status).toBe('fail');
    expect(s.evidence[0]?.note).toMatch(/suppression comment lacks a reason/);
    expect(s.details?.['suppressionsWithoutReason']).toBe(1);
  });

  it('does not let a suppression reason leak the secret', async () => {
    const key = `gh${'p'}_${rand('leak', 36)}`;
    const s = await hardcoded({ 'a.js': `const t = "${key}"; // shipshape:allow-secret rotated: ${key}\n` });
    expect(JSON.stringify(s)).not.toContain(key);
  });

  it('scans untracked files git does not ignore (one `git add .` from a commit) and says they are untracked', async () => {
    const key = live();
    const s = (await runDetector(secretsDetector, { 'scratch.js': `x = "${key}"`, 'src/app.js': 'export {};\n' }, { ...repo, untracked: ['scratch.js'] })).get('secrets.hardcoded');
    expect(s?.status).toBe('fail');
    expect(s?.summary).toMatch(/1 file untracked: not committed yet, but not ignored either/);
    expect(s?.evidence[0]?.note).toMatch(/untracked file/);
    expect(JSON.stringify(s)).not.toContain(key);
    const clean = (await runDetector(secretsDetector, { 'notes.txt': 'nothing here\n', 'src/app.js': 'export {};\n' }, { ...repo, untracked: ['notes.txt'] })).get('secrets.hardcoded');
    expect(clean?.summary).toMatch(/No hard-coded secrets in 2 files scanned \(1 untracked\)/);
  });

  it('is unknown, not a pass, when there is no file to scan', async () => {
    const s = (await runDetector(secretsDetector, {}, repo)).get('secrets.hardcoded');
    expect(s?.status).toBe('unknown');
    expect(s?.summary).toMatch(/No files to scan/);
  });

  it('keeps a Firebase web config key informational', async () => {
    const s = await hardcoded({
      'src/firebase.ts': `const firebaseConfig = {\n  apiKey: "AI${'za'}${rand('fb', 35)}",\n  authDomain: "demo.firebaseapp.com",\n};\n`,
    });
    expect(s.status).toBe('pass');
    expect(s.evidence[0]?.note).toMatch(/Firebase/);
  });

  it('keeps a Maps browser key informational, and a server Maps key or a Google key named for nothing (or Gemini) critical', async () => {
    const key = (tag: string) => `AI${'za'}${rand(tag, 35)}`;
    const maps = await hardcoded({
      '.env.production': `VITE_GOOGLE_MAPS_API_KEY=${key('mp')}\n`,
      'index.html': `<script src="https://maps.googleapis.com/maps/api/js?key=${key('mq')}&callback=init"></script>\n`,
    });
    expect(maps.status).toBe('pass');
    expect(maps.evidence.map((e) => [e.path, /Google Maps browser key/.test(e.note ?? '')])).toEqual([
      ['.env.production', true],
      ['index.html', true],
    ]);
    expect(maps.summary).toMatch(/public-by-design \(Google Maps browser key\)/);
    const server = await hardcoded({ 'server/geo.py': `GOOGLE_PLACES_KEY = "${key('pl')}"\n`, 'src/ai.ts': `const GEMINI_API_KEY = "${key('gm')}";\nconst sitemapKey = "${key('sm')}";\n` });
    expect(server.status).toBe('fail');
    expect(server.evidence.filter((e) => e.severity === 'critical')).toHaveLength(3);
  });
});

describe('secrets.env-committed', () => {
  const env = async (files: Record<string, string>, opts: Parameters<typeof runDetector>[2] = repo) =>
    (await runDetector(secretsEnvDetector, files, opts)).get('secrets.env-committed');

  it('fails on a tracked .env holding values, with the value redacted', async () => {
    const value = rand('envv', 24);
    const s = await env({ '.env': `# local\nPORT=3000\nDATABASE_PASSWORD=${value}\n` });
    expect(s?.status).toBe('fail');
    expect(s?.evidence[0]).toMatchObject({ path: '.env', line: 3 });
    expect(s?.evidence[0]?.note).toMatch(/DATABASE_PASSWORD/);
    expect(JSON.stringify(s)).not.toContain(value.slice(5));
  });

  it('passes templates, key-only files and public settings', async () => {
    const s = await env({
      '.env.example': `API_KEY=${rand('ex', 20)}\n`,
      '.env.sample': 'API_KEY=\n',
      '.env': 'API_KEY=\nSECRET_KEY=changeme\nDB_URL=${DATABASE_URL}\nNEXT_PUBLIC_SITE=https://acme.dev\nPORT=8080\n',
    });
    expect(s?.status).toBe('pass');
    expect(s?.summary).toMatch(/1 tracked env file, none holding real values/);
  });

  it('matches .env.production, prod.env and .envrc, but not .env.template', async () => {
    for (const name of ['.env.production', 'deploy/prod.env', '.envrc', 'config/.env.local']) {
      expect((await env({ [name]: `export API_TOKEN=${rand(name, 24)}\n` }))?.status, name).toBe('fail');
    }
    expect((await env({ '.env.template': `API_TOKEN=${rand('tpl', 24)}\n` }))?.status).toBe('pass');
  });

  it('leaves untracked env files to the gitignore signal', async () => {
    const s = await env({ '.env': `API_TOKEN=${rand('u', 24)}\n` }, { ...repo, untracked: ['.env'] });
    expect(s?.status).toBe('pass');
  });

  it('says so when the tree is not a git repository', async () => {
    const s = await env({ '.env': `API_TOKEN=${rand('ng', 24)}\n` }, { git: { isRepository: false } });
    expect(s?.status).toBe('fail');
    expect(s?.summary).toMatch(/Not a git repository/);
  });

  it('lists a .env in a test fixture without failing', async () => {
    const s = await env({ 'tests/fixtures/.env': `API_TOKEN=${rand('tf', 24)}\n` });
    expect(s?.status).toBe('pass');
    expect(s?.evidence[0]?.note).toMatch(/test fixture/);
  });
});

describe('secrets.gitignore-env', () => {
  const gi = async (files: Record<string, string>, opts: Parameters<typeof runDetector>[2] = repo) =>
    (await runDetector(secretsEnvDetector, files, opts)).get('secrets.gitignore-env');

  it('passes with the matching line as evidence', async () => {
    const s = await gi({ '.gitignore': 'node_modules/\n# secrets\n.env\n.env.local\n' });
    expect(s?.status).toBe('pass');
    expect(s?.evidence[0]).toMatchObject({ path: '.gitignore', line: 3, excerpt: '.env' });
    expect(s?.summary).toMatch(/\.env and \.env\.local/);
  });

  it('passes with a wildcard rule and notes an uncovered .env.local', async () => {
    expect((await gi({ '.gitignore': '.env*\n!.env.example\n' }))?.status).toBe('pass');
    const s = await gi({ '.gitignore': '.env\n' });
    expect(s?.status).toBe('pass');
    expect(s?.summary).toMatch(/\.env\.local would not be ignored/);
  });

  it('fails without a rule, when a later rule re-includes .env, and without any .gitignore', async () => {
    expect((await gi({ '.gitignore': 'node_modules/\ndist/\n' }))?.status).toBe('fail');
    expect((await gi({ '.gitignore': '.env*\n!.env\n' }))?.status).toBe('fail');
    const none = await gi({ 'README.md': '# hi\n' });
    expect(none?.status).toBe('fail');
    expect(none?.summary).toMatch(/No \.gitignore/);
  });

  it('names nested .gitignore files that cover .env when the root does not', async () => {
    const s = await gi({ '.gitignore': 'dist/\n', 'apps/web/.gitignore': '.env\n' });
    expect(s?.status).toBe('fail');
    expect(s?.summary).toMatch(/apps\/web\/\.gitignore/);
  });

  it('fails when an env file is present, untracked and not ignored', async () => {
    const s = await gi({ '.gitignore': '.env\n', 'api/.env.staging': 'X=1\n' }, { ...repo, untracked: ['api/.env.staging'] });
    expect(s?.status).toBe('fail');
    expect(s?.evidence.some((e) => e.path === 'api/.env.staging')).toBe(true);
  });
});

describe('secrets.history', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('is unknown, with how to enable it, unless --history is given', async () => {
    const s = (await runDetector(secretsDetector, { 'a.js': '' }, repo)).get('secrets.history');
    expect(s?.status).toBe('unknown');
    expect(s?.summary).toMatch(/--history/);
    const noRepo = (await runDetector(secretsDetector, { 'a.js': '' }, { options: { history: true } })).get('secrets.history');
    expect(noRepo?.status).toBe('unknown');
  });

  it('evaluates injected patches: removed secrets fail, placeholders pass', async () => {
    const key = `gh${'p'}_${rand('inj', 36)}`;
    const patches = async function* () {
      yield { commit: 'b'.repeat(40), path: 'src/a.ts', addedLines: [{ line: 1, text: 'const token = "<token>";' }] };
      yield { commit: 'a'.repeat(40), path: 'src/a.ts', addedLines: [{ line: 7, text: `const token = "${key}";` }] };
    };
    const base = await runDetector(secretsDetector, { 'src/a.ts': 'const token = "<token>";' }, repo);
    expect(base.get('secrets.hardcoded')?.status).toBe('pass');
    const input = {
      index: { root: '/v', files: [], skipped: {}, skippedExamples: {} },
      findings: [],
      hashes: new Map(),
      git: { commit: null, branch: null, dirty: false, remote: null, isRepository: true },
      history: null,
      options: { history: true },
      readText: () => null,
      hashOf: () => '',
      historyPatches: patches,
    } satisfies EvaluateInput;
    const s = (await secretsDetector.evaluate(input)).find((x) => x.id === 'secrets.history');
    expect(s?.status).toBe('fail');
    expect(s?.evidence[0]).toMatchObject({ path: 'src/a.ts', line: 7, commit: 'a'.repeat(40), sha256: '' });
    expect(s?.evidence[0]?.note).toMatch(/removed since/);
    expect(JSON.stringify(s)).not.toContain(key.slice(4));
  });

  it('finds a secret committed and removed in a real git repository', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-secrets-'));
    dirs.push(dir);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        stdio: 'pipe',
      });
    git('init', '-q');
    const key = `AKIA${'Z7QW'}${'ERT4YUIOPL2K'}`;
    const secret = b64('hist', 40);
    writeFileSync(path.join(dir, '.gitignore'), '.env\n');
    writeFileSync(path.join(dir, 'deploy.sh'), `export AWS_ACCESS_KEY_ID=${key}\nexport AWS_SECRET_ACCESS_KEY=${secret}\n`);
    git('add', '.');
    git('commit', '-q', '-m', 'deploy script');
    writeFileSync(path.join(dir, 'deploy.sh'), 'export AWS_PROFILE=deploy\n');
    git('commit', '-q', '-am', 'use a profile');

    const withHistory = await scan(dir, { history: true }, { detectors: [secretsDetector], workers: 0 });
    const byId = new Map(withHistory.signals.map((s) => [s.id, s]));
    expect(byId.get('secrets.hardcoded')?.status).toBe('pass');
    const h = byId.get('secrets.history');
    expect(h?.status).toBe('fail');
    expect(h?.details?.['removedSince']).toBe(2); // the key id and its secret
    expect(h?.evidence.map((e) => e.note)).toEqual(
      expect.arrayContaining([expect.stringMatching(/aws-secret-access-key.*removed since/)]),
    );
    const json = JSON.stringify(withHistory);
    expect(json).not.toContain(secret.slice(4, 12));
    expect(json).not.toContain(key.slice(4, 12));

    const without = await scan(dir, {}, { detectors: [secretsDetector], workers: 0 });
    expect(without.signals.find((s) => s.id === 'secrets.history')?.status).toBe('unknown');
  });
});
