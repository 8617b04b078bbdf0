import path from 'node:path';
import { severityRank, type Checklist, type Severity } from '../checklist/schema.js';
import { FRAMEWORKS, FRAMEWORK_LABELS, type Framework } from '../checklist/scope.js';
import type { Assessment, EvidenceItem } from '../assessment/model.js';
import { scoreAssessment, type ScoredItem, type ScoreResult } from '../assessment/score.js';
import { questionStatus, type EffectiveState, type QuestionStatus } from '../assessment/status.js';
import { stripRemoteCredentials } from '../detect/git.js';
import type { ScanResult } from '../detect/types.js';
import { sanitizeLine } from '../util/sanitize.js';
import { toolVersion } from '../util/package-root.js';
import { provenanceSummary, type ProvenanceSummary } from './provenance.js';
import { byCodeUnits, byNaturalOrder } from '../util/compare.js';
import type { BarChart, LineChart } from './chart.js';
import { CONTROL_CATEGORIES, readinessChart, readinessCounts, readinessOf, scoreTrend, type GateRun } from './pictures.js';

/**
 * The dossier as plain data: every fact the markdown, JSON and SARIF outputs show,
 * computed once, in order, with no formatting beyond words and numbers. Strings
 * here are NOT escaped: escaping belongs to each output format (escape.ts for
 * markdown). Pure: the same input gives the same view.
 */

export interface DossierInput {
  assessment: Assessment;
  checklist: Checklist;
  /** A fresh scan of the repository (metadata, AI provenance); null when not available. */
  scan: ScanResult | null;
  /** Absolute path of the audited repository (for evidence file digests). */
  repoRoot: string;
  now: Date;
  /** This assessment's recorded gate runs (`check --record`), for the score-over-time picture; absent when none were read. */
  gateRuns?: readonly GateRun[];
}

export interface EvidenceView {
  kind: 'file' | 'commit' | 'link' | 'note';
  /** `kind` as flags, so templates branch without a helper call per item (thousands of items). */
  isFile: boolean;
  isCommit: boolean;
  isLink: boolean;
  isNote: boolean;
  /** `path:line`, `path`, a URL, or the note text, for one-line display. */
  location: string;
  path: string | null;
  line: number | null;
  excerpt: string | null;
  note: string | null;
  signal: string | null;
  commit: string | null;
  /** Full hex digest of the file when the answer was given ('' when none). */
  sha256: string;
  url: string | null;
  title: string | null;
  text: string | null;
  addedBy: string | null;
  addedAt: string | null;
  /** Severity of this one finding, when detection could tell (a live key is critical). */
  severity: 'critical' | 'high' | 'medium' | 'low' | null;
  /** Shown but not counted, and why: test fixture, test data, suppressed, public by design. */
  apart: 'test-fixture' | 'test-data' | 'suppressed' | 'public' | null;
}

export interface WaiverView {
  status: 'active' | 'expired';
  active: boolean;
  justification: string;
  approver: string;
  expires: string;
  grantedBy: string;
  grantedAt: string;
}

export interface QuestionView {
  id: string;
  anchor: string;
  section: string;
  text: string;
  why: string;
  severity: Severity;
  applies: boolean;
  /** Effective state; `n/a` when out of scope. */
  state: EffectiveState;
  stateLabel: string;
  outOfScopeReason: string | null;
  gap: boolean;
  source: 'detected' | 'confirmed' | 'human' | null;
  sourceLabel: string;
  answeredBy: string | null;
  answeredAt: string | null;
  note: string | null;
  links: string[];
  evidence: EvidenceView[];
  hasEvidence: boolean;
  owner: string | null;
  due: string | null;
  overdue: boolean;
  waiver: WaiverView | null;
  remediation: string;
  evidenceNeeded: string;
}

export interface SectionView {
  id: string;
  anchor: string;
  title: string;
  description: string | null;
  score: number | null;
  scoreLabel: string;
  applicable: number;
  answered: number;
  gaps: number;
  yes: number;
  outOfScope: number;
  questions: QuestionView[];
}

