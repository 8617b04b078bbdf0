import { dataOf, type CallFact, type ToolFact } from './llm/facts.js';
import { places, type LlmSignal } from './llm/model.js';

const RUNS: Record<ToolFact['runs'], string> = { sql: 'runs SQL the model wrote', shell: 'runs a shell command the model chose', http: 'fetches a URL the model chose', none: 'narrow' };

/** A general-purpose tool lets any user, or any injected document, do whatever the service can (OWASP LLM06). */
export const toolScopeSignal: LlmSignal = {
  meta: { id: 'llm.tool-scope', title: 'Model tools narrowly scoped', passWhen: 'no tool exposed to the model runs raw SQL, shell commands or arbitrary HTTP (fail-only)' },
  evaluate(m) {
    const id = 'llm.tool-scope';
    const na = m.applicability(id);
    if (na) return na;
    const tools = m.facts('llm-tool');
    const withTools = m.calls.filter((c) => dataOf<CallFact>(c).tools > 0);
    if (tools.length === 0 && withTools.length === 0) return { id, status: 'not_applicable', confidence: 'medium', summary: `none of ${m.calls.length} model call(s) gives the model tools to call`, evidence: [] };
    const broad = tools.filter((t) => dataOf<ToolFact>(t).runs !== 'none');
    if (broad.length > 0) {
      return { id, status: 'fail', confidence: 'medium', summary: `tool(s) exposed to the model with general reach: ${broad.slice(0, 4).map((t) => `${dataOf<ToolFact>(t).name} (${RUNS[dataOf<ToolFact>(t).runs]})`).join(', ')} at ${places(m, broad)}`, evidence: broad.slice(0, 12).map((t) => m.evidence(t, `${dataOf<ToolFact>(t).name} ${RUNS[dataOf<ToolFact>(t).runs]}`)) };
    }
    if (tools.length === 0) return { id, status: 'unknown', confidence: 'low', summary: `${withTools.length} model call(s) pass tools whose implementations were not found`, evidence: withTools.slice(0, 6).map((c) => m.evidence(c, 'tools passed to the model')) };
    return { id, status: 'pass', confidence: 'low', summary: `${tools.length} tool(s) exposed to the model; none runs model-written SQL, shell commands or arbitrary URLs (who they act as is for a person to check)`, evidence: tools.slice(0, 8).map((t) => m.evidence(t, `${dataOf<ToolFact>(t).name}: narrow`)) };
  },
};
