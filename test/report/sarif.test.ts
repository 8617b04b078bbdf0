import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Log, Result } from 'sarif';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../source/checklist/load.js';
import { runCheck } from '../../source/commands/check.js';
import { runScanCommand } from '../../source/commands/scan.js';
import type { ScanResult, SignalMeta } from '../../source/detect/types.js';
import { assignFingerprints, type FindingInput } from '../../source/report/findings.js';
import { scanFindings } from '../../source/report/findings-scan.js';
import { buildSarif, pathToUri } from '../../source/report/sarif.js';
import { shippedChecklistsDir } from '../../source/util/package-root.js';
import { captureIO } from '../detect/engine-helpers.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';
import { githubIngestionProblems, sarifValidator } from '../helpers/schemas.js';

const checklist = loadChecklist(path.join(shippedChecklistsDir(), 'ai-production-readiness.yaml'));
const metas: SignalMeta[] = [
  { id: 'secrets.hardcoded', title: 'No hard-coded secrets', passWhen: 'no credential literal in tracked files' },
  { id: 'container.nonroot', title: 'Containers run as non-root', passWhen: 'every Dockerfile final stage runs as a non-root user' },
  { id: 'repo.license', title: 'Licence', passWhen: 'a licence file exists' },
  { id: 'ai.provenance-markers', title: 'AI markers', passWhen: 'n/a', informational: true },
];

function scanResult(signals: ScanResult['signals']): ScanResult {
  return { tool: 'shipshape', version: '0.1.0', root: '/tmp/x', commit: 'a'.repeat(40), branch: 'main', dirty: false, files_scanned: 3, files_skipped: 0, skipped_by_reason: {}, duration_ms: 5, signals };
}

const KEY = ['AKIA', 'Z7QW3ERT5YUI2OPA'].join('');
const sample = scanResult([
  { id: 'container.nonroot', status: 'fail', summary: 'runs as root', confidence: 'high', evidence: [{ path: 'Dockerfile', sha256: 'f' }] },
  { id: 'repo.license', status: 'fail', summary: 'no licence file', confidence: 'high', evidence: [{ path: '.', sha256: '' }] },
  {
    id: 'secrets.hardcoded',
    status: 'fail',
    summary: '2 credential literals',
    confidence: 'high',
    details: { evidence_total: 340 },
    evidence: [
      { path: 'src/my config %20.ts', line: 4, excerpt: 'key = "AKIA…(20 chars, fp 0123456789ab)"', sha256: 'a', severity: 'critical' },
      { path: 'src/low.ts', line: 9, excerpt: 'password = "…"', sha256: 'a', severity: 'low' },
      { path: 'test/fixtures/.env', line: 2, excerpt: 'KEY=…', sha256: 'b', note: 'test fixture', apart: 'test-fixture' },
      { path: 'src/ok.ts', line: 3, excerpt: 'k = "…"', sha256: 'c', note: 'rotated, see ticket 12', apart: 'suppressed' },
      { path: 'old.env', line: 2, excerpt: 'K=…', sha256: '', commit: 'b'.repeat(40) },
    ],
  },
  { id: 'ai.provenance-markers', status: 'fail', summary: 'markers', confidence: 'low', evidence: [{ path: 'CLAUDE.md', sha256: 'x' }] },
]);

function sarifOf(result: ScanResult, prefix = '', isDirectory = (p: string) => p === 'src') {
  const bundle = scanFindings({ result, metas, checklist, prefix, isDirectory });
  return { bundle, log: buildSarif({ ...bundle, toolVersion: '0.1.0', category: 'shipshape/scan', repositoryRoot: '/repo', provenance: { remote: 'https://example.com/org/repo.git', commit: result.commit, branch: 'main' } }) };
}

const results = (log: Log): Result[] => log.runs[0]?.results ?? [];
const uri = (r: Result) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri;

