import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeAssessment } from '../../source/assessment/serialize.js';
import { renderDossierMarkdown } from '../../source/report/index.js';
import { verifyDossierText } from '../../source/report/verify.js';
import { buildSampleInput } from './sample-input.js';

/**
 * docs/sample-dossier.md and the assessment behind it (docs/sample-assessment.json)
 * are regenerated here and must match what is committed. They change when the
 * template, the checklist, a detector or a fixture file changes: that is intended.
 */

const docs = path.resolve(import.meta.dirname, '../../docs');
const REFRESH = 'UPDATE_SAMPLES=1 npx vitest run test/report/sample.test.ts';

function compareOrWrite(file: string, actual: string): void {
  if (process.env.UPDATE_SAMPLES === '1') {
    mkdirSync(docs, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (committed !== actual) {
    throw new Error(`${path.relative(process.cwd(), file)} is out of date. If the change is intended, refresh it with:\n  ${REFRESH}`);
  }
}

describe('sample dossier', () => {
  it('is current (docs/sample-dossier.md, docs/sample-assessment.json) and verifies against its repository', async () => {
    const sample = await buildSampleInput();
    try {
      const md = renderDossierMarkdown(sample.input);
      compareOrWrite(path.join(docs, 'sample-assessment.json'), serializeAssessment(sample.input.assessment));
      compareOrWrite(path.join(docs, 'sample-dossier.md'), md);
      const outcome = await verifyDossierText(md, sample.input.repoRoot);
      expect(outcome.kind === 'checked' && outcome.ok).toBe(true);
    } finally {
      sample.cleanup();
    }
  }, 60_000);
});
