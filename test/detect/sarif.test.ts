import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScanCommand } from '../../source/commands/scan.js';
import { fingerprint, pathToUri, toSarif } from '../../source/detect/sarif.js';
import type { GitInfo, ScanResult, SignalMeta } from '../../source/detect/types.js';
import { captureIO } from './engine-helpers.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** The real SARIF 2.1.0 schema (draft-04); `id` → `$id` is all ajv 8 needs to load it. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(here, '../fixtures/sarif/sarif-schema-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  // unicodeRegExp off: the schema's language pattern has a stray `]` that only non-unicode regexps accept.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const metas: SignalMeta[] = [
  { id: 'secrets.hardcoded', title: 'No hard-coded credentials', passWhen: 'no credential literal in tracked files' },
  { id: 'container.nonroot', title: 'Containers run as non-root', passWhen: 'every Dockerfile final stage runs as a non-root user' },
  { id: 'repo.license', title: 'Licence', passWhen: 'a licence file exists' },
];

const result: ScanResult = {
  tool: 'shipshape',
  version: '0.1.0',
  root: '/tmp/x',
  commit: 'a'.repeat(40),
  branch: 'main',
  dirty: false,
  files_scanned: 3,
  files_skipped: 0,
  skipped_by_reason: {},
  duration_ms: 5,
  signals: [
    { id: 'container.nonroot', status: 'fail', summary: 'runs as root', confidence: 'high', evidence: [{ path: 'Dockerfile', sha256: 'f' }] },
    { id: 'repo.license', status: 'pass', summary: 'MIT', confidence: 'high', evidence: [{ path: 'LICENSE', line: 1, sha256: 'e' }] },
    {
      id: 'secrets.hardcoded',
      status: 'fail',
      summary: '2 credential literals',
      confidence: 'high',
      evidence: [
        { path: 'src/my config %20.ts', line: 4, excerpt: 'key = "AKIA…(20 chars, fp 0123456789ab)"', sha256: 'a' },
        { path: 'dir/é ü/.env', line: 0, sha256: 'b', note: 'test fixture' },
        { path: 'old.env', line: 2, sha256: '', commit: 'b'.repeat(40) },
      ],
    },
  ],
};
const gitInfo: GitInfo = { commit: result.commit, branch: 'main', dirty: false, remote: 'https://example.com/org/repo.git', isRepository: true };

describe('SARIF output', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const log = toSarif(result, metas, gitInfo);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator is not a rubber stamp: a region starting at line 0 and an unknown level are rejected.
    const broken = JSON.parse(JSON.stringify(log)) as Log;
    broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    expect(validate(broken)).toBe(false);
    (broken.runs[0]!.results![0] as unknown as { level: string }).level = 'fatal';
    broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 1;
    expect(validate(broken)).toBe(false);
  });

  it('has one rule per signal and one located result per failing evidence item', () => {
    const log = toSarif(result, metas, gitInfo);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(['container.nonroot', 'repo.license', 'secrets.hardcoded']);
    for (const r of run.tool.driver.rules ?? []) {
      expect(r.shortDescription?.text).toBeTruthy();
      expect(r.help?.text).toMatch(/^Passes when /);
    }
    const results = run.results ?? [];
    expect(results).toHaveLength(4);
    expect(results.map((r) => r.level)).toEqual(['warning', 'error', 'error', 'error']);
    for (const r of results) {
      const loc = r.locations?.[0]?.physicalLocation;
      expect(loc?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
      expect(loc?.artifactLocation?.uri).not.toMatch(/^\/|^[a-z]+:/i);
      expect(loc?.region?.startLine).toBeGreaterThanOrEqual(1);
      expect(Object.values(r.partialFingerprints ?? {})[0]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(results[1]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('src/my%20config%20%2520.ts');
    expect(run.versionControlProvenance?.[0]?.repositoryUri).toBe('https://example.com/org/repo.git');
  });

  it('fingerprints are stable across runs and line moves, and distinct per finding', () => {
    const e = { path: 'a.ts', line: 3, excerpt: 'x = "AKIA…"', sha256: '' };
    expect(fingerprint('secrets.hardcoded', e)).toBe(fingerprint('secrets.hardcoded', { ...e, line: 30 }));
    expect(fingerprint('secrets.hardcoded', e)).not.toBe(fingerprint('secrets.hardcoded', { ...e, path: 'b.ts' }));
    expect(fingerprint('secrets.hardcoded', { path: 'a', line: 1, sha256: '' })).not.toBe(
      fingerprint('secrets.hardcoded', { path: 'a', line: 2, sha256: '' }),
    );
    expect(pathToUri('a b/c#d?.ts')).toBe('a%20b/c%23d%3F.ts');
  });

  describe('from the real command', () => {
    let dir: string;
    let cleanup: () => void;
    beforeEach(() => ({ dir, cleanup } = tempDir()));
    afterEach(() => cleanup());

    it('`scan --sarif` on a repository validates and carries no secret', async () => {
      const secret = 'AKIAZ7QW3ERT5YUI2OPA';
      initRepo(dir);
      writeTree(dir, {
        'src/app.ts': `const client = new S3({ accessKeyId: "${secret}" });\n`,
        Dockerfile: 'FROM node:latest\n',
        '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some/action@v1\n',
      });
      git(dir, 'add', '.');
      git(dir, 'commit', '-q', '-m', 'init');
      const cap = captureIO(dir);
      expect(await runScanCommand('.', { sarif: true }, cap.io)).toBe(0);
      const text = cap.stdout().toString('utf8');
      expect(text).not.toContain(secret);
      const log = JSON.parse(text) as Log;
      const validate = sarifValidator();
      validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(log.runs[0]?.tool.driver.rules?.length).toBeGreaterThan(0);
    });
  });
});