describe('one SARIF builder', () => {
  it('validates against the SARIF 2.1.0 schema and follows every GitHub ingestion rule', () => {
    const { log } = sarifOf(sample);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(githubIngestionProblems(log)).toEqual([]);
    // Neither check is a rubber stamp.
    const broken = structuredClone(log);
    const first = broken.runs[0]!.results![0]!;
    first.locations![0]!.physicalLocation!.region!.startLine = 0;
    expect(validate(broken)).toBe(false);
    first.locations![0]!.physicalLocation!.artifactLocation!.uri = 'src/';
    delete first.partialFingerprints;
    delete broken.runs[0]!.tool.driver.rules![0]!.properties!.precision;
    expect(githubIngestionProblems(broken)).toEqual(
      expect.arrayContaining([expect.stringMatching(/directory is not a location/), expect.stringMatching(/primaryLocationLineHash required/), expect.stringMatching(/precision/)]),
    );
  });

  it('rules carry full text, markdown help, tags incl. security, precision and a security-severity from the questions that read the signal', () => {
    const { log } = sarifOf(sample);
    const rules = log.runs[0]!.tool.driver.rules!;
    const secrets = rules.find((r) => r.id === 'secrets.hardcoded')!;
    expect(secrets.fullDescription?.text).toMatch(/credential literal/);
    // The markdown help names the question the signal answers and how to close the gap.
    expect(secrets.help?.markdown).toContain('`secrets.no-hardcoded` (blocker)');
    expect(secrets.help?.markdown).toMatch(/How to close the gap/);
    expect(secrets.properties?.tags).toEqual(expect.arrayContaining(['security', 'secrets']));
    // A blocker question: critical, which GitHub reads from over 9.0.
    expect(secrets.properties?.['security-severity']).toBe('9.5');
    expect(secrets.properties?.precision).toBe('high');
    // Informational signals are not rules; rules without a result are left out.
    expect(rules.map((r) => r.id)).not.toContain('ai.provenance-markers');
  });

  it('levels and security-severity follow each piece of evidence: its own severity, apart at note, suppressed with a justification', () => {
    const { log } = sarifOf(sample);
    const byUri = new Map(results(log).map((r) => [uri(r), r]));
    const critical = byUri.get(pathToUri('src/my config %20.ts'))!;
    expect(critical.level).toBe('error');
    expect(critical.properties?.['security-severity']).toBe('9.5');
    const low = byUri.get('src/low.ts')!;
    expect(low.level).toBe('note');
    expect(low.properties?.['security-severity']).toBe('2.0');
    const fixture = byUri.get('test/fixtures/.env')!;
    expect(fixture.level).toBe('note');
    expect(fixture.message.text).toMatch(/in a test fixture: shown, not counted/);
    expect(fixture.suppressions).toBeUndefined();
    const suppressed = byUri.get('src/ok.ts')!;
    expect(suppressed.level).toBe('note');
    expect(suppressed.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'rotated, see ticket 12' }]);
    // Evidence without its own severity takes the rule's.
    expect(byUri.get('old.env')!.level).toBe('error');
  });

  it('never uses a directory as a location, and says so at run level, with the evidence cap', () => {
    const { log } = sarifOf(sample);
    expect(results(log).map(uri)).not.toContain('.');
    const notes = log.runs[0]!.invocations![0]!.toolExecutionNotifications!.map((n) => `${n.descriptor?.id}: ${n.message.text}`);
    expect(notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^evidence-capped: secrets.hardcoded: 5 of 340 pieces of evidence/), expect.stringMatching(/^repository-level-findings: 1 finding concerns .*repo\.license/)]),
    );
    // A path the file system says is a directory is not a location either.
    const dirEvidence = scanResult([{ id: 'container.nonroot', status: 'fail', summary: 'x', confidence: 'high', evidence: [{ path: 'src', sha256: '' }] }]);
    expect(results(sarifOf(dirEvidence).log)).toEqual([]);
  });

  it('paths are relative to the repository root, with originalUriBaseIds: a sub-directory scan keeps its prefix', () => {
    const { log } = sarifOf(sample, 'frontend');
    expect(results(log).map(uri)).toContain('frontend/Dockerfile');
    expect(log.runs[0]!.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe('file:///repo/');
    for (const r of results(log)) expect(r.locations![0]!.physicalLocation!.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
    expect(githubIngestionProblems(log)).toEqual([]);
  });
});

