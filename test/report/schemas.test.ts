import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportJson, renderReportSarif } from '../../source/report/index.js';
import { buildSampleInput, type SampleBuild } from './sample-input.js';
import { answer, baseAssessment, NOW, smallChecklist } from './helpers.js';
import { contractValidator, githubIngestionProblems, sarifValidator } from '../helpers/schemas.js';

const reportValidator = () => contractValidator('shipshape-report');

let sample: SampleBuild;
beforeAll(async () => {
  sample = await buildSampleInput();
}, 60_000);
afterAll(() => sample.cleanup());

describe('JSON report', () => {
  it('validates against schemas/report.schema.json', () => {
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

  it('is rejected by the schema when a field goes missing or changes type, and accepts a field it does not know', () => {
    const validate = reportValidator();
    const report = JSON.parse(renderReportJson(sample.input)) as Record<string, unknown>;
    expect(validate({ ...report, added_in_a_later_release: { any: 'thing' } })).toBe(true);
    expect(validate({ ...report, score: 'high' })).toBe(false);
    delete report.verdict;
    expect(validate(report)).toBe(false);
  });
});

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema and reports located gaps only', () => {
    const validate = sarifValidator();
    const log = JSON.parse(renderReportSarif(sample.input)) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    expect(githubIngestionProblems(log as never)).toEqual([]);
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
