import type { ReportJson } from '../contract/outputs.js';
import { sanitizeLine, sanitizeText } from '../util/sanitize.js';
import { integrityData } from './markdown.js';
import { buildDossierView, type DossierInput, type DossierView, type EvidenceView, type QuestionView } from './view.js';

/**
 * The machine-readable report: the same facts as the dossier, in the documented,
 * versioned shape of source/contract/outputs.ts (schemas/report.schema.json). Bump
 * REPORT_FORMAT_VERSION on any change a consumer could notice (a renamed or removed
 * field, a changed meaning); adding a field is not such a change.
 *
 * Text from the repository or a person is sanitised (no escape sequences or control
 * characters) but not markdown-escaped: this is data, not markup.
 */

export const REPORT_FORMAT = 'shipshape-report';
export const REPORT_FORMAT_VERSION = 1;

const line = (s: string | null, max = 2000): string | null => (s === null ? null : sanitizeLine(s, max));
const block = (s: string | null): string | null => (s === null ? null : sanitizeText(s, 20_000));

function evidence(e: EvidenceView) {
  return {
    kind: e.kind,
    path: line(e.path, 1000),
    line: e.line,
    excerpt: line(e.excerpt),
    note: line(e.note),
    signal: line(e.signal, 200),
    commit: line(e.commit, 100),
    sha256: e.sha256 === '' ? null : e.sha256,
    url: line(e.url),
    title: line(e.title),
    text: block(e.text),
    added_by: line(e.addedBy, 200),
    added_at: e.addedAt,
    severity: e.severity,
    apart: e.apart,
  };
}

function question(q: QuestionView) {
  return {
    id: q.id,
    text: line(q.text),
    severity: q.severity,
    applies: q.applies,
    state: q.state,
    out_of_scope_reason: line(q.outOfScopeReason),
    gap: q.gap,
    source: q.source,
    answered_by: line(q.answeredBy, 200),
    answered_at: q.answeredAt,
    note: block(q.note),
    links: q.links.map((l) => sanitizeLine(l, 2000)),
    owner: line(q.owner, 200),
    due: q.due,
    overdue: q.overdue,
    waiver: q.waiver
      ? {
          status: q.waiver.status,
          justification: sanitizeText(q.waiver.justification, 4000),
          approver: sanitizeLine(q.waiver.approver, 200),
          expires: q.waiver.expires,
          granted_by: sanitizeLine(q.waiver.grantedBy, 200),
          granted_at: q.waiver.grantedAt,
        }
      : null,
    evidence: q.evidence.map(evidence),
  };
}

export function buildReport(input: DossierInput, view: DossierView = buildDossierView(input)): ReportJson {
  const integrity = integrityData(input, view);
  return {
    format: REPORT_FORMAT,
    format_version: REPORT_FORMAT_VERSION,
    generated_at: input.now.toISOString(),
    tool: { name: 'shipshape', version: view.toolVersion },
    assessment: { id: input.assessment.id, name: input.assessment.name, created_at: input.assessment.created_at, updated_at: input.assessment.updated_at, sha256: integrity.assessment.sha256 },
    repository: {
      root: sanitizeLine(view.repository.root, 1000),
      remote: line(view.repository.remote, 1000),
      branch: line(view.repository.branch, 300),
      commit: line(view.repository.commit, 100),
      dirty: view.repository.dirty,
      scanned: view.repository.scanned,
    },
    checklist: { id: view.checklist.id, version: view.checklist.version, title: sanitizeLine(view.checklist.title), hash: view.checklist.hash, pinned_hash: view.checklist.pinnedHash },
    scope: { tier: view.scope.tier, data: view.scope.data, ai: view.scope.ai, frameworks: view.scope.frameworks },
    assessors: view.assessors.map((a) => sanitizeLine(a, 200)),
    verdict: view.verdict.verdict,
    score: view.verdict.score,
    evidence_coverage: view.verdict.coverage,
    progress: view.verdict.progress,
    blockers: view.blockers.map((b) => ({ question: b.id, severity: b.severity, state: b.state, reason: sanitizeLine(b.reason, 2000) })),
    conditions: view.conditions.map((b) => ({ question: b.id, severity: b.severity, state: b.state, reason: sanitizeLine(b.reason, 2000), waived: b.waived })),
    sections: view.sections.map((s) => ({
      id: s.id,
      title: sanitizeLine(s.title),
      score: s.score,
      applicable: s.applicable,
      answered: s.answered,
      yes: s.yes,
      gaps: s.gaps,
      out_of_scope: s.outOfScope,
      questions: s.questions.map(question),
    })),
    remediation: view.remediation.map((r) => ({
      question: r.id,
      severity: r.severity,
      state: r.state,
      owner: line(r.owner, 200),
      due: r.due,
      overdue: r.overdue,
      waived: r.waived,
      remediation: sanitizeLine(r.remediation, 2000),
    })),
    crosswalk: view.crosswalk.map((f) => ({
      framework: f.framework,
      label: f.label,
      controls: f.controls.map((c) => ({ control: sanitizeLine(c.control, 200), questions: c.questions.map((q) => ({ id: q.id, state: q.state })) })),
    })),
    provenance: {
      available: view.provenance.available,
      markers: view.provenance.markers
        ? { status: view.provenance.markers.status, summary: sanitizeLine(view.provenance.markers.summary), count: view.provenance.markers.count, paths: view.provenance.markers.paths.map((p) => sanitizeLine(p, 1000)) }
        : null,
      commits: view.provenance.commits
        ? {
            status: view.provenance.commits.status,
            summary: sanitizeLine(view.provenance.commits.summary),
            examined: view.provenance.commits.examined,
            assisted: view.provenance.commits.assisted,
            share_percent: view.provenance.commits.sharePercent,
            via_pull_requests: view.provenance.commits.viaPullRequests,
            via_other_merges: view.provenance.commits.viaOtherMerges,
            pushed_directly: view.provenance.commits.pushedDirectly,
            review_shown_by_git: view.provenance.commits.reviewShown,
          }
        : null,
    },
    integrity: { assessment_sha256: integrity.assessment.sha256, evidence: integrity.evidence.map((e) => ({ path: sanitizeLine(e.path, 1000), sha256: e.sha256, questions: e.questions })) },
  };
}

export type Report = ReportJson;

export function renderReportJson(input: DossierInput): string {
  return `${JSON.stringify(buildReport(input), null, 2)}\n`;
}
