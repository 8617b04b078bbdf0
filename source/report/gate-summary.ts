import type { GateFinding, GateLocation, GateResult } from '../assessment/gate.js';
import type { Policy } from '../assessment/policy.js';
import { sanitizeLine } from '../util/sanitize.js';
import { mdCell, mdInlineCode, mdText } from './escape.js';

/** What `shipshape check` says, for a terminal and for a GitHub step summary. Pure. */

export interface GateReportContext {
  result: GateResult;
  policy: Policy;
  /** Assessment file shown to people (relative), or null on the detection-only path. */
  assessmentFile: string | null;
  commit: string | null;
  dirty: boolean;
  checklist: { id: string; version: string };
  /** Set when a baseline was given: its file and how many findings are new. */
  baseline?: { file: string; new: number; unchanged: number };
}

function baselineLine(ctx: GateReportContext): string | null {
  const b = ctx.baseline;
  return b ? `Baseline ${b.file}: ${b.new} new finding${b.new === 1 ? '' : 's'}, ${b.unchanged} already known (known failures only warn).` : null;
}

const MAX_LISTED = 25;
/** Per-finding locations listed under one gate finding before "+N more". */
const MAX_LOCATIONS = 12;

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];
const APART_WORDS: Record<NonNullable<GateLocation['apart']>, string> = {
  'test-fixture': 'test fixtures',
  'test-data': 'test data',
  suppressed: 'suppressed',
  public: 'public by design',
};

/**
 * Evidence that names individual findings (it carries a severity, e.g. each hard-coded
 * secret): one line per counted finding, most severe first, saying what it is and where,
 * redacted as the detector left it; what was set apart is counted, not listed.
 */
function findingLines(f: GateFinding): string[] {
  const perFinding = f.locations.filter((l) => l.severity !== undefined);
  if (perFinding.length === 0) return [];
  const counted = perFinding.filter((l) => l.apart === undefined).sort((a, b) => SEVERITY_ORDER.indexOf(a.severity ?? 'low') - SEVERITY_ORDER.indexOf(b.severity ?? 'low'));
  const lines = counted.slice(0, MAX_LOCATIONS).map((l) => {
    const what = (l.note ?? '').split(';')[0]?.trim() ?? '';
    const at = `${l.path}${l.line ? `:${l.line}` : ''}`;
    // Repeats folded into this finding (the same value pasted in more docs pages) are named in its note.
    const repeats = /same value in (\d+) more (docs pages?|places?)/.exec(l.note ?? '');
    const more = repeats ? ` (+${repeats[1]} more ${repeats[2]})` : '';
    return `      ${(l.severity ?? '').padEnd(8)} ${sanitizeLine(at, 200)}${more}  ${sanitizeLine(what, 120)}${l.excerpt ? `: ${sanitizeLine(l.excerpt, 160)}` : ''}`;
  });
  if (counted.length > MAX_LOCATIONS) lines.push(`      … and ${counted.length - MAX_LOCATIONS} more (see --json)`);
  const apart = new Map<string, number>();
  for (const l of perFinding) if (l.apart) apart.set(APART_WORDS[l.apart], (apart.get(APART_WORDS[l.apart]) ?? 0) + 1);
  if (apart.size > 0) lines.push(`      not counted: ${[...apart].map(([w, n]) => `${n} ${w}`).join(', ')}`);
  return lines;
}

function where(f: GateFinding): string {
  const first = f.locations[0];
  if (!first) return '';
  const more = f.locations.length > 1 ? ` (+${f.locations.length - 1} more)` : '';
  return `${first.path}${first.line ? `:${first.line}` : ''}${more}`;
}

function headline(ctx: GateReportContext): string {
  const r = ctx.result;
  const score = r.score === null ? 'no score' : `score ${r.score}%`;
  // The gate and the review's verdict are different answers ("PASS: verdict not ready" read as a contradiction): name both.
  const gate = r.passed ? 'no finding fails the gate' : `${r.failures.length} finding${r.failures.length === 1 ? '' : 's'} fail${r.failures.length === 1 ? 's' : ''} the gate`;
  return `${r.passed ? 'PASS' : 'FAIL'}: ${gate} (fail on ${ctx.policy.fail_on} and above) · review verdict: ${r.verdict}, ${score}, ${r.counts.answered}/${r.counts.applicable} answered`;
}

export function formatGateText(ctx: GateReportContext, color: boolean): string {
  const r = ctx.result;
  const paint = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  lines.push(`${r.passed ? paint(32, '✔') : paint(31, '✘')} shipshape check ${headline(ctx)}`);
  lines.push(
    ctx.assessmentFile
      ? `  assessment ${sanitizeLine(ctx.assessmentFile, 300)} · checklist ${ctx.checklist.id}@${ctx.checklist.version} · commit ${ctx.commit?.slice(0, 12) ?? 'none'}${ctx.dirty ? ' (uncommitted changes)' : ''}`
      : `  no saved assessment: detection only (questions nobody answered are warnings). Run \`shipshape start\` to review the rest.`,
  );
  const list = (title: string, items: GateFinding[], mark: string) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`);
    for (const f of items.slice(0, MAX_LISTED)) {
      const each = findingLines(f);
      const loc = each.length > 0 ? '' : where(f);
      lines.push(`  ${mark} [${f.severity}] ${f.question || 'review'}: ${sanitizeLine(f.message, 300)}${loc ? `\n      ${sanitizeLine(loc, 300)}` : ''}`);
      lines.push(...each);
    }
    if (items.length > MAX_LISTED) lines.push(`  … and ${items.length - MAX_LISTED} more (see --json)`);
  };
  const b = baselineLine(ctx);
  if (b) lines.push(`  ${sanitizeLine(b, 400)}`);
  list('Failures', r.failures, paint(31, '✘'));
  list('Warnings', r.warnings, paint(33, '!'));
  return `${lines.join('\n')}\n`;
}

export function formatGateMarkdown(ctx: GateReportContext): string {
  const r = ctx.result;
  const out: string[] = [];
  out.push(`### shipshape readiness gate: ${r.passed ? '✅ passed' : '❌ failed'}`, '');
  out.push(`**Verdict:** ${r.verdict} · **Score:** ${r.score === null ? 'n/a' : `${r.score}%`} · **Answered:** ${r.counts.answered}/${r.counts.applicable} · **Fail on:** ${ctx.policy.fail_on}`, '');
  out.push(
    ctx.assessmentFile
      ? `Assessment ${mdInlineCode(ctx.assessmentFile)}, checklist ${mdInlineCode(`${ctx.checklist.id}@${ctx.checklist.version}`)}, commit ${mdInlineCode(ctx.commit?.slice(0, 12) ?? 'none')}${ctx.dirty ? ' (uncommitted changes)' : ''}.`
      : 'No saved assessment: detection only.',
    '',
  );
  const b = baselineLine(ctx);
  if (b) out.push(mdText(b), '');
  const table = (title: string, items: GateFinding[]) => {
    if (items.length === 0) return;
    out.push(`#### ${title} (${items.length})`, '', '| severity | question | why | where |', '|---|---|---|---|');
    for (const f of items.slice(0, MAX_LISTED)) out.push(`| ${f.severity} | ${mdCell(f.question || 'review')} | ${mdCell(f.message)} | ${mdCell(where(f))} |`);
    if (items.length > MAX_LISTED) out.push('', mdText(`… and ${items.length - MAX_LISTED} more.`));
    out.push('');
  };
  table('Failures', r.failures);
  table('Warnings', r.warnings);
  return `${out.join('\n')}\n`;
}
