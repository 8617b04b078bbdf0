import type { BaselineJson, FindingJsonT } from '../contract/outputs.js';
import type { Finding } from './findings.js';

/**
 * Baselines: "fail only on what is new". A baseline is any earlier `scan` or `check`
 * JSON, a SARIF file from either, or a file written by `--write-baseline`; a finding
 * is known when its rule, path and fingerprint are in it. Fingerprints do not depend
 * on line numbers, so code moving up or down does not make old findings new. Pure.
 */

export const BASELINE_FORMAT = 'shipshape-baseline';
export const BASELINE_FORMAT_VERSION = 1;

export class BaselineError extends Error {}

export function baselineKey(f: Pick<Finding, 'rule' | 'path' | 'fingerprint'>): string {
  return [f.rule, f.path, f.fingerprint].join('\0');
}

const FINDING_FORMATS = new Set(['shipshape-scan', 'shipshape-check', BASELINE_FORMAT]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fromSarif(log: Record<string, unknown>): Set<string> {
  const keys = new Set<string>();
  for (const run of Array.isArray(log.runs) ? log.runs : []) {
    if (!isRecord(run)) continue;
    for (const r of Array.isArray(run.results) ? run.results : []) {
      if (!isRecord(r)) continue;
      const fp = isRecord(r.partialFingerprints) ? r.partialFingerprints.primaryLocationLineHash : undefined;
      const loc = Array.isArray(r.locations) && isRecord(r.locations[0]) ? r.locations[0] : undefined;
      const art = isRecord(loc?.physicalLocation) && isRecord(loc.physicalLocation.artifactLocation) ? loc.physicalLocation.artifactLocation : undefined;
      if (typeof r.ruleId !== 'string' || typeof fp !== 'string' || typeof art?.uri !== 'string') continue;
      let uri = art.uri;
      try {
        uri = decodeURIComponent(uri);
      } catch {
        // keep it as written
      }
      keys.add(baselineKey({ rule: r.ruleId, path: uri, fingerprint: fp }));
    }
  }
  return keys;
}

/** The known findings in a baseline file's text; `shown` names it in errors. */
export function parseBaseline(text: string, shown: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError(`${shown} is not JSON; a baseline is an earlier --format json or sarif output of scan or check, or a --write-baseline file`);
  }
  if (!isRecord(data)) throw new BaselineError(`${shown} is not a shipshape JSON or SARIF file`);
  if (data.version === '2.1.0' && Array.isArray(data.runs)) return fromSarif(data);
  if (typeof data.format !== 'string' || !FINDING_FORMATS.has(data.format)) {
    throw new BaselineError(`${shown} is not a baseline (format ${typeof data.format === 'string' ? `"${data.format}"` : 'missing'}); use an earlier scan or check JSON or SARIF output, or a --write-baseline file`);
  }
  if (data.format_version !== 1) throw new BaselineError(`${shown} is ${data.format} version ${String(data.format_version)}; this shipshape reads version 1`);
  if (!Array.isArray(data.findings)) throw new BaselineError(`${shown} has no findings list (it predates baselines: write a new one with --write-baseline)`);
  const keys = new Set<string>();
  for (const f of data.findings) {
    if (isRecord(f) && typeof f.rule === 'string' && typeof f.path === 'string' && typeof f.fingerprint === 'string') keys.add(baselineKey({ rule: f.rule, path: f.path, fingerprint: f.fingerprint }));
  }
  return keys;
}

/** Marks each finding new or unchanged. */
export function applyBaseline(findings: readonly Finding[], known: ReadonlySet<string>): Finding[] {
  return findings.map((f) => ({ ...f, baseline: known.has(baselineKey(f)) ? 'unchanged' : 'new' }));
}

export function baselineSummary(file: string, findings: readonly Finding[]): { file: string; new: number; unchanged: number } {
  return { file, new: findings.filter((f) => f.baseline === 'new').length, unchanged: findings.filter((f) => f.baseline === 'unchanged').length };
}

export function findingJson(f: Finding): FindingJsonT {
  return {
    rule: f.rule,
    level: f.level,
    severity: f.severity,
    path: f.path,
    line: f.line,
    message: f.message,
    fingerprint: f.fingerprint,
    apart: f.apart,
    suppression: f.suppression,
    controls: f.controls,
    baseline: f.baseline,
  };
}

export function renderBaseline(findings: readonly Finding[], toolVersion: string, now: Date): string {
  const out: BaselineJson = {
    format: BASELINE_FORMAT,
    format_version: BASELINE_FORMAT_VERSION,
    tool: 'shipshape',
    version: toolVersion,
    created_at: now.toISOString(),
    findings: findings.map((f) => ({ rule: f.rule, path: f.path, fingerprint: f.fingerprint, level: f.level, message: f.message })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
