import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod';
import { ChecklistFileSchema, type ChecklistFile } from './schema.js';
import { formatFieldPath, type ChecklistProblem } from './problems.js';

/**
 * YAML text → a schema-checked checklist file, or problems that name the line,
 * column and field. Pure: the caller reads the file.
 */
export type ParseResult =
  | { ok: true; value: ChecklistFile; locate: Locator }
  | { ok: false; problems: ChecklistProblem[] };

/** Finds the line/column of a field path in the parsed document. */
export type Locator = (path: readonly PropertyKey[], at?: 'key' | 'value') => { line: number; column: number };

/**
 * A store for the YAML data of checklists that parsed and validated before, keyed
 * by their text. YAML parsing is most of a command's start-up; the data is still
 * validated against the schema on every load, so a stale entry cannot smuggle in
 * a shape the current schema refuses.
 */
export interface ParseCache {
  get(text: string): unknown;
  set(text: string, data: unknown): void;
}

export function parseChecklistText(text: string, file: string, cache?: ParseCache): ParseResult {
  const cached = cache?.get(text);
  if (cached !== undefined) {
    const result = validate(cached, file, lazyLocator(text));
    // An entry that no longer validates is ignored: the full parse below names the lines.
    if (result.ok) return result;
  }
  const yaml = parseYaml(text, file);
  if (!yaml.ok) return yaml;
  const result = validate(yaml.data, file, yaml.locate);
  if (result.ok && cache && survivesJson(yaml.data)) cache.set(text, yaml.data);
  return result;
}

function parseYaml(text: string, file: string): { ok: true; data: unknown; locate: Locator } | { ok: false; problems: ChecklistProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
        return { file, line: pos.line, column: pos.col, field: '', message: `YAML syntax: ${firstLine(e.message)}` };
      }),
    };
  }
  const locate = makeLocator(doc, lineCounter);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ file, line: 1, column: 1, field: '', message: `YAML: ${firstLine(String(error))}` }] };
  }
  return { ok: true, data, locate };
}

function validate(data: unknown, file: string, locate: Locator): ParseResult {
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ file, line: 1, column: 1, field: '', message: 'the file is empty; a checklist needs id, version, title and questions' }] };
  }
  const parsed = ChecklistFileSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.flatMap((issue) => issueToProblems(issue, file, locate, data)) };
  }
  return { ok: true, value: parsed.data, locate };
}

/** Positions are needed only when a later check reports a problem: parse the YAML then. */
function lazyLocator(text: string): Locator {
  let locate: Locator | undefined;
  return (path, at) => {
    if (!locate) {
      const lineCounter = new LineCounter();
      locate = makeLocator(parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter);
    }
    return locate(path, at);
  };
}

/** Only data JSON carries unchanged can be cached (no `.inf`, no dates, no sparse lists). */
function survivesJson(data: unknown): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(data)), data);
  } catch {
    return false;
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function makeLocator(doc: Document, lc: LineCounter): Locator {
  return (path, at = 'value') => {
    // Walk down as far as the path exists; report the deepest node found.
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const key of path) {
      if (!isMap(node) && !(node && typeof node === 'object' && 'items' in node)) break;
      const collection = node as { items: unknown[] };
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (!pair || !isPair(pair)) break;
        keyNode = pair.key as Node;
        next = pair.value;
      } else if (typeof key === 'number') {
        next = collection.items[key];
        keyNode = undefined;
      } else break;
      if (next === undefined || next === null) {
        node = keyNode ?? node;
        break;
      }
      node = next;
    }
    const target = (at === 'key' && keyNode ? keyNode : node) as { range?: [number, number, number] } | null;
    const offset = target?.range?.[0] ?? 0;
    const pos = lc.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

function issueToProblems(issue: z.core.$ZodIssue, file: string, locate: Locator, data: unknown): ChecklistProblem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const full = [...path, key];
      const pos = locate(full, 'key');
      return { file, ...pos, field: formatFieldPath(full), message: `unknown key "${key}"${suggestion(path)}` };
    });
  }
  const pos = locate(path);
  return [{ file, ...pos, field: formatFieldPath(path), message: describeIssue(issue, valueAt(data, path)) }];
}

function suggestion(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  if (path.length === 0) return ' (allowed: id, version, title, description, extends, sections, questions, drop)';
  if (typeof last === 'number' && path[0] === 'questions') return ' (allowed: id, section, text, why, severity, applies_when, signals, combine, evidence, remediation, mappings)';
  return '';
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, received: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (received === undefined) return `is required (expected ${article(issue.expected)})`;
      return `expected ${article(issue.expected)}, got ${kindOf(received)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return 'must not be empty';
      return issue.message;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
