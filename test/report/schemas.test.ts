import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { renderReportJson, renderReportSarif } from '../../source/report/index.js';
import { buildSampleInput, type SampleBuild } from './sample-input.js';
import { answer, baseAssessment, NOW, smallChecklist } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');

function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(root, 'test/fixtures/sarif/sarif-schema-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  // A draft-04 schema: ajv 8 reads it once the root `id` is `$id` (see test/fixtures/sarif/README.md).
  const { id, $schema: _drop, ...rest } = schema;
  // unicodeRegExp off: the schema's language pattern has a stray `]` only non-unicode regexps accept.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ ...rest, $id: id as string });
}

function reportValidator() {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(root, 'templates/report.schema.json'), 'utf8')) as object);
}

let sample: SampleBuild;
beforeAll(async () => {
  sample = await buildSampleInput();
}, 60_000);
afterAll(() => sample.cleanup());

describe('JSON report', () => {
  it('validates against templates/report.schema.json', () => {
    const validate = reportValidator();
    const report = JSON.parse(renderReportJson(sample.input)) as unknown;
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it('validates for an assessment with nothing answered and no scan', () => {
    const checklist = smallChecklist();
    const validate = reportValidator();
    const report = JSON.parse(renderReportJson({ assessment: baseAssessment(checklist), checklist, scan: null, repoRoot: '/x', now: NOW })) as unknown;
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it('is rejected by the schema when a field goes missing (the test can fail)', () => {
    const validate = reportValidator();
    const report = JSON.parse(renderReportJson(sample.input)) as Record<string, unknown>;
    delete report.verdict;
    expect(validate(report)).toBe(false);
  });
});

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema and reports located gaps only', () => {
    const validate = sarifValidator();
    const log = JSON.parse(renderReportSarif(sample.input)) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => r.ruleId)).toContain('secrets.no-hardcoded');
    expect(results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toContain('lib/ai.ts');
    // auth.required is answered yes: not a gap, so not a result.
    expect(results.some((r) => r.ruleId === 'auth.required')).toBe(false);
  });

  it('marks a waived gap as an accepted suppression', () => {
    const checklist = smallChecklist();
    const a = baseAssessment(checklist);
    a.answers['auth.b'] = answer('no', {
      evidence: [{ kind: 'detected', path: 'src/x.ts', line: 2, sha256: 'd'.repeat(64) }],
      waiver: { justification: 'beta only', approver: 'CTO', expires: '2025-12-31', granted_at: NOW.toISOString(), granted_by: 'Tester' },
    });
    const log = JSON.parse(renderReportSarif({ assessment: a, checklist, scan: null, repoRoot: '/x', now: NOW })) as { runs: { results: { suppressions?: { status: string }[] }[] }[] };
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0]?.results[0]?.suppressions?.[0]?.status).toBe('accepted');
  });
});
