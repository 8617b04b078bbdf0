import type { Finding } from '../types.js';
import { dataOf, type CallFact, type ToolFact, type ToolRuns } from './llm/facts.js';
import { places, type LlmSignal } from './llm/model.js';

const RUNS: Record<Exclude<ToolRuns, 'none'>, [code: string, name: string]> = {
  sql: ['runs SQL the model wrote', 'is named for running SQL'],
  shell: ['runs a shell command the model chose', 'is named for running shell commands'],
  code: ['runs code the model wrote', 'is named for running code'],
  http: ['fetches a URL the model chose', 'is named for fetching URLs'],
};

/** What a broad tool does, as its evidence says it: seen in its code, or only told by its name. */
function reach(d: ToolFact): string {
  const [code, name] = RUNS[d.runs as Exclude<ToolRuns, 'none'>];
  if (d.judged === 'code') return `${d.name} ${code}`;
  return `${d.name} ${name}${d.runsAt > 0 ? ' (what its implementation passes the arguments to was not followed)' : ' (its implementation is not in this file)'}`;
}

const names = (list: readonly Finding[], max = 5) => [...new Set(list.map((t) => dataOf<ToolFact>(t).name))].slice(0, max).join(', ');

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
      return { id, status: 'fail', confidence: 'medium', summary: `tool(s) exposed to the model with general reach: ${broad.slice(0, 4).map((t) => reach(dataOf<ToolFact>(t))).join(', ')} at ${places(m, broad)}`, evidence: broad.slice(0, 12).map((t) => m.evidence(t, reach(dataOf<ToolFact>(t)))) };
    }
    // A tool whose implementation is elsewhere (another file, the client) is narrow only by its name.
    const read = tools.filter((t) => dataOf<ToolFact>(t).runsAt > 0);
    const unread = tools.filter((t) => dataOf<ToolFact>(t).runsAt === 0);
    if (read.length === 0) {
      const offered = unread.length > 0 ? `${unread.length} tool(s) offered to the model (${names(unread)}) whose implementations are not in the file that offers them` : `${withTools.length} model call(s) pass tools whose implementations were not found`;
      return { id, status: 'unknown', confidence: 'low', summary: offered, evidence: [...unread, ...withTools].slice(0, 6).map((f) => m.evidence(f, f.kind === 'llm-tool' ? `${dataOf<ToolFact>(f).name}: implementation not found` : 'tools passed to the model')) };
    }
    const rest = unread.length > 0 ? `; ${unread.length} more offered whose implementations were not found (${names(unread, 3)})` : '';
    return { id, status: 'pass', confidence: 'low', summary: `${read.length} tool(s) exposed to the model; none runs model-written SQL, shell commands or code, or arbitrary URLs (who they act as is for a person to check)${rest}`, evidence: read.slice(0, 8).map((t) => m.evidence(t, `${dataOf<ToolFact>(t).name}: narrow`)) };
  },
};