describe('the engine keeps the evidence contract', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('severity and apart survive the engine (known values only) and reach the SARIF', async () => {
    writeTree(dir, { 'a.ts': 'x\n', 'b.ts': 'y\n' });
    const detector = {
      id: 'probe',
      signals: [{ id: 'probe.check', title: 'Probe', passWhen: 'never' }],
      selects: () => true,
      collect: () => [],
      evaluate: () => [
        {
          id: 'probe.check',
          status: 'fail' as const,
          summary: 'probe failed',
          confidence: 'high' as const,
          evidence: [
            { path: 'a.ts', line: 1, sha256: '', severity: 'critical' as const },
            { path: 'b.ts', line: 1, sha256: '', apart: 'test-data' as const },
            { path: 'b.ts', line: 1, sha256: '', excerpt: 'odd', severity: 'extreme', apart: 'whatever' } as never,
          ],
        },
      ],
    };
    const cap = captureIO(dir);
    expect(await runScanCommand('.', { format: ['json'] }, cap.io, { detectors: [detector] })).toBe(0);
    const json = JSON.parse(cap.stdout().toString('utf8')) as ScanResult & { findings: { path: string; level: string; severity: string | null; apart: string | null }[] };
    expect(json.signals[0]!.evidence.map(({ sha256: _sha, ...e }) => e)).toEqual([
      { path: 'a.ts', line: 1, severity: 'critical' },
      { path: 'b.ts', line: 1, apart: 'test-data' },
      { path: 'b.ts', line: 1, excerpt: 'odd' },
    ]);
    expect(json.findings.map((f) => `${f.path} ${f.level} ${f.severity} ${f.apart}`)).toEqual(['a.ts error critical null', 'b.ts note null test-data', 'b.ts warning null null']);
  });
});

describe('fingerprints', () => {
  const finding = (over: Partial<FindingInput>): FindingInput => ({
    rule: 'r',
    path: 'a.ts',
    line: 1,
    message: 'm',
    level: 'error',
    severity: 'high',
    identity: 'x = "…"',
    apart: null,
    suppression: null,
    controls: [],
    ...over,
  });

  it('are unique for identical lines in one file (occurrence index) and across rules', () => {
    const fps = assignFingerprints([finding({ line: 3 }), finding({ line: 9 }), finding({ line: 9, rule: 's' }), finding({ line: 20, identity: 'other' })]);
    expect(new Set(fps.map((f) => `${f.rule}|${f.path}|${f.fingerprint}`)).size).toBe(4);
    expect(fps.map((f) => f.fingerprint.split(':')[1])).toEqual(['1', '2', '1', '1']);
    expect(fps[0]!.fingerprint).toMatch(/^[0-9a-f]{16}:1$/);
  });

  it('survive lines moving and whitespace changing, and change with the content', () => {
    const before = assignFingerprints([finding({ line: 3 }), finding({ line: 9, identity: 'y' })]);
    const after = assignFingerprints([finding({ line: 13, identity: '  x  =   "…"' }), finding({ line: 40, identity: 'y' })]);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    expect(assignFingerprints([finding({ identity: 'z' })])[0]!.fingerprint).not.toBe(before[0]!.fingerprint);
    expect(assignFingerprints([finding({ path: 'b.ts' })])[0]!.fingerprint).not.toBe(before[0]!.fingerprint);
  });
});

