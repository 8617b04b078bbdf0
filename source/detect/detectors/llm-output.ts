import type { Evidence, Signal, SignalMeta } from '../types.js';
import { dataOf, UNVALIDATED, type CallFact, type Grade, type SinkFact, type SinkKind } from './llm/facts.js';
import type { Site } from './llm/flow.js';
import { places, type LlmModel, type LlmSignal } from './llm/model.js';
import type { Lib } from './usage/spec.js';

const VALIDATION: SignalMeta = { id: 'llm.output-validation', title: 'Model output validated against a schema', passWhen: 'model outputs are parsed against a schema (structured output, zod/pydantic models, guardrails); not_applicable without llm.sdk' };
const HANDLING: SignalMeta = { id: 'llm.output-handling', title: 'Model output handled safely', passWhen: 'no model output reaches JSON.parse, eval/exec, SQL, a shell or raw HTML unvalidated; not_applicable without llm.sdk' };

export const GUARD_LIBS: readonly Lib[] = [
  { name: 'Guardrails AI', pypi: ['guardrails-ai'], py: ['guardrails'], npm: ['@guardrails-ai/*'] },
  { name: 'NeMo Guardrails', pypi: ['nemoguardrails'] },
  { name: 'LLM Guard', pypi: ['llm-guard'], py: ['llm_guard'] },
  { name: 'Rebuff', pypi: ['rebuff'], npm: ['rebuff'] },
].map((l) => ({ ...l, group: 'guard' }));

const GRADE_WORDS: Record<Grade, string> = {
  'in-call': 'schema in the call',
  after: 'schema parse after the call',
  'json-mode': 'JSON mode without a schema (not validated)',
  'json-parse': 'free text parsed with JSON.parse/json.loads (not validated)',
  shown: 'free text sent to the client',
  none: 'used with no schema',
  'passed-on': 'returned to the caller',
};
const SINK_WORDS: Record<SinkKind, string> = { 'json-parse': 'JSON parse without schema', eval: 'eval/exec', sql: 'SQL string', shell: 'shell command', html: 'raw HTML' };

function words(s: Site): string {
  const w = GRADE_WORDS[s.grade];
  const helper = s.at === s.call ? '' : String(s.at.data?.name ?? 'a helper');
  const base = s.at === s.call ? w : `model output from ${helper === 'default' ? 'a helper' : `${helper}()`}: ${w}`;
  return s.unresolved ? `${base}; returned to a caller that was not found` : base;
}

