import { capPerFile, notKeptNote } from '../../engine-caps.js';
import { pathRole } from '../../path-role.js';
import type { FileEntry, Finding } from '../../types.js';
import { dataOf, type CallFact, type UseFact } from './facts.js';
import { analyseJs } from './js-ast.js';
import { parseJs } from './js-parse.js';
import type { ModuleResolver } from './resolve.js';

/**
 * Files that call a helper imported from this repository, without a word of any
 * model library: what they do with a helper's result matters only when the helper
 * returns model output. Parsing all of them at collect time was most of the AI
 * detector's cost (formbricks: 1,006 files, 2.4 s, 11,138 use facts that filled the
 * per-scan cap; babel, which calls no model: 100 files). Such a file leaves a
 * marker with its import specifiers instead, and is parsed at evaluate time only
 * when one of them resolves to a file whose code returns model output, to a
 * fixpoint (a helper of a helper). The facts it then yields are the ones collect
 * would have given, in the same place in the finding list.
 *
 * A file whose parse could yield more than uses of helpers (a model call by SDK
 * shape or over HTTP, a tool definition) is parsed at collect time as before.
 */

export const CANDIDATE_KIND = 'llm-helper-candidate';

/**
 * What, in a file without a model library's name, can still make a model call or
 * define a tool: an OpenAI-shaped SDK call on a client imported from elsewhere
 * (`.chat.completions.create`, `.responses.create`), an HTTP call (its URL may come
 * from an env name like AI_API_URL, or its body be OpenAI-shaped), the AI SDK imported
 * by URL (`npm:ai@`, `esm.sh/ai@`), LangGraph, a tool factory or class.
 */
const MAY_CALL_OR_DEFINE = /\bfetch\s*\(|\bfetchWith|ofetch|axios|\bky\b|\bgot\b|completions|\.responses|ai@|langgraph|[tT]ool\s*[<(]/i;

/** Every module specifier the file names (a superset of what the parser's import list holds). */
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*["'`]([^"'`\r\n]{1,300})["'`]/g;
const LOCAL_SPECIFIER = /^[.@~#/]|^https?:/;
const MAX_SPECIFIERS = 200;

/** A marker for a candidate file, or null when it must be parsed now. */
export function candidateMarker(file: FileEntry, text: string): Finding | null {
  if (MAY_CALL_OR_DEFINE.test(text)) return null;
  const specs = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) if (LOCAL_SPECIFIER.test(m[1] as string)) specs.add(m[1] as string);
  // A file importing more than this is parsed now rather than carrying a long marker.
  if (specs.size > MAX_SPECIFIERS) return null;
  return { kind: CANDIDATE_KIND, path: file.path, data: { specs: [...specs].join('\n') } };
}

export interface Expanded {
  findings: readonly Finding[];
  /** Words for facts not kept by the per-file cap (as the engine's own note says it), or null. */
  notKept: string | null;
}

/**
 * The findings with each marker replaced by its file's facts when the file can
 * receive model output, and removed otherwise. Only application code is followed
 * (the join reads nothing else).
 */
export function expandCandidates(
  findings: readonly Finding[],
  files: readonly FileEntry[],
  readText: (path: string) => string | null,
  resolve: ModuleResolver,
  keepPerFile: number,
): Expanded {
  if (!findings.some((f) => f.kind === CANDIDATE_KIND)) return { findings, notKept: null };
  const markers = findings.filter((f) => f.kind === CANDIDATE_KIND && pathRole(f.path) === 'app');
  // Files whose code returns model output: the only targets a candidate's helper call can reach.
  const returning = new Set<string>();
  const addReturning = (list: readonly Finding[]) => {
    for (const f of list) {
      if (pathRole(f.path) !== 'app') continue;
      if ((f.kind === 'llm-call' && dataOf<CallFact>(f).kind === 'chat' && dataOf<CallFact>(f).returns !== 'no') || (f.kind === 'llm-use' && dataOf<UseFact>(f).returns !== 'no')) returning.add(f.path);
    }
  };
  addReturning(findings);
  const factsOf = new Map<Finding, Finding[]>();
  let dropped = 0;
  const capped = new Set<string>();
  if (returning.size > 0) {
    const byPath = new Map(files.map((f) => [f.path, f]));
    let pending = markers;
    for (let grew = true; grew && pending.length > 0; ) {
      grew = false;
      const next: Finding[] = [];
      for (const m of pending) {
        const specs = String(m.data?.['specs'] ?? '').split('\n').filter(Boolean);
        if (!specs.some((s) => { const to = resolve(m.path, s); return to !== null && returning.has(to); })) {
          next.push(m);
          continue;
        }
        const found = parseCandidate(byPath.get(m.path), readText(m.path));
        const { kept, dropped: lost } = capPerFile(found, keepPerFile);
        if (lost > 0) {
          dropped += lost;
          capped.add(m.path);
        }
        factsOf.set(m, kept);
        const before = returning.size;
        addReturning(kept);
        if (returning.size > before) grew = true;
      }
      pending = next;
    }
  }
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.kind !== CANDIDATE_KIND) out.push(f);
    else out.push(...(factsOf.get(f) ?? []));
  }
  return { findings: out, notKept: dropped > 0 ? notKeptNote(dropped, capped.size) : null };
}

function parseCandidate(file: FileEntry | undefined, text: string | null): Finding[] {
  if (!file || text === null) return [];
  const parsed = parseJs(file.path, text);
  return parsed ? analyseJs({ file, text, lines: text.split('\n'), sdkImported: false }, parsed) : [];
}
