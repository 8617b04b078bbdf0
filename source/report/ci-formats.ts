import { createHash } from 'node:crypto';
import { sanitizeLine } from '../util/sanitize.js';
import { counts, type Finding, type Rule } from './findings.js';

/**
 * Findings in the two shapes CI systems read without a code-scanning licence:
 * GitHub workflow commands (inline annotations on the diff and the run page) and a
 * GitLab Code Quality report (the merge-request widget). Pure.
 */

/** GitHub shows 10 error and 10 warning annotations per step; the rest would vanish unsaid. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Workflow-command escaping: a message or property can never end the command or start another. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::error file=…,line=…,title=…::message` for each counted finding (new ones only
 * when a baseline was given), most severe first, at most ten per level, then one
 * notice saying how many more the summary lists.
 */
export function renderAnnotations(findings: readonly Finding[]): string {
  const shown = findings.filter((f) => counts(f) && f.baseline !== 'unchanged');
  const lines: string[] = [];
  let left = 0;
  for (const level of ['error', 'warning'] as const) {
    const these = shown.filter((f) => f.level === level);
    for (const f of these.slice(0, ANNOTATIONS_PER_LEVEL)) {
      const props = [f.path ? `file=${escapeProperty(f.path)}` : '', f.path && f.line ? `line=${f.line}` : '', `title=${escapeProperty(sanitizeLine(`shipshape ${f.rule}`, 200))}`].filter(Boolean);
      lines.push(`::${level} ${props.join(',')}::${escapeData(sanitizeLine(f.message, 1000))}`);
    }
    left += Math.max(0, these.length - ANNOTATIONS_PER_LEVEL);
  }
  if (left > 0) lines.push(`::notice title=shipshape::${left} more finding${left === 1 ? '' : 's'} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level and step); the job summary and the SARIF or JSON output list them all`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

const CODE_QUALITY_SEVERITY = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor' } as const;

/** GitLab Code Quality (a Code Climate issue list). Findings with no file are left out: the widget needs a path. */
export function renderCodeQuality(findings: readonly Finding[], rules: readonly Rule[]): string {
  const security = new Set(rules.filter((r) => r.security).map((r) => r.id));
  const issues = findings
    .filter((f) => f.path !== '')
    .map((f) => ({
      type: 'issue',
      check_name: f.rule,
      description: sanitizeLine(f.message, 1000),
      categories: [security.has(f.rule) ? 'Security' : 'Bug Risk'],
      severity: f.level === 'note' || !f.severity ? (f.level === 'note' ? 'info' : 'major') : CODE_QUALITY_SEVERITY[f.severity],
      fingerprint: createHash('sha256').update([f.rule, f.path, f.fingerprint].join('\0')).digest('hex').slice(0, 32),
      location: { path: f.path, lines: { begin: Math.max(1, f.line ?? 1) } },
    }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