export const validationSignal: LlmSignal = {
  meta: VALIDATION,
  evaluate(m) {
    const id = VALIDATION.id;
    const na = m.applicability(id);
    if (na) return na;
    const guard = m.ctx.usage('guard');
    const guardEvidence = [...guard.inUse, ...guard.hints].flatMap((g) => (g.app[0] ?? g.declared[0] ? [m.evidence((g.app[0] ?? g.declared[0]) as NonNullable<typeof g.app[0]>, `${g.lib.name} present`)] : []));
    const sites = m.flows.sites.filter((s) => dataOf<CallFact>(s.call).kind === 'chat');
    if (sites.length === 0) return { id, status: 'unknown', confidence: 'low', summary: 'a model API is used but no recognisable model call was found to check', evidence: guardEvidence };
    const by = (g: (x: Grade) => boolean) => sites.filter((s) => g(s.grade));
    // Raw text returned to a caller that was not found: how it is used cannot be told.
    const unresolved = sites.filter((s) => s.unresolved && s.grade === 'none');
    const unvalidated = by((g) => UNVALIDATED.has(g)).filter((s) => !unresolved.includes(s));
    const validated = by((g) => g === 'in-call' || g === 'after');
    const shown = by((g) => g === 'shown');
    const inCall = by((g) => g === 'in-call');
    const details = {
      uses: sites.length, calls: m.chatCalls.length, viaHelpers: sites.filter((s) => s.at !== s.call).length,
      schemaInCall: inCall.length, parsedAfter: validated.length - inCall.length, jsonMode: by((g) => g === 'json-mode').length, jsonParse: by((g) => g === 'json-parse').length, shownToClient: shown.length, unvalidated: unvalidated.length,
    };
    const validatedEvidence = validated.flatMap((s) => m.siteEvidence(s, words(s)));
    const noun = details.viaHelpers > 0 ? 'model-output use(s)' : 'model call(s)';
    if (unvalidated.length === 0 && unresolved.length > 0) {
      return {
        id, status: 'unknown', confidence: 'low',
        summary: `${unresolved.length} ${noun} return free text to callers that were not found (in another package, or not called here): how it is used cannot be told${validated.length > 0 ? `; ${validated.length} validate output` : ''}`,
        evidence: [...unresolved.flatMap((s) => m.siteEvidence(s, words(s))), ...validatedEvidence].slice(0, 12), details: { ...details, unresolved: unresolved.length },
      };
    }
    if (unvalidated.length === 0 && shown.length > 0) {
      return {
        id, status: 'unknown', confidence: 'low',
        summary: `${shown.length} ${noun} send free text straight to the client (a chat reply): a schema applies only where the output drives an action or is stored${validated.length > 0 ? `; the other ${validated.length} validate output` : ''}`,
        evidence: [...shown.flatMap((s) => m.siteEvidence(s, words(s))), ...validatedEvidence].slice(0, 12), details,
      };
    }
    if (unvalidated.length === 0) {
      return { id, status: 'pass', confidence: validated.length === inCall.length ? 'high' : 'medium', summary: `all ${sites.length} ${noun} validate output (${inCall.length} schema in the call, ${validated.length - inCall.length} parsed after)`, evidence: validatedEvidence.slice(0, 12), details };
    }
    const share = `${validated.length} of ${sites.length} ${noun} validate output${shown.length > 0 ? `, ${shown.length} of them sending a chat reply to the client` : ''}`;
    const evidence = [...unvalidated.flatMap((s) => m.siteEvidence(s, words(s))), ...shown.flatMap((s) => m.siteEvidence(s, words(s))), ...validatedEvidence];
    if (guard.inUse.length > 0) return { id, status: 'unknown', confidence: 'low', summary: `${share}; a guardrails library is present but not proven to cover the rest`, evidence: [...evidence.slice(0, 10), ...guardEvidence].slice(0, 12), details };
    const kinds = [...new Set(unvalidated.map((s) => s.grade))].map((g) => GRADE_WORDS[g]).join('; ');
    return { id, status: 'fail', confidence: 'medium', summary: `${share}; unvalidated (${kinds}) at ${places(m, unvalidated.map((s) => s.at))}`, evidence: dedupe(evidence).slice(0, 16), details };
  },
};

function dedupe(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.path}:${e.line ?? 0}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const handlingSignal: LlmSignal = {
  meta: HANDLING,
  evaluate(m: LlmModel): Signal {
    const id = HANDLING.id;
    const na = m.applicability(id);
    if (na) return na;
    const sinks = m.flows.sinks;
    if (sinks.length > 0) {
      const kinds = [...new Set(sinks.map((s) => SINK_WORDS[dataOf<SinkFact>(s.sink).sink]))];
      const evidence: Evidence[] = sinks.slice(0, 12).map((s) => m.evidence(s.sink, `model output → ${SINK_WORDS[dataOf<SinkFact>(s.sink).sink]} (call at ${m.where(s.site.call)}${s.site.at !== s.site.call ? `, via ${m.where(s.site.at)}` : ''})`));
      return { id, status: 'fail', confidence: 'medium', summary: `model output reaches ${kinds.join(', ')} unvalidated (${sinks.length} place(s))`, evidence, details: { sinks: sinks.length, calls: m.chatCalls.length } };
    }
    if (m.chatCalls.length === 0) return { id, status: 'unknown', confidence: 'low', summary: 'a model API is used but no recognisable model call was found to follow', evidence: [] };
    return {
      id, status: 'pass', confidence: 'medium',
      summary: `no output of ${m.chatCalls.length} model call(s) reaches JSON.parse, eval, SQL, a shell or raw HTML unvalidated (followed through ${m.flows.uses.length} helper call(s))`,
      evidence: m.chatCalls.slice(0, 8).map((c) => m.evidence(c, 'call followed; no unsafe sink')), details: { sinks: 0, calls: m.chatCalls.length },
    };
  },
};
