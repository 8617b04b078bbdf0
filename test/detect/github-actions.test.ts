import { describe, expect, it } from 'vitest';
import { classifyUses, githubActionsDetector } from '../../source/detect/detectors/github-actions.js';
import { runDetector } from '../helpers/detector-harness.js';

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';

const good = `name: ci
on: [push, pull_request]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: pnpm/action-setup@${SHA} # v4
      - run: pnpm test
`;

const bad = `on:
  pull_request_target:
    types: [opened]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: some-org/deploy-action@v2
      - run: npm test
  release:
    permissions: write-all
    uses: org/shared/.github/workflows/release.yml@main
`;

describe('github-actions detector', () => {
  it('passes a least-privilege, SHA-pinned workflow', async () => {
    const s = await runDetector(githubActionsDetector, { '.github/workflows/ci.yml': good });
    expect(s.get('gha.permissions')?.status).toBe('pass');
    const pin = s.get('gha.pinned-actions');
    expect(pin?.status).toBe('pass');
    expect(pin?.details).toMatchObject({ third_party: 1, third_party_unpinned: 0, first_party_unpinned: 1 });
    expect(s.get('gha.dangerous-triggers')?.status).toBe('pass');
  });

  it('fails write-all, missing permissions, unpinned third-party actions and PR-head checkout', async () => {
    const s = await runDetector(githubActionsDetector, { '.github/workflows/pr.yml': bad });
    const perm = s.get('gha.permissions');
    expect(perm?.status).toBe('fail');
    expect(perm?.evidence.map((e) => e.line)).toEqual(expect.arrayContaining([14, 5]));
    const pin = s.get('gha.pinned-actions');
    expect(pin?.status).toBe('fail');
    expect(pin?.evidence.filter((e) => e.note?.includes('mutable ref')).map((e) => e.line)).toEqual([11, 15]);
    const trig = s.get('gha.dangerous-triggers');
    expect(trig?.status).toBe('fail');
    expect(trig?.evidence[0]).toMatchObject({ path: '.github/workflows/pr.yml', line: 10 });
  });

  it('accepts pull_request_target that does not check out the head', async () => {
    const wf = `on: pull_request_target\npermissions: {}\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n`;
    const s = await runDetector(githubActionsDetector, { '.github/workflows/label.yml': wf });
    expect(s.get('gha.dangerous-triggers')?.status).toBe('pass');
    expect(s.get('gha.permissions')?.status).toBe('pass');
  });

  it('flags a run step that fetches the pull request ref under workflow_run', async () => {
    const wf = `on:\n  workflow_run:\n    workflows: [ci]\npermissions: read-all\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          git fetch origin refs/pull/\${{ github.event.workflow_run.pull_requests[0].number }}/head\n`;
    const s = await runDetector(githubActionsDetector, { '.github/workflows/x.yml': wf });
    expect(s.get('gha.dangerous-triggers')?.status).toBe('fail');
  });

  it('is not applicable without workflows and ignores nested fixture workflows', async () => {
    const s = await runDetector(githubActionsDetector, { 'test/fixtures/a/.github/workflows/ci.yml': bad, 'README.md': '# x' });
    for (const id of ['gha.permissions', 'gha.pinned-actions', 'gha.dangerous-triggers']) expect(s.get(id)?.status).toBe('not_applicable');
  });

  it('reports a broken workflow as unknown, never throws', async () => {
    const s = await runDetector(githubActionsDetector, { '.github/workflows/broken.yml': 'on: [push\njobs: {{' });
    expect(s.get('gha.permissions')?.status).toBe('unknown');
    expect(s.get('gha.dangerous-triggers')?.status).toBe('unknown');
    expect(s.get('gha.permissions')?.evidence[0]).toMatchObject({ path: '.github/workflows/broken.yml', line: expect.any(Number) });
  });

  it('still reports unpinned uses in a broken workflow', async () => {
    const s = await runDetector(githubActionsDetector, { '.github/workflows/broken.yml': 'jobs: {{\n  - uses: evil/action@main\n' });
    expect(s.get('gha.pinned-actions')?.status).toBe('fail');
  });

  it('checks composite actions in .github/actions', async () => {
    const action = `runs:\n  using: composite\n  steps:\n    - uses: docker://alpine:3.20\n`;
    const s = await runDetector(githubActionsDetector, { '.github/workflows/ci.yml': good, '.github/actions/setup/action.yml': action });
    expect(s.get('gha.pinned-actions')?.status).toBe('fail');
  });

  it('accepts the SLSA generator by tag (it must be), nothing else', async () => {
    const wf = good + `  provenance:\n    permissions: { id-token: write, contents: write, actions: read }\n    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0\n`;
    const s = await runDetector(githubActionsDetector, { '.github/workflows/ci.yml': wf });
    expect(s.get('gha.pinned-actions')?.status).toBe('pass');
    expect(s.get('gha.pinned-actions')?.evidence.some((e) => e.note?.includes('SLSA'))).toBe(true);
  });

  it('classifies uses references', () => {
    expect(classifyUses('./.github/actions/x')).toMatchObject({ kind: 'local' });
    expect(classifyUses(`github/codeql-action/init@${SHA}`)).toMatchObject({ kind: 'sha', firstParty: true });
    expect(classifyUses('docker://alpine@sha256:' + 'a'.repeat(64))).toMatchObject({ kind: 'docker-digest' });
    expect(classifyUses('org/repo/.github/workflows/x.yml@v1')).toMatchObject({ kind: 'tag', reusable: true, firstParty: false });
    expect(classifyUses('org/repo@' + SHA.slice(0, 7))).toMatchObject({ kind: 'tag' });
  });
});

describe('github-actions detector on hostile input', () => {
  it('never lets escape sequences from job ids reach evidence notes', async () => {
    const wf = 'on: push\njobs:\n  "evil\\u001b[2Jjob":\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';
    const s = await runDetector(githubActionsDetector, { '.github/workflows/x.yml': wf });
    const perm = s.get('gha.permissions');
    expect(perm?.status).toBe('fail');
    expect(JSON.stringify(perm)).not.toContain('\u001b');
  });
});
