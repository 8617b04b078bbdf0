import { sanitizePath } from '../../../util/sanitize.js';
import { pathRole } from '../../path-role.js';
import type { Evidence, Finding, Signal, SignalMeta } from '../../types.js';
import type { UsageContext } from '../usage/detector.js';
import { dataOf, type CallFact, type FactKind } from './facts.js';
import { joinFlows, type Flows, type Site } from './flow.js';
import { expandCandidates } from './helper-candidates.js';
import { moduleResolver } from './resolve.js';

/**
 * What every AI signal is evaluated from: the usage of model libraries, the model
 * calls found in application code, and the flows joined across files. Each signal
 * is one module (`detectors/llm-*.ts`) exporting an `LlmSignal`.
 */
export interface LlmModel {
  ctx: UsageContext;
  /** Model calls in application code (every kind: chat, embedding, other). */
  calls: Finding[];
  chatCalls: Finding[];
  flows: Flows;
  /** Words for facts of deferred helper files not kept by the per-file cap, or null. */
  notKept: string | null;
  /** Application-code facts of one kind. */
  facts(kind: FactKind): Finding[];
  /** not_applicable / unknown when no model is called from application code; null when one is. */
  applicability(id: string): Signal | null;
  evidence(f: Finding, note?: string): Evidence;
  where(f: Finding): string;
  /** Evidence for a judged use: the use, then the model call it came from. */
  siteEvidence(s: Site, words: string): Evidence[];
}

export interface LlmSignal {
  meta: SignalMeta;
  evaluate(m: LlmModel): Signal;
}

export function buildModel(ctx: UsageContext, keepPerFile: number): LlmModel {
  const readText = (p: string) => ctx.input.readText(p);
  const resolve = moduleResolver(ctx.input.index.files.map((f) => f.path), readText);
  const { findings, notKept } = expandCandidates(ctx.findings, ctx.input.index.files, readText, resolve, keepPerFile);
  const app = findings.filter((f) => pathRole(f.path) === 'app');
  const calls = app.filter((f) => f.kind === 'llm-call');
  const chatCalls = calls.filter((c) => dataOf<CallFact>(c).kind === 'chat');
  const flows = joinFlows(findings, resolve);
  const byKind = new Map<string, Finding[]>();
  for (const f of app) {
    const list = byKind.get(f.kind);
    if (list) list.push(f);
    else byKind.set(f.kind, [f]);
  }
  const where = (f: Finding) => `${sanitizePath(f.path)}:${f.line ?? 1}`;
  return {
    ctx, calls, chatCalls, flows, where, notKept,
    facts: (kind) => byKind.get(kind) ?? [],
    evidence: (f, note) => ctx.evidence(f, note),
    applicability(id) {
      if (calls.length > 0) return null;
      const llm = ctx.usage('llm');
      if (llm.inUse.length > 0) return null;
      // Calls in examples hint at use; calls in tests (fixtures, mocks) say nothing about the product.
      const elsewhere = findings.filter((f) => f.kind === 'llm-call' && pathRole(f.path) === 'example');
      if (llm.hints.length > 0 || elsewhere.length > 0) {
        const h = llm.hints[0];
        const f = h?.declared[0] ?? h?.test[0] ?? h?.example[0] ?? elsewhere[0];
        const parts = [...llm.hints.map((x) => `${x.lib.name}: ${x.reason ?? ''}`), ...(elsewhere.length > 0 ? [`${elsewhere.length} model call(s) in examples`] : [])];
        return { id, status: 'unknown', confidence: 'low', summary: `a model API is declared or called only outside application code (${parts.join('; ')}); cannot tell`, evidence: f ? [ctx.evidence(f, h?.reason ?? 'outside application code')] : [] };
      }
      return { id, status: 'not_applicable', confidence: 'high', summary: 'no model API call found (no model SDK, no HTTP call to a model endpoint or AI gateway)', evidence: [] };
    },
    siteEvidence(s, words) {
      const out = [ctx.evidence(s.at, words)];
      if (s.at !== s.call) {
        const hops = s.via.filter((v) => v !== s.at).map((v) => `${dataOf<{ name: string }>(v).name}()`).join(' → ');
        out.push(ctx.evidence(s.call, `the model call whose output reaches ${where(s.at)}${hops ? ` via ${hops}` : ''}`));
      }
      return out;
    },
  };
}

/** Short list of places for a summary: "a.ts:3, b.ts:9 (+2 more)". */
export function places(m: LlmModel, list: readonly Finding[], max = 3): string {
  // Two facts on one line (two inputs in one message) are one place.
  const all = [...new Set(list.map((f) => m.where(f)))];
  const shown = all.slice(0, max).join(', ');
  return all.length > max ? `${shown} (+${all.length - max} more)` : shown;
}
