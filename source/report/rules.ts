import { severityRank, type Checklist, type Question } from '../checklist/schema.js';
import { FRAMEWORK_LABELS, FRAMEWORKS } from '../checklist/scope.js';
import type { Confidence, SignalMeta } from '../detect/types.js';
import { sanitizeLine } from '../util/sanitize.js';
import { mdInlineCode, mdText } from './escape.js';
import { FROM_QUESTION_SEVERITY, levelForSeverity, type Level, type Precision, type Rule } from './findings.js';

/**
 * Rules from metadata only: a question's text, why, remediation, severity, section
 * tags and framework mappings; a signal's title and pass condition plus every
 * question of the checklist that reads it. No rule is written by hand here, so a new
 * signal or question gets a complete rule with nothing to add.
 */

export const TOOL_TAG = 'shipshape';

/** `soc2:CC6.1`-style control ids of a question, in framework order. */
export function questionControls(q: Question): string[] {
  return FRAMEWORKS.flatMap((fw) => (q.mappings[fw] ?? []).map((c) => `${fw}:${c}`));
}

function sectionOf(checklist: Checklist, q: Question) {
  return checklist.sections.find((s) => s.id === q.section);
}

function isSecurity(checklist: Checklist, q: Question): boolean {
  return sectionOf(checklist, q)?.tags?.includes('security') ?? false;
}

function frameworkTags(questions: readonly Question[]): string[] {
  return FRAMEWORKS.filter((fw) => questions.some((q) => (q.mappings[fw]?.length ?? 0) > 0));
}

function controlsMarkdown(q: Question): string {
  const lines = FRAMEWORKS.filter((fw) => q.mappings[fw]?.length).map((fw) => `${FRAMEWORK_LABELS[fw]} ${q.mappings[fw]!.map((c) => mdText(c, 100)).join(', ')}`);
  return lines.length > 0 ? `**Controls:** ${lines.join(' · ')}` : '';
}

/** A readiness question as a rule: its gaps are the results (check, report). */
export function questionRule(checklist: Checklist, q: Question, opts: { level?: Level; precision?: Precision } = {}): Rule {
  const severity = FROM_QUESTION_SEVERITY[q.severity];
  const security = isSecurity(checklist, q);
  const section = sectionOf(checklist, q);
  const help = [
    `**${mdText(q.text, 1000)}** (${q.severity})`,
    mdText(q.why, 2000),
    `**How to close the gap:** ${mdText(q.remediation, 4000)}`,
    `**Evidence a reviewer accepts:** ${mdText(q.evidence, 2000)}`,
    controlsMarkdown(q),
    `Question ${mdInlineCode(q.id)} of the ${mdInlineCode(`${checklist.id}@${checklist.version}`)} checklist${section ? `, section ${mdText(section.title, 200)}` : ''}.`,
  ].filter(Boolean);
  return {
    id: q.id,
    title: sanitizeLine(q.text, 1000),
    description: sanitizeLine(q.why, 1000),
    help: help.join('\n\n'),
    helpText: sanitizeLine(`${q.text} ${q.why} How to close the gap: ${q.remediation}`, 4000),
    severity,
    security,
    precision: opts.precision ?? 'high',
    tags: [TOOL_TAG, 'production-readiness', ...(security ? ['security'] : []), q.section, ...(section?.tags ?? []).filter((t) => t !== 'security'), ...frameworkTags([q])],
    level: opts.level ?? levelForSeverity(severity),
  };
}

const PRECISION: Readonly<Record<Confidence, Precision>> = { high: 'high', medium: 'medium', low: 'low' };

/**
 * A signal as a rule. Its severity is that of the most severe question reading it
 * (a signal no question reads has none and reports at warning); it is a security
 * rule when any such question sits in a section tagged `security`. Precision is the
 * detector's stated confidence in this run.
 */
export function signalRule(meta: SignalMeta, checklist: Checklist | null, confidence: Confidence | null): Rule {
  const readers = (checklist?.questions ?? []).filter((q) => q.signals?.some((s) => s.id === meta.id));
  const worst = [...readers].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
  const severity = worst ? FROM_QUESTION_SEVERITY[worst.severity] : null;
  const security = checklist !== null && readers.some((q) => isSecurity(checklist, q));
  const family = meta.id.split('.')[0] ?? 'general';
  const passes = `Passes when ${meta.passWhen}${meta.needsHistory ? ' (needs git history)' : ''}.`;
  const questions = readers.map((q) => `- ${mdInlineCode(q.id)} (${q.severity}): ${mdText(q.text, 500)}  \n  How to close the gap: ${mdText(q.remediation, 2000)}`);
  const help = [
    `**${mdText(meta.title, 500)}**`,
    mdText(passes, 2000),
    questions.length > 0 ? `Readiness questions this signal answers (checklist ${mdInlineCode(`${checklist!.id}@${checklist!.version}`)}):\n\n${questions.join('\n')}` : '',
    meta.informational ? 'Informational: it reports presence, not a verdict.' : '',
  ].filter(Boolean);
  return {
    id: meta.id,
    title: sanitizeLine(meta.title, 1000),
    description: sanitizeLine(`${meta.title}. ${passes}`, 1000),
    help: help.join('\n\n'),
    helpText: sanitizeLine([passes, ...readers.map((q) => `${q.id}: ${q.remediation}`)].join(' '), 4000),
    severity,
    security,
    precision: confidence ? PRECISION[confidence] : 'medium',
    tags: [TOOL_TAG, 'production-readiness', ...(security ? ['security'] : []), family, ...new Set(readers.map((q) => q.section)), ...frameworkTags(readers)],
    level: levelForSeverity(severity),
  };
}
