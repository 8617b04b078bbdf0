import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { redactSecretsIn } from './redact-metadata.js';
import type { ApartReason, Detector, Evidence, FindingSeverity, Signal, SignalMeta, SignalStatus } from './types.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * Turning what detectors returned into the scan's signal list: exactly one signal
 * per declared id, sorted, every string sanitised again (defence in depth: a
 * detector that forgot to sanitise must not put an escape sequence on a screen).
 */

const STATUSES: ReadonlySet<SignalStatus> = new Set(['pass', 'fail', 'unknown', 'not_applicable']);
const SEVERITIES: ReadonlySet<FindingSeverity> = new Set(['critical', 'high', 'medium', 'low']);
const APART: ReadonlySet<ApartReason> = new Set(['test-fixture', 'test-data', 'suppressed', 'public']);
const MAX_EVIDENCE = 200;

export type DetectorOutput = { ok: true; signals: Signal[] } | { ok: false; error: unknown };

export function unknownSignal(meta: SignalMeta, summary: string): Signal {
  return { id: meta.id, status: 'unknown', summary, confidence: 'low', evidence: [] };
}

/** Error type only: messages can carry repository text (JSON.parse quotes its input). */
export function failureSummary(detectorId: string, error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const kind = typeof name === 'string' && name !== '' ? name : typeof error;
  return `not evaluated: the ${detectorId} detector failed (${sanitizeLine(kind, 40)})`;
}

function cleanEvidence(e: Evidence): Evidence {
  const out: Evidence = { path: sanitizePath(String(e.path ?? '')), sha256: typeof e.sha256 === 'string' ? e.sha256 : '' };
  if (typeof e.line === 'number' && Number.isFinite(e.line) && e.line >= 1) out.line = Math.floor(e.line);
  // Whatever detector quoted the line, a secret on it leaves only its redacted form.
  if (typeof e.excerpt === 'string') out.excerpt = sanitizeLine(redactSecretsIn(e.excerpt, out.path), 240);
  if (typeof e.note === 'string') out.note = sanitizeLine(e.note, 120);
  if (typeof e.commit === 'string') out.commit = sanitizeLine(e.commit, 64);
  // The shared evidence contract's optional fields survive only with a known value.
  if (SEVERITIES.has(e.severity as FindingSeverity)) out.severity = e.severity;
  if (APART.has(e.apart as ApartReason)) out.apart = e.apart;
  return out;
}

/** JSON-safe copy with every string (keys included) sanitised; cycles and functions are dropped. */
function cleanValue(v: unknown, depth: number, seen: Set<object>): unknown {
  if (typeof v === 'string') return sanitizeLine(v, 400);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v !== 'object' || depth > 8 || seen.has(v)) return undefined;
  seen.add(v);
  if (Array.isArray(v)) return v.slice(0, 1000).map((x) => cleanValue(x, depth + 1, seen) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const c = cleanValue(x, depth + 1, seen);
    if (c !== undefined) out[sanitizeLine(k, 200)] = c;
  }
  return out;
}

function cleanDetails(details: unknown): Record<string, unknown> | undefined {
  if (details === undefined || details === null || typeof details !== 'object' || Array.isArray(details)) return undefined;
  return cleanValue(details, 0, new Set()) as Record<string, unknown>;
}

export function cleanSignal(s: Signal, meta: SignalMeta): Signal {
  const status: SignalStatus = STATUSES.has(s.status) ? s.status : 'unknown';
  const evidence = Array.isArray(s.evidence) ? s.evidence.slice(0, MAX_EVIDENCE).map(cleanEvidence) : [];
  const out: Signal = {
    id: meta.id,
    status,
    summary: sanitizeLine(typeof s.summary === 'string' ? s.summary : '', 300),
    confidence: s.confidence === 'high' || s.confidence === 'medium' || s.confidence === 'low' ? s.confidence : 'low',
    evidence,
  };
  const details = cleanDetails(s.details);
  if (Array.isArray(s.evidence) && s.evidence.length > MAX_EVIDENCE) {
    out.details = { ...(details ?? {}), evidence_total: s.evidence.length };
  } else if (details) out.details = details;
  return out;
}

/**
 * One signal per declared id across all detectors, sorted by id. A declared id a
 * detector did not emit becomes `unknown` "not evaluated"; ids nobody declared are
 * dropped; when two detectors declare one id, the first in registry order wins.
 */
export function finalizeSignals(detectors: readonly Detector[], outputs: readonly DetectorOutput[], notKept: readonly (string | null)[] = []): Signal[] {
  const byId = new Map<string, Signal>();
  detectors.forEach((d, i) => {
    const note = notKept[i] ?? null;
    const output = outputs[i];
    const emitted = new Map<string, Signal>();
    if (output?.ok) for (const s of output.signals) if (s && typeof s.id === 'string' && !emitted.has(s.id)) emitted.set(s.id, s);
    for (const meta of d.signals) {
      if (byId.has(meta.id)) continue;
      if (!output || !output.ok) {
        byId.set(meta.id, unknownSignal(meta, failureSummary(d.id, output?.ok === false ? output.error : undefined)));
        continue;
      }
      const s = emitted.get(meta.id);
      byId.set(meta.id, s ? withNote(cleanSignal(s, meta), note) : unknownSignal(meta, 'not evaluated: the detector produced no result for this signal'));
    }
  });
  return [...byId.values()].sort((a, b) => byCodeUnits(a.id, b.id));
}

/** The summary says when findings were not all kept; the note fits whatever the summary's length. */
export function withNote(s: Signal, note: string | null): Signal {
  if (note === null) return s;
  const room = Math.max(40, 300 - note.length - 3);
  const head = s.summary.length > room ? `${s.summary.slice(0, room - 1)}…` : s.summary;
  return { ...s, summary: `${head}; ${note}`, details: { ...(s.details ?? {}), findings_not_kept: note } };
}

/** Every declared signal, sorted by id (first declaration wins), for `--list-signals` and SARIF rules. */
export function declaredSignals(detectors: readonly Detector[]): SignalMeta[] {
  const byId = new Map<string, SignalMeta>();
  for (const d of detectors) for (const m of d.signals) if (!byId.has(m.id)) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => byCodeUnits(a.id, b.id));
}