export interface ItemView {
  id: string;
  anchor: string;
  text: string;
  section: string;
  severity: Severity;
  state: EffectiveState;
  reason: string;
  owner: string | null;
  due: string | null;
  overdue: boolean;
  waived: boolean;
  /** For blockers: each counted finding behind the gap (most severe first), so the list reads without scrolling to the answer. */
  locations: EvidenceView[];
  /** Counted findings not listed in `locations`. */
  moreLocations: number;
}

export interface RemediationView extends ItemView {
  remediation: string;
  waiver: WaiverView | null;
}

/**
 * Where a control stands, rolled up from its questions: `gap` if any applicable
 * question is a gap without an active waiver; else `open` if any is unanswered or
 * only proposed by detection (nobody has confirmed it); else `waived` if any gap
 * is waived; else `met`. `n/a` when none of its questions applies.
 */
export type ControlStatus = 'met' | 'gap' | 'open' | 'waived' | 'n/a';

export interface CrosswalkControlView {
  control: string;
  status: ControlStatus;
  statusLabel: string;
  questions: { id: string; anchor: string; state: EffectiveState; stateLabel: string }[];
}

export interface CrosswalkView {
  framework: Framework;
  label: string;
  anchor: string;
  /** Controls per status, for the framework's one-line summary. */
  counts: Record<ControlStatus, number>;
  summary: string;
  controls: CrosswalkControlView[];
}

/** The pictures at the top of the dossier and the crosswalk (drawn by chart.ts through the template's chart helpers). */
export interface PicturesView {
  /** Per-section readiness: confirmed yes / proposed / gap / waived / open, for sections where anything applies. */
  readiness: BarChart;
  /** The same counts over the whole review, in words. */
  readinessSummary: string;
  /** The first few open blockers, for the short red list under the picture. */
  blockers: { id: string; anchor: string; text: string; reason: string }[];
  /** Open blockers beyond that list. */
  moreBlockers: number;
  /** Score over time; null when the assessment has only one day of history. */
  trend: LineChart | null;
  /** Controls per framework: met / gap / waived / open; null when no framework is in scope. */
  coverage: BarChart | null;
}

export interface DossierView {
  title: string;
  assessment: { id: string; name: string; createdAt: string; updatedAt: string };
  repository: {
    /** The repository directory's name, for the title block. */
    name: string;
    root: string;
    remote: string | null;
    branch: string | null;
    commit: string | null;
    dirty: boolean | null;
    dirtyLabel: string;
    scanned: boolean;
  };
  checklist: { id: string; version: string; title: string; hash: string; pinnedHash: string; hashMatches: boolean };
  scope: { tier: string; data: string[]; ai: boolean; frameworks: string[]; frameworkLabels: string[] };
  assessors: string[];
  generatedAt: string;
  toolVersion: string;
  verdict: {
    verdict: ScoreResult['verdict'];
    label: string;
    score: number | null;
    scoreLabel: string;
    coverage: ScoreResult['evidenceCoverage'];
    coverageLabel: string;
    progress: ScoreResult['progress'];
    progressLabel: string;
  };
  blockers: ItemView[];
  conditions: ItemView[];
  sections: SectionView[];
  outOfScope: { id: string; anchor: string; text: string; reason: string }[];
  remediation: RemediationView[];
  crosswalk: CrosswalkView[];
  pictures: PicturesView;
  provenance: ProvenanceSummary;
  signoff: { role: string; name: string }[];
  counts: { questions: number; applicable: number; evidence: number };
}

const STATE_LABELS: Record<EffectiveState, string> = {
  yes: 'yes',
  partial: 'partial',
  no: 'no',
  'n/a': 'n/a',
  unknown: 'unknown',
  unanswered: 'unanswered',
};

const VERDICT_LABELS: Record<ScoreResult['verdict'], string> = {
  ready: 'READY',
  'ready with conditions': 'READY WITH CONDITIONS',
  'not ready': 'NOT READY',
};

/** Blockers named under the picture; the Blockers section lists them all. */
const PICTURE_BLOCKERS = 5;

/** Roles a launch review commonly needs signed; the assessors are listed before them. */
const SIGNOFF_ROLES = ['Engineering owner', 'Security reviewer', 'Launch approver'];

