import { pathRole } from '../../path-role.js';
import type { Finding } from '../../types.js';
import { better, dataOf, type CallFact, type Grade, type Returned, type SinkFact, type UseFact } from './facts.js';
import type { ModuleResolver } from './resolve.js';

/**
 * The evaluate-time join: functions that return model output become sources, and
 * every call of such a function (in any file, through any number of helpers, up to
 * a bound) becomes a place where model output is used. Each use is judged where it
 * happens; the evidence names the model call, the helpers it went through and the use.
 */

export interface Site {
  /** Where the output is used and judged (the model call itself, or a helper's call site). */
  at: Finding;
  /** The model call the output came from. */
  call: Finding;
  /** Helper call sites between the model call and `at`, innermost first. */
  via: Finding[];
  grade: Grade;
  /** The grade came from a caller that could not be found: returned unvalidated to code we cannot see. */
  unresolved: boolean;
  inputCheck: boolean;
}

interface Source {
  call: Finding;
  via: Finding[];
  returns: Returned;
  jsonMode: boolean;
}

const MAX_ROUNDS = 6;

export interface Flows {
  sites: Site[];
  /** Sinks fed by a model call or by a use of a model-output helper. */
  sinks: { sink: Finding; site: Site }[];
  /** Helper call sites that were found to carry model output. */
  uses: Finding[];
}

export function joinFlows(findings: readonly Finding[], resolve: ModuleResolver): Flows {
  const app = findings.filter((f) => pathRole(f.path) === 'app');
  const calls = app.filter((f) => f.kind === 'llm-call');
  const uses = app.filter((f) => f.kind === 'llm-use');
  const sources = new Map<string, Source>();
  const keysOf = (f: Finding, d: { fn: string; exported: string }) => [
    ...(d.fn ? [`${f.path}#local:${d.fn}`] : []),
    ...d.exported.split(',').filter(Boolean).map((e) => `${f.path}#export:${e}`),
  ];
  for (const c of calls) {
    const d = dataOf<CallFact>(c);
    if (d.kind !== 'chat' || d.returns === 'no') continue;
    for (const k of keysOf(c, d)) sources.set(k, { call: c, via: [], returns: d.returns, jsonMode: d.jsonMode });
  }
  const targetOf = (u: Finding): string | null => {
    const d = dataOf<UseFact>(u);
    if (!d.module) return `${u.path}#local:${d.name}`;
    const file = resolve(u.path, d.module);
    return file ? `${file}#export:${d.name}` : null;
  };
  const resolved = new Map<Finding, Source>();
  // With no function returning model output there is nothing to resolve a use to (and no resolver to build: it reads every tsconfig).
  for (let round = 0; round < MAX_ROUNDS && sources.size > 0; round++) {
    let grew = false;
    for (const u of uses) {
      if (resolved.has(u)) continue;
      const t = targetOf(u);
      const src = t ? sources.get(t) : undefined;
      if (!src) continue;
      resolved.set(u, src);
      grew = true;
      const d = dataOf<UseFact>(u);
      if (d.returns === 'no') continue;
      const returns: Returned = src.returns === 'validated' || d.returns === 'validated' ? 'validated' : src.returns === 'parsed' || d.returns === 'parsed' ? 'parsed' : 'raw';
      for (const k of keysOf(u, d)) if (!sources.has(k)) sources.set(k, { call: src.call, via: [...src.via, u], returns, jsonMode: src.jsonMode });
    }
    if (!grew) break;
  }

  const sites: Site[] = [];
  const siteAt = new Map<string, Site>();
  const add = (s: Site) => { sites.push(s); siteAt.set(`${s.at.path}:${s.at.line ?? 0}`, s); };
  const consumed = new Set<Finding>();
  for (const src of resolved.values()) {
    consumed.add(src.call);
    for (const v of src.via) consumed.add(v);
  }
  for (const c of calls) {
    const d = dataOf<CallFact>(c);
    // Returned and followed to its callers: judged there.
    if ((d.validation === 'passed-on' || d.returns !== 'no') && consumed.has(c)) continue;
    add({ at: c, call: c, via: [], grade: d.validation === 'passed-on' ? unresolvedGrade(d.returns, d.jsonMode) : d.validation, unresolved: d.validation === 'passed-on', inputCheck: d.inputCheck });
  }
  for (const [u, src] of resolved) {
    const d = dataOf<UseFact>(u);
    if ((d.validation === 'passed-on' || d.returns !== 'no') && consumed.has(u)) continue;
    const call = dataOf<CallFact>(src.call);
    let grade: Grade = d.validation === 'passed-on' ? unresolvedGrade(d.returns === 'validated' || src.returns === 'validated' ? 'validated' : d.returns === 'parsed' || src.returns === 'parsed' ? 'parsed' : 'raw', src.jsonMode) : d.validation;
    if (src.returns === 'validated') grade = better(grade, 'after');
    else if (grade !== 'shown' && grade !== 'in-call' && grade !== 'after') {
      if (src.jsonMode) grade = 'json-mode';
      else if (src.returns === 'parsed') grade = better(grade, 'json-parse');
    }
    if (call.validation === 'in-call') grade = 'in-call';
    add({ at: u, call: src.call, via: src.via, grade, unresolved: d.validation === 'passed-on', inputCheck: d.inputCheck || call.inputCheck });
  }

  // Sinks inside a helper count too: key every model-output origin (calls and resolved uses) by its line.
  const origins = new Map<string, Site>();
  for (const c of calls) origins.set(`${c.path}:${c.line ?? 0}`, { at: c, call: c, via: [], grade: 'none', unresolved: false, inputCheck: false });
  for (const [u, src] of resolved) origins.set(`${u.path}:${u.line ?? 0}`, { at: u, call: src.call, via: src.via, grade: 'none', unresolved: false, inputCheck: false });
  const sinks: Flows['sinks'] = [];
  const sinkSeen = new Set<string>();
  for (const s of app.filter((f) => f.kind === 'llm-sink')) {
    const once = `${s.path}:${s.line ?? 0}:${dataOf<SinkFact>(s).sink}`;
    if (sinkSeen.has(once)) continue;
    sinkSeen.add(once);
    const key = `${s.path}:${dataOf<SinkFact>(s).ref}`;
    const site = siteAt.get(key) ?? origins.get(key);
    const call = site ? dataOf<CallFact>(site.call) : null;
    // A schema in the call constrains the JSON: parsing it (here or in a caller) is not a raw-output sink.
    if (site && call?.kind === 'chat' && !(dataOf<SinkFact>(s).sink === 'json-parse' && (call.validation === 'in-call' || call.returns === 'validated'))) sinks.push({ sink: s, site });
  }
  return { sites, sinks, uses: [...resolved.keys()] };
}

/** Returned to a caller we could not find: judged by what it is when it leaves. */
function unresolvedGrade(returns: Returned, jsonMode: boolean): Grade {
  if (returns === 'validated') return 'after';
  if (jsonMode) return 'json-mode';
  return returns === 'parsed' ? 'json-parse' : 'none';
}
