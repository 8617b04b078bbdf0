import { describe, expect, it } from 'vitest';
import { depsDetector, workspaceIncludes } from '../../source/detect/detectors/deps.js';
import { runDetector } from '../helpers/detector-harness.js';

const pkg = (o: object) => JSON.stringify(o, null, 2);

describe('deps detector: lockfiles', () => {
  it('passes when every manifest has a lockfile, with workspace members covered by the root', async () => {
    const s = await runDetector(depsDetector, {
      'package.json': pkg({ private: true, workspaces: ['packages/*'], devDependencies: { typescript: '5' } }),
      'package-lock.json': '{}',
      'packages/a/package.json': pkg({ dependencies: { zod: '^4' } }),
      'packages/b/package.json': pkg({ dependencies: { yaml: '^2' } }),
      'svc/go.mod': 'module x\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\n',
      'svc/go.sum': 'github.com/a/b v1.0.0 h1:x\n',
    });
    const l = s.get('deps.lockfile');
    expect(l?.status).toBe('pass');
    expect(l?.details).toMatchObject({ manifests: 4, locked: 4 });
  });

  it('fails a nested package outside the workspace and an unpinned requirements.txt', async () => {
    const s = await runDetector(depsDetector, {
      'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "!apps/legacy"\n',
      'package.json': pkg({ private: true, devDependencies: { turbo: '2' } }),
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
      'apps/web/package.json': pkg({ dependencies: { next: '15' } }),
      'apps/legacy/package.json': pkg({ dependencies: { express: '4' } }),
      'tools/py/requirements.txt': 'requests==2.32.3\nflask>=3\n',
    });
    const l = s.get('deps.lockfile');
    expect(l?.status).toBe('fail');
    expect(l?.evidence.map((e) => e.path).sort()).toEqual(['apps/legacy/package.json', 'tools/py/requirements.txt']);
    expect(l?.evidence.find((e) => e.path.endsWith('requirements.txt'))?.line).toBe(2);
  });

  it('treats an untracked lockfile as missing', async () => {
    const s = await runDetector(
      depsDetector,
      { 'package.json': pkg({ dependencies: { a: '1' } }), 'yarn.lock': '' },
      { untracked: ['yarn.lock'], git: { isRepository: true } },
    );
    expect(s.get('deps.lockfile')?.status).toBe('fail');
    expect(s.get('deps.lockfile')?.evidence[0]?.note).toMatch(/not committed/);
  });

  it('accepts pinned requirements and poetry.lock; skips manifests without dependencies and fixtures', async () => {
    const s = await runDetector(depsDetector, {
      'requirements.txt': '# pinned\nDjango==5.0.6 \\\n    --hash=sha256:abc\npsycopg[binary]==3.2.1 ; python_version >= "3.10"\n-r base.txt\n',
      'api/pyproject.toml': '[tool.poetry]\nname = "api"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "^0.110"\n',
      'api/poetry.lock': '',
      'lib/pyproject.toml': '[project]\nname = "lib"\ndependencies = []\n',
      'scripts/package.json': pkg({ scripts: { x: 'echo' } }),
      'test/fixtures/app/package.json': pkg({ dependencies: { a: '1' } }),
      'examples/demo/package.json': pkg({ dependencies: { a: '1' } }),
    });
    const l = s.get('deps.lockfile');
    expect(l?.status).toBe('pass');
    expect(l?.details).toMatchObject({ manifests: 2, ignored_examples_or_fixtures: 2 });
  });

  it('fails a pyproject with dependencies in a multi-line array and no lockfile', async () => {
    const s = await runDetector(depsDetector, { 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "httpx>=0.27",\n]\n' });
    expect(s.get('deps.lockfile')?.status).toBe('fail');
  });

  it('Maven: fixed versions pass with medium confidence, ranges fail', async () => {
    const pom = (v: string) => `<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId>\n<version>${v}</version></dependency></dependencies></project>`;
    const ok = await runDetector(depsDetector, { 'pom.xml': pom('1.2.3') });
    expect(ok.get('deps.lockfile')).toMatchObject({ status: 'pass', confidence: 'medium' });
    // No lockfile exists for Maven: the summary must not claim one.
    expect(ok.get('deps.lockfile')?.summary).toBe('the Maven/Gradle build fixes every dependency version (no lockfile format to commit)');
    const bad = await runDetector(depsDetector, { 'pom.xml': pom('[1.0,2.0)') });
    expect(bad.get('deps.lockfile')?.status).toBe('fail');
    expect(bad.get('deps.lockfile')?.evidence[0]?.line).toBe(2);
  });

  it('Gradle: dynamic versions need gradle.lockfile', async () => {
    const g = "dependencies {\n  implementation 'com.squareup.okhttp3:okhttp:4.+'\n}\n";
    expect((await runDetector(depsDetector, { 'build.gradle': g })).get('deps.lockfile')?.status).toBe('fail');
    expect((await runDetector(depsDetector, { 'build.gradle': g, 'gradle.lockfile': '' })).get('deps.lockfile')?.status).toBe('pass');
  });

  it('is unknown for a broken package.json without lockfile, not applicable with no manifests', async () => {
    expect((await runDetector(depsDetector, { 'package.json': '{ nope' })).get('deps.lockfile')?.status).toBe('unknown');
    expect((await runDetector(depsDetector, { 'README.md': 'hi' })).get('deps.lockfile')?.status).toBe('not_applicable');
  });

  it('matches workspace globs', () => {
    expect(workspaceIncludes('', ['packages/**'], 'packages/a/b')).toBe(true);
    expect(workspaceIncludes('', ['packages/*'], 'packages/a/b')).toBe(false);
    expect(workspaceIncludes('web', ['./apps/*'], 'web/apps/x')).toBe(true);
    expect(workspaceIncludes('', ['apps/*'], '')).toBe(false);
  });
});

describe('deps detector: update bot', () => {
  it('passes Dependabot with an updates entry and points at its line', async () => {
    const s = await runDetector(depsDetector, {
      '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: weekly }\n',
    });
    expect(s.get('deps.update-bot')).toMatchObject({ status: 'pass' });
    expect(s.get('deps.update-bot')?.evidence[0]?.line).toBe(3);
  });

  it('passes a renovate key in package.json; fails an empty dependabot.yml and disabled renovate', async () => {
    expect((await runDetector(depsDetector, { 'package.json': pkg({ renovate: { extends: ['config:recommended'] } }) })).get('deps.update-bot')?.status).toBe('pass');
    expect((await runDetector(depsDetector, { '.github/dependabot.yml': 'version: 2\nupdates: []\n' })).get('deps.update-bot')?.status).toBe('fail');
    expect((await runDetector(depsDetector, { 'renovate.json': '{ "enabled": false }' })).get('deps.update-bot')?.status).toBe('fail');
  });

  it('only a top-level enabled: false disables Renovate (JSON5 with comments)', async () => {
    const cfg = "{\n  // enabled: false in a comment\n  extends: ['config:recommended'],\n  pip_requirements: {\n    enabled: false,\n  },\n  packageRules: [{ matchPackageNames: ['x'], enabled: false }],\n}\n";
    expect((await runDetector(depsDetector, { '.github/renovate.json5': cfg })).get('deps.update-bot')?.status).toBe('pass');
    const off = await runDetector(depsDetector, { '.renovaterc': '{\n  "extends": ["config:base"],\n  "enabled": false\n}\n' });
    expect(off.get('deps.update-bot')?.status).toBe('fail');
    expect(off.get('deps.update-bot')?.evidence[0]?.line).toBe(3);
  });

  it('fails with absence evidence when nothing is configured; unknown when dependabot.yml is broken', async () => {
    const none = await runDetector(depsDetector, { 'README.md': '' });
    expect(none.get('deps.update-bot')).toMatchObject({ status: 'fail', confidence: 'medium' });
    expect((await runDetector(depsDetector, { '.github/dependabot.yml': 'updates: [' })).get('deps.update-bot')?.status).toBe('unknown');
  });
});
