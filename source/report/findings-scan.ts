import path from 'node:path';
import type { Checklist } from '../checklist/schema.js';
import type { Evidence, ScanResult, Signal, SignalMeta } from '../detect/types.js';
import { sanitizeLine } from '../util/sanitize.js';
import { APART_WORDS, assignFingerprints, levelForSeverity, type Finding, type FindingInput, type Rule } from './findings.js';
import { questionControls, signalRule } from './rules.js';

/**
 * A scan as rules and findings: one rule per signal, one finding per piece of
 * evidence of a failing signal, plus every piece of evidence a signal reports apart
 * (fixtures, test data, suppressed, public), whatever the signal's status, at note.
 */

export interface ScanFindingsInput {
  result: ScanResult;
  metas: readonly SignalMeta[];
  /** The checklist whose questions give signals their severity; null: none. */
  checklist: Checklist | null;
  /** The scan root relative to the repository root, POSIX ('' when they are the same). */
  prefix: string;
  /** True for a scan-relative path that names a directory (it cannot be a location). */
  isDirectory: (scanRelativePath: string) => boolean;
}

export interface FindingsBundle {
  rules: Rule[];
  findings: Finding[];
  notifications: { id: string; level: 'warning' | 'note'; text: string }[];
}

/** Repository-relative POSIX path of a scan-relative one; '' for the root or a directory. */
export function repositoryPath(prefix: string, scanRelative: string, isDirectory: (p: string) => boolean): string {
  if (scanRelative === '' || scanRelative === '.' || scanRelative.endsWith('/') || isDirectory(scanRelative)) return '';
  return prefix ? path.posix.join(prefix, scanRelative) : scanRelative;
}

function message(signal: Signal, e: Evidence): string {
  const parts = [sanitizeLine(signal.summary, 300)];
  if (e.excerpt) parts.push(`Evidence: ${e.excerpt}`);
  const notes = [e.note, e.commit ? `commit ${e.commit.slice(0, 12)}` : '', e.apart ? `${APART_WORDS[e.apart]}: shown, not counted` : ''].filter(Boolean);
  return `${parts.join('. ')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

export function scanFindings(input: ScanFindingsInput): FindingsBundle {
  const metas = new Map(input.metas.map((m) => [m.id, m]));
  const rules: Rule[] = [];
  const raw: FindingInput[] = [];
  const notifications: FindingsBundle['notifications'] = [];
  for (const signal of input.result.signals) {
    const meta = metas.get(signal.id) ?? { id: signal.id, title: signal.id, passWhen: 'the practice is in place' };
    if (meta.informational) continue;
    const rule = signalRule(meta, input.checklist, signal.confidence);
    rules.push(rule);
    const controls = (input.checklist?.questions ?? []).filter((q) => q.signals?.some((s) => s.id === signal.id)).flatMap(questionControls);
    const reported = signal.evidence.filter((e) => signal.status === 'fail' || e.apart !== undefined);
    for (const e of reported) {
      const severity = e.severity ?? rule.severity;
      raw.push({
        rule: signal.id,
        path: repositoryPath(input.prefix, e.path, input.isDirectory),
        line: e.line ?? null,
        message: message(signal, e),
        level: e.apart ? 'note' : levelForSeverity(severity),
        severity,
        identity: [e.excerpt ?? '', e.commit ?? ''].join('\0'),
        apart: e.apart ?? null,
        suppression: e.apart === 'suppressed' ? { kind: 'inSource', justification: e.note ?? 'suppressed by a comment in the source' } : null,
        controls: [...new Set(controls)],
      });
    }
    const total = typeof signal.details?.evidence_total === 'number' ? signal.details.evidence_total : null;
    if (total !== null && total > signal.evidence.length) {
      notifications.push({
        id: 'evidence-capped',
        level: 'warning',
        text: `${signal.id}: ${signal.evidence.length} of ${total} pieces of evidence are reported; the rest were left out to bound the output (the signal's summary counts them all).`,
      });
    }
  }
  return { rules, findings: assignFingerprints(raw), notifications };
}