describe('SARIF from the real commands', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  /** A repository with repeated findings: identical Dockerfiles, one credential line five times, unpinned actions. */
  function busyRepo(): void {
    initRepo(dir);
    const files: Record<string, string> = {
      'frontend/package.json': '{ "name": "web", "version": "1.0.0" }\n',
      'frontend/src/app.ts': `${Array.from({ length: 5 }, () => `const client = new S3({ accessKeyId: "${KEY}" });`).join('\n')}\n`,
      '.github/workflows/ci.yml': `on: push\njobs:\n${Array.from({ length: 6 }, (_, i) => `  j${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some/action@v1\n      - uses: other/action@main\n`).join('')}`,
    };
    for (let i = 0; i < 40; i++) files[`services/s${i}/Dockerfile`] = 'FROM node:latest\nCMD ["node", "x.js"]\n';
    writeTree(dir, files);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
  }

  it('`scan --format sarif`: unique fingerprints over many repeated findings, no secret, valid, GitHub-ingestible', async () => {
    busyRepo();
    const cap = captureIO(dir);
    expect(await runScanCommand('.', { format: ['sarif'] }, cap.io)).toBe(0);
    const text = cap.stdout().toString('utf8');
    expect(text).not.toContain(KEY);
    const log = JSON.parse(text) as Log;
    expect(sarifValidator()(log)).toBe(true);
    expect(githubIngestionProblems(log)).toEqual([]);
    const rs = results(log);
    expect(rs.length).toBeGreaterThanOrEqual(50);
    expect(new Set(rs.map((r) => `${r.ruleId}|${uri(r)}|${r.partialFingerprints?.primaryLocationLineHash}`)).size).toBe(rs.length);
    // Five identical lines in one file stay five alerts.
    const app = rs.filter((r) => uri(r) === 'frontend/src/app.ts' && r.ruleId === 'secrets.hardcoded');
    expect(app.map((r) => r.partialFingerprints?.primaryLocationLineHash?.split(':')[1]).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('`scan frontend --sarif` reports frontend/… paths, and fingerprints match the whole-repository scan', async () => {
    busyRepo();
    const whole = captureIO(dir);
    await runScanCommand('.', { sarif: true }, whole.io);
    const sub = captureIO(dir);
    expect(await runScanCommand('frontend', { sarif: true }, sub.io)).toBe(0);
    const subLog = JSON.parse(sub.stdout().toString('utf8')) as Log;
    const subUris = results(subLog).map(uri);
    expect(subUris).toContain('frontend/src/app.ts');
    expect(subUris.every((u) => u?.startsWith('frontend/'))).toBe(true);
    expect(subLog.runs[0]!.automationDetails?.id).toBe('shipshape/scan/frontend/');
    const fp = (log: Log) => new Set(results(log).filter((r) => r.ruleId === 'secrets.hardcoded').map((r) => `${uri(r)}|${r.partialFingerprints?.primaryLocationLineHash}`));
    expect([...fp(subLog)]).toEqual([...fp(JSON.parse(whole.stdout().toString('utf8')) as Log)]);
  });

  it('`check --format sarif` without a saved assessment: valid, ingestible, questions as rules with readable messages', async () => {
    busyRepo();
    mkdirSync(path.join(dir, 'home'));
    const cap = captureIO(dir, { env: { HOME: path.join(dir, 'home') } });
    expect(await runCheck(undefined, { format: ['sarif'] }, cap.io)).toBe(1);
    const log = JSON.parse(cap.stdout().toString('utf8')) as Log;
    expect(sarifValidator()(log)).toBe(true);
    expect(githubIngestionProblems(log)).toEqual([]);
    const secret = results(log).find((r) => r.ruleId === 'secrets.no-hardcoded')!;
    expect(secret.level).toBe('error');
    expect(secret.message.text).toMatch(/^Are the tracked files free of credential literals.*— gap: answered "no": secrets\.hardcoded failed: \d+ hard-coded secrets? in \d+ files?.*\. Fails the gate \(blocker\)\./);
    const rule = log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'secrets.no-hardcoded')!;
    expect(rule.help?.markdown).toMatch(/How to close the gap/);
    expect(rule.properties?.['security-severity']).toBe('9.5');
    expect(log.runs[0]!.automationDetails?.id).toBe('shipshape/check/');
  });
});
