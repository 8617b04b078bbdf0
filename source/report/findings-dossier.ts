import { sanitizeLine } from '../util/sanitize.js';
import { toolVersion } from '../util/package-root.js';
import { repoLayout, type RepoLayout } from '../util/repo-layout.js';
import { assignFingerprints, FROM_QUESTION_SEVERITY, levelForSeverity, type FindingInput } from './findings.js';
import { repositoryPath, type FindingsBundle } from './findings-scan.js';
import { questionControls, questionRule } from './rules.js';
import { buildSarif } from './sarif.js';
import { buildDossierView, type DossierInput } from './view.js';

/**
 * The dossier's open gaps as rules and findings: one rule per question with a gap,
 * one finding per piece of file evidence. A gap under an active waiver is still
 * reported, as an accepted suppression with its justification, so code scanning
 * shows it dismissed rather than silently gone.
 */
export function dossierFindings(input: DossierInput, where: { prefix: string; isDirectory: (p: string) => boolean }): FindingsBundle {
  const view = buildDossierView(input);
  const questions = new Map(input.checklist.questions.map((q) => [q.id, q]));
  const raw: FindingInput[] = [];
  const ruleIds = new Set<string>();
  for (const section of view.sections) {
    for (const qv of section.questions) {
      const q = questions.get(qv.id);
      if (!q || !qv.applies || !qv.gap) continue;
      ruleIds.add(q.id);
      const severity = FROM_QUESTION_SEVERITY[q.severity];
      const waiver = qv.waiver?.active ? qv.waiver : null;
      const headline = [`${sanitizeLine(qv.text, 300)} — ${qv.stateLabel}.`, qv.owner ? `Owner: ${qv.owner}.` : '', qv.due ? `Due ${qv.due}${qv.overdue ? ' (overdue)' : ''}.` : ''].filter(Boolean).join(' ');
      const base = {
        rule: q.id,
        severity,
        level: levelForSeverity(severity),
        apart: null,
        controls: questionControls(q),
        suppression: waiver ? { kind: 'external' as const, justification: `${waiver.justification} (approved by ${waiver.approver}, until ${waiver.expires})` } : null,
      };
      const files = qv.evidence.filter((e) => e.kind === 'file' && e.path !== null);
      if (files.length === 0) raw.push({ ...base, path: '', line: null, message: headline, identity: '' });
      for (const e of files) {
        raw.push({
          ...base,
          path: repositoryPath(where.prefix, e.path ?? '', where.isDirectory),
          line: e.line,
          message: `${headline}${e.excerpt ? ` Evidence: ${e.excerpt}` : ''}`,
          identity: [e.signal ?? '', e.excerpt ?? ''].join('\0'),
        });
      }
    }
  }
  const rules = input.checklist.questions.filter((q) => ruleIds.has(q.id)).map((q) => questionRule(input.checklist, q));
  return { rules, findings: assignFingerprints(raw), notifications: [] };
}

/** The dossier's gaps as SARIF; `where` defaults to the layout of the assessment's repository on disk. */
export function renderReportSarif(input: DossierInput, where: RepoLayout = repoLayout(input.repoRoot)): string {
  const { rules, findings, notifications } = dossierFindings(input, where);
  const log = buildSarif({
    rules,
    findings,
    notifications,
    toolVersion: toolVersion(),
    // The name is the user's: only a safe slug goes into the category.
    category: `shipshape/report/${input.assessment.name.replace(/[^\w.-]+/g, '-').slice(0, 100)}`,
    repositoryRoot: where.root,
    provenance: { remote: input.assessment.repository.remote ?? null, commit: input.scan?.commit ?? null, branch: input.assessment.repository.branch ?? null },
  });
  return `${JSON.stringify(log, null, 2)}\n`;
}
