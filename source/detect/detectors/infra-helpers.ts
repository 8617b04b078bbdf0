import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { sanitizeLine } from '../../util/sanitize.js';
import type { EvaluateInput, Evidence, Finding } from '../types.js';

/**
 * Small helpers shared by the configuration/infrastructure detectors (CI, GitHub
 * Actions, Kubernetes, dependencies, containers, Terraform). Kept here rather than
 * in a project-wide module so those detectors can evolve without touching others.
 */

// ---------------------------------------------------------------- YAML reading

export interface YamlFile {
  /** One entry per YAML document; `value` is the plain JS value (null for an empty document). */
  docs: { value: unknown; doc: Document.Parsed }[];
  /** First parse error, sanitised; the file then counts as unreadable evidence (`unknown`). */
  error: string | null;
  /** 1-based line of that error, when known. */
  errorLine: number | undefined;
  /** 1-based line of the node (or of the map key) at `path` in document `docIndex`. */
  lineOf(path: readonly (string | number)[], docIndex?: number): number | undefined;
}

/**
 * Parses possibly multi-document YAML without ever throwing: a broken file is a
 * fact about the repository, not a crash. Aliases are capped (billion-laughs).
 */
export function readYaml(text: string): YamlFile {
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  // The parser makes an Error per problem; on hostile input (a 200 KB line of quotes) that is one per
  // character, and capturing each one's stack trace was most of a multi-second parse. Only the messages are used.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, logLevel: 'error' }) as Document.Parsed[];
  } catch (e) {
    return { docs: [], error: sanitizeLine(String(e), 160), errorLine: undefined, lineOf: () => undefined };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (!Array.isArray(docs)) docs = [];
  const out: YamlFile['docs'] = [];
  let error: string | null = null;
  let errorLine: number | undefined;
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) {
      errorLine ??= lc.linePos(first.pos[0]).line;
      error ??= sanitizeLine(`line ${lc.linePos(first.pos[0]).line}: ${first.message.split('\n')[0] ?? ''}`, 160);
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
      error ??= sanitizeLine(String(e), 160);
      continue;
    }
    out.push({ value, doc });
  }
  const lineOf = (path: readonly (string | number)[], docIndex = 0): number | undefined => {
    const doc = out[docIndex]?.doc;
    if (!doc) return undefined;
    const parent = path.length <= 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    let range: readonly number[] | null | undefined;
    if (last === undefined) {
      range = (doc.contents as { range?: number[] } | null)?.range;
    } else if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      range = (pair?.key as { range?: number[] } | undefined)?.range;
    } else if (isSeq(parent) && typeof last === 'number') {
      range = (parent.items[last] as { range?: number[] } | undefined)?.range;
    }
    return range && typeof range[0] === 'number' ? lc.linePos(range[0]).line : undefined;
  };
  return { docs: out, error, errorLine, lineOf };
}

/** Plain-object test for parsed YAML/JSON values. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------- text & paths

/** The sanitised text of one (1-based) line, trimmed: safe to print. */
export function excerptAt(text: string, line: number | undefined, max = 160): string | undefined {
  if (line === undefined) return undefined;
  const l = text.split(/\r?\n/)[line - 1];
  return l === undefined ? undefined : sanitizeLine(l.trim(), max);
}

/** 1-based line number of a character offset. */
export function lineAtOffset(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function joinPath(dir: string, base: string): string {
  return dir === '' ? base : `${dir}/${base}`;
}

// ---------------------------------------------------------------- evidence

/** Evidence from a finding; the file hash comes from the engine. */
export function evidenceOf(input: Pick<EvaluateInput, 'hashes' | 'hashOf'>, f: Finding, note?: string): Evidence {
  const ev: Evidence = { path: f.path, sha256: input.hashes.get(f.path) ?? input.hashOf(f.path) };
  if (f.line !== undefined) ev.line = f.line;
  if (f.excerpt !== undefined) ev.excerpt = f.excerpt;
  // Notes quote repository text (job ids, image names, container names): clean them too.
  if (note !== undefined) ev.note = sanitizeLine(note, 300);
  return ev;
}

/** Evidence that points at a file as a whole (existence, absence of a companion). */
export function fileEvidence(input: Pick<EvaluateInput, 'hashOf'>, path: string, note?: string, line?: number, excerpt?: string): Evidence {
  const ev: Evidence = { path, sha256: safeHash(input, path) };
  if (line !== undefined) ev.line = line;
  if (excerpt !== undefined) ev.excerpt = sanitizeLine(excerpt, 200);
  if (note !== undefined) ev.note = sanitizeLine(note, 300);
  return ev;
}

/**
 * Synthetic evidence for "looked and found nothing": the catalog wants evidence on
 * every fail, and an absence is best shown as where it was looked for.
 */
export function absenceEvidence(note: string): Evidence {
  return { path: '.', sha256: '', note };
}

function safeHash(input: Pick<EvaluateInput, 'hashOf'>, path: string): string {
  try {
    return input.hashOf(path);
  } catch {
    return '';
  }
}

/** Caps long evidence lists so reports stay readable; the count stays in the summary. */
export function capEvidence(list: Evidence[], max = 50): Evidence[] {
  return list.length <= max ? list : list.slice(0, max);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
