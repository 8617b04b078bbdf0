import { describe, expect, it } from 'vitest';
import { ciDetector } from '../../source/detect/detectors/ci.js';
import { runDetector } from '../helpers/detector-harness.js';
import { rand } from './secrets-gen.js';
import { scan } from '../../source/detect/engine.js';
import { tempDir, writeTree } from '../helpers/fs.js';

const run = (files: Record<string, string>) => runDetector(ciDetector, files);

const workflow = (on: string, run: string) => `name: ci\non: ${on}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${run}\n`;

describe('ci.tests', () => {
  it('passes when a pull-request workflow runs the tests, directly or through a package script', async () => {
    const direct = await run({ '.github/workflows/ci.yml': workflow('[pull_request]', 'npx vitest run') });
    expect(direct.get('ci.tests')).toMatchObject({ status: 'pass' });
    expect(direct.get('ci.tests')?.evidence[0]).toMatchObject({ path: '.github/workflows/ci.yml', line: 8 });
    const script = await run({
      '.github/workflows/ci.yml': workflow('\n  pull_request:\n    branches: [main]', 'pnpm run check'),
      'package.json': '{"scripts":{"check":"tsc && jest --ci"}}',
    });
    expect(script.get('ci.tests')?.status).toBe('pass');
    expect(script.get('ci.tests')?.evidence.map((e) => e.path)).toEqual(['.github/workflows/ci.yml', 'package.json']);
  });

  it('follows a CI step into a repository script that runs the tests, itself or through a package script', async () => {
    const own = await run({
      '.github/workflows/ci.yml': workflow('[pull_request]', 'bash .ci/run'),
      '.ci/run': '#!/usr/bin/env bash\nset -e\n# npm test runs below\nnpm ci\nnpm run check\n',
      'package.json': '{"scripts":{"check":"tsc && vitest run"}}',
    });
    expect(own.get('ci.tests')?.status).toBe('pass');
    expect(own.get('ci.tests')?.evidence.map((e) => `${e.path}:${e.line} ${e.note}`)).toEqual(['.github/workflows/ci.yml:8 runs .ci/run', '.ci/run:5 the script runs tests']);
    const direct = await run({ '.github/workflows/ci.yml': workflow('[pull_request]', './scripts/ci.sh --fast'), 'scripts/ci.sh': 'pytest -q\n' });
    expect(direct.get('ci.tests')?.status).toBe('pass');
    // A script that builds only, or one that is not in the repository, runs no tests.
    const build = await run({ '.github/workflows/ci.yml': workflow('[pull_request]', 'sh scripts/build.sh && bash ../elsewhere/test.sh'), 'scripts/build.sh': '# then pytest\nmake dist\n' });
    expect(build.get('ci.tests')?.status).toBe('fail');
  });

  it('quotes a step or script line with any secret on it redacted, in what the scan reports', async () => {
    const key = `sk_${'live'}_${rand('ci', 24)}`;
    const { dir, cleanup } = tempDir();
    try {
      writeTree(dir, { '.github/workflows/ci.yml': workflow('[pull_request]', 'bash ci/test.sh'), 'ci/test.sh': `STRIPE_KEY=${key} npm test\n` });
      const result = await scan(dir, {}, { detectors: [ciDetector] });
      const tests = result.signals.find((x) => x.id === 'ci.tests');
      expect(tests?.status).toBe('pass');
      expect(tests?.evidence[1]?.excerpt).toMatch(/^STRIPE_KEY=sk_l…\(32 chars, fp [0-9a-f]{12}\) npm test$/);
      expect(JSON.stringify(result)).not.toContain(key.slice(8));
    } finally {
      cleanup();
    }
  });

  it('fails tests that run only on pushes to main, and a test step skipped by the build', async () => {
    const main = await run({ '.github/workflows/ci.yml': workflow('\n  push:\n    branches: [main]', 'go test ./...') });
    expect(main.get('ci.tests')).toMatchObject({ status: 'fail' });
    expect(main.get('ci.tests')?.summary).toContain('only on push');
    const skipped = await run({ '.github/workflows/ci.yml': workflow('[pull_request]', 'mvn -B package -DskipTests') });
    expect(skipped.get('ci.tests')?.status).toBe('fail');
  });

  it('runs a reusable workflow for the pull request that calls it', async () => {
    const s = await run({
      '.github/workflows/pr.yml': 'on: pull_request\njobs:\n  test:\n    uses: ./.github/workflows/tests.yml\n',
      '.github/workflows/tests.yml': workflow('workflow_call', 'pytest -q'),
    });
    expect(s.get('ci.tests')?.status).toBe('pass');
  });

  it('does not count npm test when the script is the npm placeholder; no CI is a fail', async () => {
    const s = await run({
      '.github/workflows/ci.yml': workflow('[pull_request]', 'npm test'),
      'package.json': '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}',
    });
    expect(s.get('ci.tests')).toMatchObject({ status: 'fail' });
    expect(s.get('ci.tests')?.summary).toContain('placeholder');
    const none = await run({ 'src/a.ts': 'x' });
    expect(none.get('ci.tests')?.status).toBe('fail');
  });

  it('counts GitLab jobs (merge-request pipelines by default) and ignores commented steps', async () => {
    const gl = await run({ '.gitlab-ci.yml': 'test:\n  script:\n    - python -m pytest\n' });
    expect(gl.get('ci.tests')?.status).toBe('pass');
    const commented = await run({ '.github/workflows/ci.yml': 'on: [pull_request]\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: make build\n      # - run: npm test\n' });
    expect(commented.get('ci.tests')?.status).toBe('fail');
  });
});

describe('ci.sbom-image-scan', () => {
  it('says which of SBOM, image and dependency scanning CI does', async () => {
    const s = await run({
      '.github/workflows/release.yml': 'on: push\njobs:\n  img:\n    runs-on: x\n    steps:\n      - uses: anchore/sbom-action@v0\n      - run: trivy image --exit-code 1 app:latest\n',
    });
    const sig = s.get('ci.sbom-image-scan');
    expect(sig?.status).toBe('pass');
    expect(sig?.details).toMatchObject({ sbom: ['Syft'], image_scan: ['Trivy'], dependency_scan: ['Trivy'] });
    expect(sig?.summary).toMatch(/generates an SBOM \(Syft\); scans images \(Trivy\)/);
  });

  it('passes on a dependency audit alone, saying no SBOM; fails a pipeline with neither', async () => {
    const audit = await run({ '.github/workflows/ci.yml': workflow('[pull_request]', 'npm audit --audit-level=high') });
    expect(audit.get('ci.sbom-image-scan')?.status).toBe('pass');
    expect(audit.get('ci.sbom-image-scan')?.summary).toContain('generates no SBOM');
    const bare = await run({ '.github/workflows/ci.yml': workflow('[pull_request]', 'npm run build') });
    expect(bare.get('ci.sbom-image-scan')).toMatchObject({ status: 'fail' });
    expect(bare.get('ci.sbom-image-scan')?.evidence.length).toBeGreaterThan(0);
  });
});
