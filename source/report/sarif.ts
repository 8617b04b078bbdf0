import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { pathToUri } from '../detect/sarif.js';
import { sanitizeLine } from '../util/sanitize.js';
import { buildDossierView, type DossierInput, type QuestionView } from './view.js';

/**
 * Every open gap that points at a place in the code, as SARIF 2.1.0: one rule per
 * question, one result per piece of file evidence. A gap under an active waiver is
 * still reported, with an accepted suppression carrying the justification, so code
 * scanning shows it as dismissed rather than silently dropping it.
 */

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function level(q: QuestionView): 'error' | 'warning' | 'note' {
  return q.severity === 'blocker' || q.severity === 'high' ? 'error' : q.severity === 'medium' ? 'warning' : 'note';
}

function fingerprint(questionId: string, path: string, line: number | null, excerpt: string | null): string {
  return createHash('sha256')
    .update([questionId, path, excerpt ?? `l:${line ?? 0}`].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

export function buildSarif(input: DossierInput): Log {
  const view = buildDossierView(input);
  const rules: ReportingDescriptor[] = [];
  const results: Result[] = [];
  for (const section of view.sections) {
    for (const q of section.questions) {
      if (!q.applies || !q.gap) continue;
      const located = q.evidence.filter((e) => e.kind === 'file' && e.path !== null);
      if (located.length === 0) continue;
      const ruleIndex = rules.length;
      rules.push({
        id: q.id,
        shortDescription: { text: sanitizeLine(q.text, 1000) },
        fullDescription: { text: sanitizeLine(q.why, 1000) },
        help: { text: sanitizeLine(q.remediation, 2000) },
        defaultConfiguration: { level: level(q) },
        properties: { tags: ['production-readiness', q.section], severity: q.severity },
      });
      for (const e of located) {
        const path = e.path ?? '';
        const parts = [`${q.state}: ${q.text}`, e.excerpt ? `Evidence: ${e.excerpt}` : '', q.owner ? `Owner: ${q.owner}` : '', q.due ? `Due: ${q.due}` : ''];
        const result: Result = {
          ruleId: q.id,
          ruleIndex,
          level: level(q),
          message: { text: sanitizeLine(parts.filter(Boolean).join(' · '), 2000) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: pathToUri(path), uriBaseId: '%SRCROOT%' },
                region: { startLine: Math.max(1, e.line ?? 1) },
              },
            },
          ],
          partialFingerprints: { 'shipshapeGap/v1': fingerprint(q.id, path, e.line, e.excerpt) },
        };
        if (q.waiver?.active) {
          result.suppressions = [
            { kind: 'external', status: 'accepted', justification: sanitizeLine(`${q.waiver.justification} (approved by ${q.waiver.approver}, until ${q.waiver.expires})`, 2000) },
          ];
        }
        results.push(result);
      }
    }
  }
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'shipshape', version: view.toolVersion, semanticVersion: view.toolVersion, informationUri: 'https://www.npmjs.com/package/shipshape', rules } },
        automationDetails: { id: `shipshape/report/${input.assessment.name}/` },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export function renderReportSarif(input: DossierInput): string {
  return `${JSON.stringify(buildSarif(input), null, 2)}\n`;
}
