import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistRef } from '../../source/assessment/create.js';
import { serializeAssessment } from '../../source/assessment/serialize.js';
import { main } from '../../source/cli.js';
import { CONTRACTS, contractJsonSchemaText } from '../../source/contract/registry.js';
import { packageRoot } from '../../source/util/package-root.js';
import { captureIO } from '../detect/engine-helpers.js';
import { git, initRepo } from '../helpers/fs.js';
import { contractErrors } from '../helpers/schemas.js';
import { answer, baseAssessment, fileEvidence } from '../report/helpers.js';
import { shippedChecklist } from '../report/sample-input.js';

/**
 * Every JSON output, written by the real command line, against the JSON Schema the
 * package ships for it; and the shipped schemas against what the zod contract
 * generates today (a stale schema fails here, not in a user's pipeline).
 */

const TOKEN = ['ghp', 'Xk29sLq8Wm3Zr7Tn2Vb5Mk9Pd4Hs6Yc1Ja0E'].join('_');
let repo: string;
let home: string;

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'shipshape-contract-'));
  home = path.join(repo, '..', `${path.basename(repo)}-home`);
  mkdirSync(home, { recursive: true });
  initRepo(repo);
  mkdirSync(path.join(repo, 'src'), { recursive: true });
  mkdirSync(path.join(repo, '.shipshape'), { recursive: true });
  const src = 'const key = process.env.KEY;\n';
  writeFileSync(path.join(repo, 'src/key.ts'), src);
  writeFileSync(path.join(repo, 'src/leak.ts'), `export const t = "${TOKEN}";\n`);
  const checklist = shippedChecklist();
  const a = { ...baseAssessment(checklist), name: 'launch', checklist: checklistRef(checklist, 'ai-production-readiness') };
  a.answers['secrets.no-hardcoded'] = answer('yes', { evidence: [fileEvidence('src/key.ts', src)] });
  a.answers['auth.required'] = answer('no');
  writeFileSync(path.join(repo, '.shipshape/launch.json'), serializeAssessment(a));
  const b = { ...a, name: 'later', answers: { ...a.answers, 'auth.required': answer('yes') } };
  writeFileSync(path.join(repo, '.shipshape/later.json'), serializeAssessment(b));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const cap = captureIO(repo, { env: { HOME: home, SHIPSHAPE_CONFIG_DIR: home, SHIPSHAPE_CACHE_DIR: process.env.SHIPSHAPE_CACHE_DIR } });
  const code = await main(args, cap.io);
  return { code, out: cap.stdout().toString('utf8'), err: cap.stderr() };
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(repo, file), 'utf8')) as Record<string, unknown>;
}

describe('the JSON contract', () => {
  it('the shipped schemas are what the zod contract generates, each with an $id, every object open', () => {
    for (const c of CONTRACTS) {
      const shipped = readFileSync(path.join(packageRoot(), 'schemas', c.file), 'utf8');
      expect(shipped, `schemas/${c.file} is stale: run npm run schema`).toBe(contractJsonSchemaText(c));
      const schema = JSON.parse(shipped) as Record<string, unknown>;
      expect(schema.$id).toBe(`https://shipshape.dev/schema/${c.file}`);
      expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
    }
  });

  it('every JSON output carries format and format_version and validates against its schema', async () => {
    // One check run writes its JSON, SARIF and a baseline together; --record feeds history.
    const check = await run('check', '.shipshape/launch.json', '--format', 'json=out/check.json', '--format', 'sarif=out/check.sarif', '--write-baseline', 'out/baseline.json', '--record', '-q');
    expect(check.code, check.err).toBe(1);
    expect(check.out).toBe('');
    const detectionOnly = await run('check', '--repo', 'src', '--json', '-o', 'out/check-detection.json');
    expect(detectionOnly.code, detectionOnly.err).toBe(1);
    expect((await run('scan', '--format', 'json=out/scan.json', '--format', 'sarif=out/scan.sarif', '-q')).code).toBe(0);
    expect((await run('scan', '--list-signals', '--format', 'json', '-o', 'out/signals.json')).code).toBe(0);
    expect((await run('scan', 'src', '--format', 'md', '-o', 'out/scan.md', '--format', 'codequality=out/scan-cq.json')).code).toBe(0);
    expect(readFileSync(path.join(repo, 'out/scan.md'), 'utf8')).toMatch(/^### shipshape scan of `[0-9a-f]{12}`[\s\S]*\| error \| secrets\.hardcoded \| src\/leak\.ts:1 \|/m);
    expect(readFileSync(path.join(repo, 'out/scan-cq.json'), 'utf8')).toContain('"path": "src/leak.ts"');
    expect((await run('report', '.shipshape/launch.json', '--no-scan', '--format', 'json', '-o', 'out/report.json', '--format', 'md=out/dossier.md')).code).toBe(0);
    expect((await run('verify', 'out/dossier.md', '--repo', '.', '--format', 'json', '-o', 'out/verify.json')).code).toBe(0);
    expect((await run('history', '--json', '-o', 'out/history.json')).code).toBe(0);
    expect((await run('diff', '.shipshape/launch.json', '.shipshape/later.json', '--format', 'json=out/diff.json')).code).toBe(0);
    expect((await run('checklist', 'list', '--format', 'json', '-o', 'out/checklists.json')).code).toBe(0);
    expect((await run('version', '--format', 'json', '-o', 'out/version.json')).code).toBe(0);
    expect((await run('aggregate', 'out/report.json', 'out/check.json', '--format', 'json=out/aggregate.json')).code).toBe(0);

    const files = ['check', 'check-detection', 'scan', 'signals', 'report', 'verify', 'history', 'diff', 'checklists', 'version', 'aggregate', 'baseline'];
    const formats = new Set<string>();
    for (const f of files) {
      const json = readJson(`out/${f}.json`);
      expect(typeof json.format, f).toBe('string');
      expect(json.format_version, f).toBe(1);
      expect(contractErrors(json), f).toEqual([]);
      formats.add(json.format as string);
    }
    // Every contract was exercised.
    expect([...formats].sort()).toEqual(CONTRACTS.map((c) => c.format).sort());
    // No output repeats the committed token.
    for (const f of [...files.map((x) => `out/${x}.json`), 'out/check.sarif', 'out/scan.sarif']) expect(readFileSync(path.join(repo, f), 'utf8')).not.toContain(TOKEN);
    // version --json names each format with its schema's $id.
    const version = readJson('out/version.json') as { formats: { format: string; schema: string }[] };
    expect(version.formats.find((f) => f.format === 'shipshape-scan')?.schema).toBe('https://shipshape.dev/schema/scan.schema.json');
  });

  it('a validator is not a rubber stamp: a wrong type or a missing field is rejected', () => {
    const scan = readJson('out/scan.json');
    expect(contractErrors({ ...scan, files_scanned: 'many' })).not.toEqual([]);
    const { findings: _f, ...noFindings } = scan;
    expect(contractErrors(noFindings)).not.toEqual([]);
    expect(contractErrors({ ...scan, some_future_field: [1, 2] })).toEqual([]);
  });
});
