import { capPerFile, notKeptNote, PER_SCAN } from '../../engine-caps.js';
import { pathRole } from '../../path-role.js';
import type { FileEntry, Finding } from '../../types.js';
import { dataOf, type CallFact, type UseFact } from './facts.js';
import { analyseJs } from './js-ast.js';
import { parseJs } from './js-parse.js';
import type { ModuleResolver } from './resolve.js';
import { SDK_CALLS } from './sdk-calls.js';

/**
 * JS/TS files whose syntax tree can say only what they do with the result of a
 * helper from elsewhere in this repository: no model call by SDK shape or over HTTP,
 * no tool definition. That matters only when the helper returns model output.
 * Parsing all of them at collect time was most of the AI detector's cost (formbricks:
 * 1,006 files calling local helpers, 2.4 s, 11,138 use facts that filled the per-scan
 * cap; babel, which calls no model: 100 files; the Lovable app wakti: 76 of the 203
 * files that name a model provider only import one). Such a file leaves a marker with
 * its import specifiers instead, and is parsed at evaluate time only when one of them
 * resolves to a file whose code returns model output, to a fixpoint (a helper of a
 * helper). The facts it then yields are the ones collect would have given, in the same
 * place in the finding list.
 */

export const CANDIDATE_KIND = 'llm-helper-candidate';

/**
 * What can make a model call or define a tool (js-ast.ts): an HTTP call (its URL may
 * come from an env name like AI_API_URL, or its body be OpenAI-shaped; the line
 * analysis' HTTP calls too), a tool factory or class, or an SDK call shape whose
 * file hint the text holds (tested on the whole text: a superset of the callee test).
 */
// `fetch<T>(`, `$fetch<T>(` (Nuxt) and `fetch /* c */ (` are calls too.
const HTTP_OR_TOOL = /\bfetch\s*(?:[<(]|\/\*)|\$fetch|fetchWith|ofetch|axios|\bky\b|\bgot\b|[tT]ool\s*(?:[<(]|\?\.|\/\*)/;
const JS_SDK_CALLS = SDK_CALLS.filter((p) => p.langs.includes('js'));

function mayCallOrDefine(text: string): boolean {
  return HTTP_OR_TOOL.test(text) || JS_SDK_CALLS.some((p) => p.regex.test(text) && (!p.fileHint || p.fileHint.test(text)));
}

/** Every module specifier the file names (a superset of what the parser's import list holds). */
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*["'`]([^"'`\r\n]{1,300})["'`]/g;
const LOCAL_SPECIFIER = /^[.@~#/]|^https?:/;
const MAX_SPECIFIERS = 200;

/** A marker for a JS/TS file to parse only if it turns out to matter, or null when it must be parsed now. */
export function candidateMarker(file: FileEntry, text: string, sdkImported: boolean): Finding | null {
  if (mayCallOrDefine(text)) return null;
  const specs = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) if (LOCAL_SPECIFIER.test(m[1] as string)) specs.add(m[1] as string);
  // A file importing more than this is parsed now rather than carrying a long marker.
  if (specs.size > MAX_SPECIFIERS) return null;
  return { kind: CANDIDATE_KIND, path: file.path, data: { specs: [...specs].join('\n'), sdk: sdkImported } };
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
  // The engine's per-scan cap holds here too: at most PER_SCAN facts of a kind, counting those collect kept.
  const perKind = new Map<string, number>();
  for (const f of findings) perKind.set(f.kind, (perKind.get(f.kind) ?? 0) + 1);
  const withinScanCap = (f: Finding): boolean => {
    const n = perKind.get(f.kind) ?? 0;
    if (n >= PER_SCAN) return false;
    perKind.set(f.kind, n + 1);
    return true;
  };
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
        const found = parseCandidate(byPath.get(m.path), readText(m.path), m.data?.['sdk'] === true);
        const perFile = capPerFile(found, keepPerFile);
        const kept = perFile.kept.filter(withinScanCap);
        const lost = found.length - kept.length;
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

/** The file's facts as collect would have given them (the line analysis, where the parser gives up, finds no call in such a file). */
function parseCandidate(file: FileEntry | undefined, text: string | null, sdkImported: boolean): Finding[] {
  if (!file || text === null) return [];
  const parsed = parseJs(file.path, text);
  return parsed ? analyseJs({ file, text, lines: text.split('\n'), sdkImported }, parsed) : [];
}