export function questionAnchor(id: string): string {
  return `q-${id}`;
}
export function sectionAnchor(id: string): string {
  return `section-${id}`;
}

/** `2025-06-30T12:00:00.000Z` → `2025-06-30 12:00 UTC` (readable, still exact to the minute). */
export function displayTime(iso: string | undefined | null): string | null {
  if (!iso) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

function evidenceView(e: EvidenceItem): EvidenceView {
  const v = evidenceFields(e);
  v.isFile = v.kind === 'file';
  v.isCommit = v.kind === 'commit';
  v.isLink = v.kind === 'link';
  v.isNote = v.kind === 'note';
  return v;
}

function evidenceFields(e: EvidenceItem): EvidenceView {
  const base: EvidenceView = {
    kind: 'note',
    isFile: false,
    isCommit: false,
    isLink: false,
    isNote: false,
    location: '',
    path: null,
    line: null,
    excerpt: null,
    note: null,
    signal: null,
    commit: null,
    sha256: '',
    url: null,
    title: null,
    text: null,
    addedBy: null,
    addedAt: null,
    severity: null,
    apart: null,
  };
  if (e.kind === 'detected') {
    const inTree = e.path !== '' && e.path !== '.';
    const where = inTree ? (e.line ? `${e.path}:${e.line}` : e.path) : '';
    // History evidence names a commit; its file digest (if any) is not the working tree's, so it is never re-hashed.
    const loc = e.commit ? `commit ${e.commit.slice(0, 12)}${where ? ` ${where}` : ''}` : where || '(repository)';
    return {
      ...base,
      kind: e.commit ? 'commit' : 'file',
      location: loc,
      path: e.path === '' ? null : e.path,
      line: e.line ?? null,
      excerpt: e.excerpt ?? null,
      note: e.note ?? null,
      signal: e.signal ?? null,
      commit: e.commit ?? null,
      sha256: e.sha256,
      severity: e.severity ?? null,
      apart: e.apart ?? null,
    };
  }
  if (e.kind === 'link') {
    return { ...base, kind: 'link', location: e.url, url: e.url, title: e.title ?? null, addedBy: e.added_by, addedAt: displayTime(e.added_at) };
  }
  return { ...base, kind: 'note', location: e.text, text: e.text, addedBy: e.added_by, addedAt: displayTime(e.added_at) };
}

function sourceLabel(s: QuestionStatus): string {
  if (!s.applies) return 'out of scope';
  if (!s.answer) return 'not answered';
  switch (s.answer.source) {
    case 'detected':
      return 'detected (not yet confirmed by a person)';
    case 'confirmed':
      return 'detected, confirmed by a person';
    default:
      return 'human answer';
  }
}

function questionView(s: QuestionStatus): QuestionView {
  const a = s.answer;
  const q = s.question;
  const waiver: WaiverView | null =
    s.waiverDetail && s.waiver !== 'none'
      ? {
          status: s.waiver,
          active: s.waiver === 'active',
          justification: s.waiverDetail.justification,
          approver: s.waiverDetail.approver,
          expires: s.waiverDetail.expires,
          grantedBy: s.waiverDetail.granted_by,
          grantedAt: displayTime(s.waiverDetail.granted_at) ?? '',
        }
      : null;
  const evidence = (a?.evidence ?? []).map(evidenceView);
  return {
    id: q.id,
    anchor: questionAnchor(q.id),
    section: q.section,
    text: q.text,
    why: q.why,
    severity: q.severity,
    applies: s.applies,
    state: s.state,
    stateLabel: STATE_LABELS[s.state],
    outOfScopeReason: s.applies ? null : (s.outOfScopeReason ?? 'out of scope'),
    gap: s.gap,
    source: s.applies && a ? a.source : null,
    sourceLabel: sourceLabel(s),
    answeredBy: s.applies ? (a?.answered_by ?? null) : null,
    answeredAt: s.applies ? displayTime(a?.answered_at) : null,
    note: a?.note ?? null,
    links: a?.links ?? [],
    evidence,
    hasEvidence: evidence.length > 0,
    owner: s.gap ? (a?.owner ?? null) : null,
    due: s.gap ? (a?.due ?? null) : null,
    overdue: s.duePassed,
    waiver,
    remediation: q.remediation,
    evidenceNeeded: q.evidence,
  };
}

/** Blocker locations listed in the Blockers section before "+N more". */
const MAX_BLOCKER_LOCATIONS = 20;
const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** The findings a gap rests on: per-finding detected evidence (it has a severity) that its signal counts. */
function countedFindings(q: QuestionView | undefined): EvidenceView[] {
  if (!q || !q.gap) return [];
  return q.evidence
    .filter((e) => e.severity !== null && e.apart === null && !e.isLink && !e.isNote)
    .sort((a, b) => SEVERITY_RANK[a.severity ?? 'low'] - SEVERITY_RANK[b.severity ?? 'low']);
}

function itemView(item: ScoredItem, byId: ReadonlyMap<string, QuestionView>, withLocations = false): ItemView {
  const q = byId.get(item.question);
  const findings = withLocations ? countedFindings(q) : [];
  return {
    id: item.question,
    anchor: questionAnchor(item.question),
    text: q?.text ?? item.question,
    section: item.section,
    severity: item.severity,
    state: item.state,
    reason: item.reason,
    owner: q?.owner ?? null,
    due: q?.due ?? null,
    overdue: q?.overdue ?? false,
    waived: item.waiverActive,
    locations: findings.slice(0, MAX_BLOCKER_LOCATIONS),
    moreLocations: Math.max(0, findings.length - MAX_BLOCKER_LOCATIONS),
  };
}

function percentLabel(p: number | null, none: string): string {
  return p === null ? none : `${p.toFixed(1)}%`;
}

const CONTROL_ORDER: readonly ControlStatus[] = ['gap', 'open', 'waived', 'met', 'n/a'];
const CONTROL_LABELS: Record<ControlStatus, string> = { gap: 'GAP', open: 'open', waived: 'waived', met: 'met', 'n/a': 'n/a' };

/** One question's part in its controls' status. */
function questionStanding(q: QuestionView): ControlStatus {
  if (!q.applies) return 'n/a';
  if (q.state === 'unanswered') return 'open';
  if (q.gap) return q.waiver?.active ? 'waived' : 'gap';
  return q.source === 'detected' ? 'open' : 'met';
}

/** The worst standing of a control's questions (gap, then open, then waived, then met). */
function controlStatus(questions: readonly QuestionView[]): ControlStatus {
  let worst: ControlStatus = 'n/a';
  for (const q of questions) {
    const s = questionStanding(q);
    if (CONTROL_ORDER.indexOf(s) < CONTROL_ORDER.indexOf(worst)) worst = s;
  }
  return worst;
}

function crosswalk(frameworks: readonly Framework[], questions: readonly QuestionView[], checklist: Checklist): CrosswalkView[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const inScope = FRAMEWORKS.filter((f) => frameworks.includes(f));
  return inScope.map((framework) => {
    const controls = new Map<string, QuestionView[]>();
    for (const question of checklist.questions) {
      for (const control of question.mappings[framework] ?? []) {
        const qv = byId.get(question.id);
        if (!qv) continue;
        const list = controls.get(control) ?? [];
        list.push(qv);
        controls.set(control, list);
      }
    }
    const rows: CrosswalkControlView[] = [...controls.keys()].sort(byNaturalOrder).map((control) => {
      const qs = controls.get(control) ?? [];
      const status = controlStatus(qs);
      return { control, status, statusLabel: CONTROL_LABELS[status], questions: qs.map((q) => ({ id: q.id, anchor: q.anchor, state: q.state, stateLabel: q.stateLabel })) };
    });
    const counts: Record<ControlStatus, number> = { met: 0, gap: 0, open: 0, waived: 0, 'n/a': 0 };
    for (const r of rows) counts[r.status]++;
    const parts = (['met', 'gap', 'open', 'waived', 'n/a'] as const).filter((k) => counts[k] > 0 || k !== 'n/a').map((k) => `${counts[k]} ${k}`);
    return {
      framework,
      label: FRAMEWORK_LABELS[framework],
      anchor: `crosswalk-${framework}`,
      counts,
      summary: `${rows.length} control${rows.length === 1 ? '' : 's'}: ${parts.join(' · ')}`,
      controls: rows,
    };
  });
}

export function buildDossierView(input: DossierInput): DossierView {
  const { assessment, checklist, scan, now } = input;
  const score = scoreAssessment(assessment, checklist, now);
  const statuses = checklist.questions.map((q) => questionStatus(assessment, q, now));
  const questions = statuses.map(questionView);
  const byId = new Map(questions.map((q) => [q.id, q]));

  const sectionIds = [...checklist.sections.map((s) => s.id)];
  for (const q of checklist.questions) if (!sectionIds.includes(q.section)) sectionIds.push(q.section);
  const scoreBySection = new Map(score.sections.map((s) => [s.id, s]));
  const sections: SectionView[] = sectionIds.map((id) => {
    const meta = checklist.sections.find((s) => s.id === id);
    const sc = scoreBySection.get(id);
    const qs = questions.filter((q) => q.section === id);
    return {
      id,
      anchor: sectionAnchor(id),
      title: meta?.title ?? id,
      description: meta?.description ?? null,
      score: sc?.score ?? null,
      scoreLabel: percentLabel(sc?.score ?? null, 'n/a'),
      applicable: sc?.applicable ?? 0,
      answered: sc?.answered ?? 0,
      gaps: sc?.gaps ?? 0,
      yes: qs.filter((q) => q.applies && q.state === 'yes').length,
      outOfScope: qs.filter((q) => !q.applies).length,
      questions: qs,
    };
  });

  const gapById = new Map(score.gaps.map((g) => [g.question, g]));
  const remediation: RemediationView[] = questions
    .filter((q) => q.applies && q.gap)
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        // Dated gaps first, earliest first; undated last.
        byCodeUnits(a.due ?? '9999-99-99', b.due ?? '9999-99-99') ||
        byCodeUnits(a.id, b.id),
    )
    .map((q) => {
      const scored = gapById.get(q.id);
      return {
        ...(scored ? itemView(scored, byId) : { id: q.id, anchor: q.anchor, text: q.text, section: q.section, severity: q.severity, state: q.state, reason: '', owner: q.owner, due: q.due, overdue: q.overdue, waived: false, locations: [], moreLocations: 0 }),
        remediation: q.remediation,
        waiver: q.waiver,
      };
    });

  const readinessRows = sectionIds.flatMap((id) => {
    const counts = readinessCounts(statuses.filter((st) => st.question.section === id).map(readinessOf));
    return counts.some((c) => c > 0) ? [{ label: sections.find((x) => x.id === id)?.title ?? id, counts }] : [];
  });
  const readiness = readinessChart('Readiness by section', readinessRows);
  const totals = readinessCounts(statuses.map(readinessOf));
  const crosswalkView = crosswalk(assessment.scope.frameworks, questions, checklist);
  const blockerItems = score.blocking.map((i) => itemView(i, byId, true));

  const git = scan;
  const rawRemote = assessment.repository.remote;
  return {
    title: `Production readiness dossier: ${assessment.name}`,
    assessment: { id: assessment.id, name: assessment.name, createdAt: displayTime(assessment.created_at) ?? '', updatedAt: displayTime(assessment.updated_at) ?? '' },
    repository: {
      // The directory's name: `root` is relative to wherever the assessment was started (often "."), and an absolute path would publish a home directory.
      name: sanitizeLine(path.basename(input.repoRoot) || assessment.repository.root, 200),
      root: assessment.repository.root,
      remote: rawRemote ? safeRemote(rawRemote) : null,
      branch: git?.branch ?? assessment.repository.branch,
      commit: git?.commit ?? lastSavedCommit(assessment),
      dirty: git ? git.dirty : (assessment.saves.at(-1)?.dirty ?? null),
      dirtyLabel: git ? (git.dirty ? 'yes (uncommitted changes)' : 'no') : assessment.saves.length > 0 ? (assessment.saves.at(-1)?.dirty ? 'yes (at last save)' : 'no (at last save)') : 'unknown',
      scanned: scan !== null,
    },
    checklist: {
      id: checklist.id,
      version: checklist.version,
      title: checklist.title,
      hash: checklist.hash,
      pinnedHash: assessment.checklist.hash,
      hashMatches: checklist.hash === assessment.checklist.hash,
    },
    scope: {
      tier: assessment.scope.tier,
      data: [...assessment.scope.data],
      ai: assessment.scope.ai,
      frameworks: [...assessment.scope.frameworks],
      frameworkLabels: FRAMEWORKS.filter((f) => assessment.scope.frameworks.includes(f)).map((f) => FRAMEWORK_LABELS[f]),
    },
    assessors: [...assessment.assessors],
    generatedAt: displayTime(now.toISOString()) ?? '',
    toolVersion: toolVersion(),
    verdict: {
      verdict: score.verdict,
      label: VERDICT_LABELS[score.verdict],
      score: score.score,
      scoreLabel: score.score === null ? 'n/a (nothing applies)' : `${score.score.toFixed(1)} / 100`,
      coverage: score.evidenceCoverage,
      coverageLabel:
        score.evidenceCoverage.percent === null
          ? 'n/a (no yes answers)'
          : `${score.evidenceCoverage.percent.toFixed(1)}% (${score.evidenceCoverage.backed} of ${score.evidenceCoverage.yes} yes answers backed by evidence)`,
      progress: score.progress,
      progressLabel: `${score.progress.answered} of ${score.progress.applicable} applicable questions answered (${score.progress.percent.toFixed(1)}%)${score.progress.unconfirmed > 0 ? `, ${score.progress.unconfirmed} detected but not yet confirmed` : ''}`,
    },
    blockers: blockerItems,
    conditions: score.conditions.map((i) => itemView(i, byId)),
    sections,
    outOfScope: questions.filter((q) => !q.applies).map((q) => ({ id: q.id, anchor: q.anchor, text: q.text, reason: q.outOfScopeReason ?? 'out of scope' })),
    remediation,
    crosswalk: crosswalkView,
    pictures: {
      readiness,
      readinessSummary: `${totals.reduce((a, b) => a + b, 0)} applicable questions: ${readiness.categories.map((c, i) => `${totals[i] ?? 0} ${c.label}`).join(' · ')}`,
      blockers: blockerItems.slice(0, PICTURE_BLOCKERS).map((b) => ({
        id: b.id,
        anchor: b.anchor,
        text: b.text,
        // Every item here is a blocker: the list says what is wrong and who owns it.
        reason: `${b.reason.replace(/^blocker: /, '')}${b.owner ? `; owner ${b.owner}` : ''}${b.due ? `; due ${b.due}${b.overdue ? ' (overdue)' : ''}` : ''}`,
      })),
      moreBlockers: Math.max(0, blockerItems.length - PICTURE_BLOCKERS),
      trend: scoreTrend(assessment, checklist, now, input.gateRuns ?? []),
      coverage:
        crosswalkView.length === 0
          ? null
          : {
              title: 'Controls by framework',
              unit: 'controls',
              categories: CONTROL_CATEGORIES,
              rows: crosswalkView.map((f) => ({ label: f.label, counts: CONTROL_CATEGORIES.map((c) => f.counts[c.key as ControlStatus]) })),
            },
    },
    provenance: provenanceSummary(scan),
    signoff: [...assessment.assessors.map((name) => ({ role: 'Assessor', name })), ...SIGNOFF_ROLES.map((role) => ({ role, name: '' }))],
    counts: {
      questions: questions.length,
      applicable: questions.filter((q) => q.applies).length,
      evidence: questions.reduce((n, q) => n + q.evidence.length, 0),
    },
  };
}

/** The remote as stored is hand-editable text: flatten it to one line before stripping credentials, or a newline could hide them. */
function safeRemote(raw: string): string {
  return stripRemoteCredentials(sanitizeLine(raw.replace(/\s+/g, ' '), 1000));
}

function lastSavedCommit(a: Assessment): string | null {
  return a.saves.at(-1)?.commit ?? null;
}
