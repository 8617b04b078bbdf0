import { describe, expect, it } from 'vitest';
import { ciDetector } from '../../source/detect/detectors/ci.js';
import { runDetector } from '../helpers/detector-harness.js';

const gha = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`;

describe('ci detector', () => {
  it('passes a GitHub workflow with steps and finds the scanner step line', async () => {
    const wf = gha + `      - uses: github/codeql-action/analyze@v3\n`;
    const s = await runDetector(ciDetector, { '.github/workflows/ci.yml': wf });
    expect(s.get('ci.pipeline')?.status).toBe('pass');
    const scan = s.get('ci.security-scan');
    expect(scan?.status).toBe('pass');
    expect(scan?.evidence[0]).toMatchObject({ path: '.github/workflows/ci.yml', line: 8 });
    expect(scan?.details).toMatchObject({ tools: ['CodeQL'] });
  });

  it('fails the scan signal when CI runs no scanner, and ignores commented-out scanners', async () => {
    const s = await runDetector(ciDetector, { '.github/workflows/ci.yml': gha + '      # - run: npm audit\n' });
    expect(s.get('ci.pipeline')?.status).toBe('pass');
    expect(s.get('ci.security-scan')?.status).toBe('fail');
  });

  it('ignores scanner names in trailing comments', async () => {
    const wf = gha.replace('    runs-on: ubuntu-latest', '    runs-on: ubuntu-latest\n    permissions:\n      actions: read  # for github/codeql-action/init');
    const s = await runDetector(ciDetector, { '.github/workflows/ci.yml': wf });
    expect(s.get('ci.security-scan')?.status).toBe('fail');
  });

  it('does not count an empty or job-less file as a pipeline', async () => {
    const s = await runDetector(ciDetector, { '.gitlab-ci.yml': 'stages: [build]\nvariables:\n  A: b\n', '.travis.yml': '' });
    expect(s.get('ci.pipeline')?.status).toBe('fail');
    expect(s.get('ci.security-scan')?.status).toBe('fail');
  });

  it('fails both without any CI (nothing runs scanners)', async () => {
    const s = await runDetector(ciDetector, { 'README.md': '# hi' });
    expect(s.get('ci.pipeline')?.status).toBe('fail');
    expect(s.get('ci.pipeline')?.evidence.length).toBe(1);
    expect(s.get('ci.security-scan')?.status).toBe('fail');
  });

  it('reads GitLab jobs and pip-audit', async () => {
    const gl = `stages: [test]\n.base:\n  image: python:3.12\ntest:\n  extends: .base\n  script:\n    - poetry install\n    - poetry run pip-audit\n`;
    const s = await runDetector(ciDetector, { '.gitlab-ci.yml': gl });
    expect(s.get('ci.pipeline')?.status).toBe('pass');
    expect(s.get('ci.security-scan')?.evidence[0]?.line).toBe(8);
  });

  it('counts GitLab security templates and Jenkins stages', async () => {
    const gl = `include:\n  - template: Jobs/SAST.gitlab-ci.yml\n`;
    const jf = `pipeline {\n  agent any\n  stages {\n    stage('Build') { steps { sh 'mvn -B verify' } }\n    stage('Audit') { steps { sh 'mvn org.owasp:dependency-check-maven:check' } }\n  }\n}\n`;
    const s = await runDetector(ciDetector, { '.gitlab-ci.yml': gl, Jenkinsfile: jf });
    expect(s.get('ci.pipeline')?.status).toBe('pass');
    expect(s.get('ci.security-scan')?.details).toMatchObject({ tools: expect.arrayContaining(['GitLab security template', 'OWASP Dependency-Check']) });
  });

  it('follows `npm run <script>` to a package.json script that runs a scanner', async () => {
    const s = await runDetector(ciDetector, {
      '.github/workflows/ci.yml': gha + '      - run: npm run security\n',
      'package.json': JSON.stringify({ scripts: { security: 'npm audit --audit-level=high' } }, null, 2),
    });
    expect(s.get('ci.security-scan')?.status).toBe('pass');
  });

  it('is unknown when the only CI file is broken', async () => {
    const s = await runDetector(ciDetector, { '.gitlab-ci.yml': 'test: [\n' });
    expect(s.get('ci.pipeline')?.status).toBe('unknown');
    expect(s.get('ci.security-scan')?.status).toBe('unknown');
  });
});
