import { dataOf, type CallFact } from './llm/facts.js';
import { places, type LlmSignal } from './llm/model.js';

/** Unbounded output and unchecked input let one request spend the budget (OWASP LLM10). */
export const tokenLimitsSignal: LlmSignal = {
  meta: { id: 'llm.token-limits', title: 'Model calls bounded', passWhen: 'every model call caps output tokens and request input is size-checked' },
  evaluate(m) {
    const id = 'llm.token-limits';
    const na = m.applicability(id);
    if (na) return na;
    const calls = m.chatCalls;
    if (calls.length === 0) return { id, status: 'unknown', confidence: 'low', summary: 'no recognisable chat call to check for token caps', evidence: [] };
    const uncapped = calls.filter((c) => dataOf<CallFact>(c).maxTokens === 'no');
    // A cap the request sets is the caller's own budget.
    const chosen = calls.filter((c) => dataOf<CallFact>(c).maxTokens === 'request');
    const unknown = calls.filter((c) => dataOf<CallFact>(c).maxTokens === 'unknown');
    const details = { calls: calls.length, uncapped: uncapped.length, cannotTell: unknown.length, ...(chosen.length > 0 ? { capFromRequest: chosen.length } : {}) };
    if (uncapped.length > 0 || chosen.length > 0) {
      const parts = [
        ...(uncapped.length > 0 ? [`${uncapped.length} of ${calls.length} model call(s) set no output-token cap (max_tokens, maxOutputTokens, …): ${places(m, uncapped)}`] : []),
        ...(chosen.length > 0 ? [`${chosen.length} of ${calls.length} take the cap from the request, so the caller chooses its own budget: ${places(m, chosen)}`] : []),
      ];
      const evidence = [...uncapped.map((c) => m.evidence(c, 'no output-token cap in this request')), ...chosen.map((c) => m.evidence(c, 'output-token cap read from the request: clamp it on the server'))];
      return { id, status: 'fail', confidence: 'medium', summary: parts.join('; '), evidence: evidence.slice(0, 12), details };
    }
    if (unknown.length > 0) return { id, status: 'unknown', confidence: 'low', summary: `${unknown.length} model call(s) take their options from elsewhere; cannot tell whether output is capped`, evidence: unknown.slice(0, 8).map((c) => m.evidence(c, 'options built elsewhere')), details };
    const sites = m.flows.sites.filter((s) => dataOf<CallFact>(s.call).kind === 'chat');
    const unchecked = sites.filter((s) => !s.inputCheck);
    if (unchecked.length > 0) return { id, status: 'unknown', confidence: 'low', summary: `every model call caps output tokens, but no input size check was found around ${places(m, unchecked.map((s) => s.at))}`, evidence: [...calls.slice(0, 6).map((c) => m.evidence(c, 'output capped')), ...unchecked.slice(0, 6).map((s) => m.evidence(s.at, 'no input length check in this function'))], details };
    return { id, status: 'pass', confidence: 'medium', summary: `all ${calls.length} model call(s) cap output tokens, and input size is checked where they are used`, evidence: calls.slice(0, 8).map((c) => m.evidence(c, 'output capped')), details };
  },
};
