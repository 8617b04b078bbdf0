import type { Checklist } from '../checklist/schema.js';
import type { Assessment } from '../assessment/model.js';
import { activityDays, assessmentAsOf } from '../assessment/replay.js';
import { scoreAssessment } from '../assessment/score.js';
import type { QuestionStatus } from '../assessment/status.js';
import type { BarChart, ChartCategory, LineChart } from './chart.js';

/**
 * The pictures shipshape draws, as chart view-models (chart.ts draws them): what
 * each bar counts, in which order and colours, built from the facts the dossier,
 * the wizard, `diff`, `history` and `aggregate` already have. One definition per
 * picture, so the dossier and the wizard cannot disagree about what "proposed"
 * means.
 */

/**
 * Where an applicable question stands, in the order the bars draw it:
 * confirmed yes (a person answered or confirmed yes, or n/a), proposed
 * (detection pre-filled it and nobody confirmed it, whatever it proposes), gap (a
 * person's partial, no or unknown, or an expired waiver), waived (a gap with an
 * active waiver), open (nobody answered).
 */
export type Readiness = 'yes' | 'proposed' | 'gap' | 'waived' | 'open';

export const READINESS_ORDER: readonly Readiness[] = ['yes', 'proposed', 'gap', 'waived', 'open'];

export const READINESS_CATEGORIES: readonly ChartCategory[] = [
  { key: 'yes', label: 'confirmed yes', glyph: '█', tone: 'green', color: '#1a7f37', colorName: 'green' },
  { key: 'proposed', label: 'proposed', glyph: '▓', tone: 'cyan', color: '#54aeff', colorName: 'blue' },
  { key: 'gap', label: 'gap', glyph: '✘', tone: 'red', color: '#cf222e', colorName: 'red' },
  { key: 'waived', label: 'waived', glyph: '░', tone: 'yellow', color: '#d4a72c', colorName: 'amber' },
  { key: 'open', label: 'open', glyph: '·', tone: 'gray', color: '#afb8c1', colorName: 'grey' },
];

/** A question's standing; null when it is out of scope (the bars count applicable questions). */
export function readinessOf(s: Pick<QuestionStatus, 'applies' | 'answer' | 'state' | 'gap' | 'waiver'>): Readiness | null {
  if (!s.applies) return null;
  if (!s.answer || s.state === 'unanswered') return 'open';
  if (s.answer.source === 'detected') return 'proposed';
  if (!s.gap) return 'yes';
  return s.waiver === 'active' ? 'waived' : 'gap';
}

/** Counts in READINESS_ORDER. */
export function readinessCounts(standings: Iterable<Readiness | null>): number[] {
  const counts = READINESS_ORDER.map(() => 0);
  for (const r of standings) {
    const i = r === null ? -1 : READINESS_ORDER.indexOf(r);
    if (i >= 0) counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** A question of a report JSON (report/json.ts) in the same standings: the diff compares saved reports too. */
export function readinessOfReported(q: { applies: boolean; state: string; source: string | null; gap: boolean; waiver: { status: string } | null }): Readiness | null {
  if (!q.applies) return null;
  if (q.state === 'unanswered' || q.source === null) return 'open';
  if (q.source === 'detected') return 'proposed';
  if (!q.gap) return 'yes';
  return q.waiver?.status === 'active' ? 'waived' : 'gap';
}

export function readinessChart(title: string, rows: readonly { label: string; counts: readonly number[] }[]): BarChart {
  return { title, unit: 'questions', categories: READINESS_CATEGORIES, rows };
}

/** Controls of a framework, by where they stand (view.ts rolls questions up per control). */
export const CONTROL_CATEGORIES: readonly ChartCategory[] = [
  { key: 'met', label: 'met', glyph: '█', tone: 'green', color: '#1a7f37', colorName: 'green' },
  { key: 'gap', label: 'gap', glyph: '✘', tone: 'red', color: '#cf222e', colorName: 'red' },
  { key: 'waived', label: 'waived', glyph: '░', tone: 'yellow', color: '#d4a72c', colorName: 'amber' },
  { key: 'open', label: 'open', glyph: '·', tone: 'gray', color: '#afb8c1', colorName: 'grey' },
];

/** Signals of a scan, by status. */
export const SIGNAL_CATEGORIES: readonly ChartCategory[] = [
  { key: 'pass', label: 'pass', glyph: '█', tone: 'green', color: '#1a7f37', colorName: 'green' },
  { key: 'fail', label: 'fail', glyph: '✘', tone: 'red', color: '#cf222e', colorName: 'red' },
  { key: 'unknown', label: 'unknown', glyph: '?', tone: 'magenta', color: '#8250df', colorName: 'purple' },
  { key: 'not_applicable', label: 'n/a', glyph: '·', tone: 'gray', color: '#afb8c1', colorName: 'grey' },
];

export const VERDICT_COLORS = { ready: '#1a7f37', 'ready with conditions': '#d4a72c', 'not ready': '#cf222e' } as const;

/**
 * One glyph per score, for heat tables: distinct shapes, not only colours, so a
 * table reads the same in a terminal, on paper and to a colour-blind reader.
 */
export const HEAT_SCALE: readonly { glyph: string; label: string; min: number }[] = [
  { glyph: '█', label: '90–100', min: 90 },
  { glyph: '▓', label: '70–89', min: 70 },
  { glyph: '▒', label: '40–69', min: 40 },
  { glyph: '░', label: '1–39', min: 0.05 },
  { glyph: '✘', label: '0', min: -Infinity },
];
export const HEAT_NONE = { glyph: '–', label: 'nothing applies, or the section is not in that checklist' };

export function heatGlyph(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return HEAT_NONE.glyph;
  return (HEAT_SCALE.find((h) => score >= h.min) ?? HEAT_NONE).glyph;
}

/** A gate run recorded by `shipshape check --record` (only the fields a picture needs). */
export interface GateRun {
  at: string;
  passed: boolean;
  score: number | null;
}

/** At most this many points on a trend: the last ones. */
const TREND_POINTS = 30;

/**
 * Score over time: one point per UTC day on which the assessment was created,
 * changed or saved, or on which a gate run of it was recorded; the value is the
 * assessment's score as it stood at the end of that day (replayed from the
 * answers' audit trail; today: as it stands now). Null when there is only one day.
 */
export function scoreTrend(assessment: Assessment, checklist: Checklist, now: Date, gateRuns: readonly GateRun[] = []): LineChart | null {
  const today = now.toISOString().slice(0, 10);
  const days = new Set(activityDays(assessment));
  for (const r of gateRuns) if (/^\d{4}-\d{2}-\d{2}/.test(r.at)) days.add(r.at.slice(0, 10));
  const shown = [...days]
    .filter((d) => d <= today && d >= assessment.created_at.slice(0, 10))
    .sort()
    .slice(-TREND_POINTS);
  if (shown.length < 2) return null;
  const points = shown.map((day) => {
    const end = day === today ? now : new Date(`${day}T23:59:59.999Z`);
    const score = scoreAssessment(assessmentAsOf(assessment, end.toISOString()), checklist, end).score;
    const runs = gateRuns.filter((r) => r.at.startsWith(day));
    const last = runs.at(-1);
    return { label: day, value: score ?? 0, ...(last && { note: `gate ${last.passed ? 'pass' : 'FAIL'}${runs.length > 1 ? ` (${runs.length} runs)` : ''}` }) };
  });
  return { title: 'Score over time', axis: 'score', min: 0, max: 100, points };
}
