import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { GateFinding, GateResult } from '../assessment/gate.js';
import { pathToUri } from '../detect/sarif.js';
import { sanitizeLine } from '../util/sanitize.js';

/**
 * Gate findings as SARIF 2.1.0: one rule per question, one result per location.
 * A finding without evidence is anchored on the assessment file (where its answer
 * lives); on the detection-only path it has nowhere to point and is left out.
 */
const LEVEL: Record<GateFinding['severity'], 'error' | 'warning' | 'note'> = { blocker: 'error', high: 'error', medium: 'warning', low: 'note' };

export function gateSarif(result: GateResult, ctx: { toolVersion: string; assessmentFile: string | null }): Log {
  const findings = [...result.failures.map((f) => ({ f, failed: true })), ...result.warnings.map((f) => ({ f, failed: false }))].filter(({ f }) => f.question !== '');
  const ruleIds = [...new Set(findings.map(({ f }) => f.question))].sort();
  const rules: ReportingDescriptor[] = ruleIds.map((id) => {
    const q = result.scored.gaps.find((g) => g.question === id);
    return {
      id,
      shortDescription: { text: sanitizeLine(`Readiness question ${id}`, 200) },
      ...(q ? { properties: { tags: ['production-readiness', q.section], severity: q.severity } } : {}),
    };
  });
  const results: Result[] = [];
  for (const { f, failed } of findings) {
    const locations = f.locations.length > 0 ? f.locations : ctx.assessmentFile ? [{ path: ctx.assessmentFile, line: 1 }] : [];
    for (const loc of locations) {
      results.push({
        ruleId: f.question,
        ruleIndex: ruleIds.indexOf(f.question),
        level: failed ? LEVEL[f.severity] : 'note',
        kind: 'fail',
        message: { text: sanitizeLine(`${f.severity}: ${f.message}${failed ? '' : ' (warning: does not fail the gate)'}`, 1000) },
        locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(loc.path), uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, loc.line ?? 1) } } }],
        partialFingerprints: { 'shipshapeGate/v1': createHash('sha256').update([f.question, f.kind, loc.path].join('\0')).digest('hex').slice(0, 32) },
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'shipshape', version: ctx.toolVersion, rules } },
        automationDetails: { id: 'shipshape/check/' },
        results,
      },
    ],
  };
}
