import { dataOf, type CallFact } from './llm/facts.js';
import { places, type LlmSignal } from './llm/model.js';

/** Model calls are slow and variable; without a timeout one slow answer holds a worker until the platform kills it. */
export const timeoutsSignal: LlmSignal = {
  meta: { id: 'llm.timeouts', title: 'Model calls time out', passWhen: 'model and outbound HTTP calls set a timeout or abort signal' },
  evaluate(m) {
    const id = 'llm.timeouts';
    const na = m.applicability(id);
    if (na) return na;
    const calls = m.calls;
    if (calls.length === 0) return { id, status: 'unknown', confidence: 'low', summary: 'no recognisable model call to check for a timeout', evidence: [] };
    const none = calls.filter((c) => dataOf<CallFact>(c).timeout === 'no');
    const unknown = calls.filter((c) => dataOf<CallFact>(c).timeout === 'unknown');
    const details = { calls: calls.length, noTimeout: none.length, cannotTell: unknown.length };
    if (none.length > 0) {
      const http = none.filter((c) => dataOf<CallFact>(c).route === 'http').length;
      return { id, status: 'fail', confidence: 'medium', summary: `${none.length} of ${calls.length} model call(s) set no timeout or abort signal${http > 0 ? ` (${http} over HTTP, where nothing times out by default)` : ' (SDK defaults are 10 minutes)'}: ${places(m, none)}`, evidence: none.slice(0, 12).map((c) => m.evidence(c, dataOf<CallFact>(c).route === 'http' ? 'no signal/timeout on this request' : 'client made without a timeout')), details };
    }
    if (unknown.length > 0) return { id, status: 'unknown', confidence: 'low', summary: `${unknown.length} model call(s) use a client or options made elsewhere; cannot tell their timeout`, evidence: unknown.slice(0, 8).map((c) => m.evidence(c, 'client made elsewhere')), details };
    return { id, status: 'pass', confidence: 'medium', summary: `all ${calls.length} model call(s) set a timeout or abort signal`, evidence: calls.slice(0, 8).map((c) => m.evidence(c, 'timeout set')), details };
  },
};
