import { present } from './llm-practices.js';
import type { Finding, Signal } from '../types.js';
import type { CodePattern } from './usage/spec.js';
import { dataOf, runsHere, type CallFact, type ToolFact, type ToolRuns } from './llm/facts.js';
import { APPROVAL_FLAGS, APPROVAL_FLAG_SET } from './llm/tool-markers.js';
import { places, type LlmModel, type LlmSignal } from './llm/model.js';

/**
 * Consequential actions a model proposes need a person's confirmation in code, not in
 * the prompt (OWASP LLM06, GDPR Art. 22). The code can prove two things: a tool that
 * changes things runs as soon as the model calls it with no approval step anywhere
 * (fail), or the model can propose no action at all (no tools, every output only
 * shown to the user as text: not applicable). Everything between is for a person.
 */

/** Approval steps in code: tool-level flags, agent interrupts, human-in-the-loop middleware. */
export const APPROVAL_PATTERNS: readonly CodePattern[] = [
  {
    id: 'tool-approval', group: 'approval', label: 'approval step before a model-chosen action', langs: ['js', 'py', 'go', 'java', 'kotlin'], code: true,
    literal: [...APPROVAL_FLAGS, 'HumanInTheLoop', 'humanInTheLoop', 'human_in_the_loop', 'interrupt_before', 'interruptBefore', 'human_input_mode', 'human_input', 'toolApproval', 'tool_approval', 'addToolApprovalResponse'],
    regex: new RegExp(`${APPROVAL_FLAG_SET.source}|\\b(?:HumanInTheLoop\\w{0,20}|humanInTheLoop\\w{0,20}|human_in_the_loop\\w{0,20}|interrupt_before|interruptBefore|human_input_mode\\s{0,4}=\\s{0,4}["'](?:ALWAYS|TERMINATE)|human_input\\s{0,4}=\\s{0,4}True|toolApproval|tool_approval|addToolApprovalResponse)\\b`),
  },
];

/** Verbs that change records, move money or reach people. */
const CHANGES = new Set([
  'cancel', 'delete', 'del', 'remove', 'destroy', 'drop', 'purge', 'wipe', 'erase', 'refund', 'pay', 'charge', 'transfer', 'withdraw', 'send', 'notify',
  'publish', 'tweet', 'create', 'add', 'insert', 'update', 'edit', 'modify', 'change', 'write', 'save', 'upsert', 'patch', 'reschedule',
  'approve', 'reject', 'deny', 'ban', 'block', 'unblock', 'suspend', 'disable', 'enable', 'deploy', 'purchase', 'buy', 'submit', 'invite', 'assign',
  'archive', 'merge', 'rename', 'upload', 'grant', 'revoke', 'reset', 'register', 'subscribe', 'unsubscribe', 'escalate', 'transition',
]);
/** Words that are verbs or nouns (`book_table` acts, `order_status` reads): a verb only when no read-side noun follows. */
const AMBIGUOUS = new Set(['gift', 'credit', 'order', 'book', 'email', 'sms', 'text', 'message', 'post', 'reply', 'set', 'schedule', 'mark', 'sign', 'close', 'move', 'put', 'apply', 'confirm']);
const READ_NOUNS = new Set(['status', 'state', 'details', 'detail', 'info', 'history', 'list', 'summary', 'count', 'lookup', 'search', 'data', 'items', 'total', 'number', 'id', 'ids', 'template', 'templates', 'preview', 'options', 'availability', 'slots', 'settings']);
/** Verbs that only read: a tool named for them is not consequential whatever follows. */
const READS = new Set(['get', 'list', 'search', 'lookup', 'look', 'find', 'fetch', 'read', 'query', 'check', 'count', 'describe', 'show', 'view', 'retrieve', 'calculate', 'compute', 'estimate', 'validate', 'verify', 'summarize', 'summarise', 'translate', 'analyze', 'analyse', 'classify', 'extract', 'recommend', 'suggest', 'preview', 'load', 'browse', 'inspect', 'explain', 'convert', 'format', 'parse']);

const SELF_STATE = new Set(['memory', 'memories', 'scratchpad', 'thought', 'thoughts']);

function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

const isVerb = (w: string, next: string | undefined) => CHANGES.has(w) || (AMBIGUOUS.has(w) && next !== undefined && !READ_NOUNS.has(next));

/** Named for a change: its first word, or its last when it is named noun-first (`booking_cancel`). */
export function changesThings(name: string): boolean {
  const w = words(name);
  // The agent's own notes to itself (`add_memory`, `update_scratchpad`) change nothing anyone relies on.
  if (w.some((x) => SELF_STATE.has(x))) return false;
  const first = w[0] ?? '';
  if (READS.has(first)) return false;
  if (isVerb(first, w[1])) return true;
  const last = w.at(-1) ?? '';
  return w.length > 1 && CHANGES.has(last);
}

const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);

/** A tool running model-written SQL, shell commands or code can change anything, whatever its name. */
const ANYTHING: ReadonlySet<ToolRuns> = new Set(['sql', 'shell', 'code']);

function evaluate(m: LlmModel): Signal {
  const id = 'llm.human-approval';
  const na = m.applicability(id);
  if (na) return na;
  const tools = m.facts('llm-tool');
  const tool = (f: Finding) => dataOf<ToolFact>(f);
  // What this code runs when the model asks: an MCP server's tools are its host's to confirm.
  const actions = tools.filter((t) => runsHere(tool(t)));
  const changing = actions.filter((a) => changesThings(tool(a).name) || ANYTHING.has(tool(a).runs));
  // An approval flag counts where the model is: `requires_approval` on a calendar event elsewhere says nothing.
  const aiFiles = new Set([...m.calls, ...tools].map((f) => f.path));
  // A step covers the tools of its own folder (an agent and its tools), not another program's:
  // a guard in one edge function says nothing about the next one.
  const steps = present(m, 'approval').filter((f) => aiFiles.has(f.path));
  const covers = (step: Finding, a: Finding) => a.path.startsWith(dirOf(step.path));
  const named = (list: readonly Finding[]) => [...new Set(list.map((a) => tool(a).name))].slice(0, 5).join(', ');
  if (changing.length > 0) {
    const open = changing.filter((a) => !tool(a).gated && !steps.some((f) => covers(f, a)));
    const approvals = steps.filter((f) => changing.some((a) => covers(f, a)));
    if (open.length > 0) {
      return {
        id, status: 'fail', confidence: 'medium',
        summary: `the model can run ${open.length} tool(s) that change things with no approval step in code: ${named(open)} (${places(m, open)}); a confirmation asked for only in the prompt or tool description is not enforced`,
        evidence: open.slice(0, 10).flatMap((a) => {
          const d = tool(a);
          // The dispatch branch is the second place to look; no excerpt for a line we did not read.
          const { excerpt: _omit, ...at } = m.evidence(a, `${d.name} runs here when the model calls it`);
          const runs = d.runsAt !== (a.line ?? 0) ? [{ ...at, line: d.runsAt }] : [];
          return [m.evidence(a, `tool ${d.name} offered to the model; runs without a person's confirmation`), ...runs];
        }).slice(0, 12),
        details: { tools: changing.map((a) => tool(a).name) },
      };
    }
    return {
      id, status: 'pass', confidence: 'low',
      summary: `the model can run ${changing.length} tool(s) that change things (${named(changing)}); an approval step was found${approvals.length > 0 ? ` at ${places(m, approvals, 2)}` : ' on each of them'}: whether it covers every consequential action is for a person`,
      evidence: [...approvals.slice(0, 4).map((f) => m.evidence(f, 'approval step')), ...changing.slice(0, 6).map((a) => m.evidence(a, `tool ${tool(a).name}${tool(a).gated ? ' (approval required)' : ''}`))],
    };
  }
  const withTools = m.calls.filter((c) => dataOf<CallFact>(c).tools > 0);
  if (tools.length > 0 || withTools.length > 0) {
    const mcp = tools.filter((t) => tool(t).mcp);
    const elsewhere = tools.filter((t) => !tool(t).mcp && !runsHere(tool(t)));
    const are = (n: number) => `${n} ${n === 1 ? 'is' : 'are'}`;
    const parts = [
      ...(actions.length > 0 ? [`${are(actions.length)} run by this code (${named(actions)}) and none is named for a change`] : []),
      ...(elsewhere.length > 0 ? [`${are(elsewhere.length)} offered but run elsewhere (${named(elsewhere)})`] : []),
      ...(mcp.length > 0 ? [`${are(mcp.length)} an MCP server's (${named(mcp)}), confirmed by its host`] : []),
    ];
    return {
      id, status: 'unknown', confidence: 'low',
      summary: tools.length > 0
        ? `of the tools the model can call, ${parts.join('; ')}: what they do is for a person to check`
        : `${withTools.length} model call(s) pass tools whose implementations were not found: whether they act, and whether a person confirms, is for a person to check`,
      evidence: [...tools, ...withTools].slice(0, 8).map((f) => m.evidence(f, 'tool offered to the model')),
    };
  }
  const sites = m.flows.sites;
  const acting = sites.filter((s) => s.grade !== 'shown');
  if (sites.length > 0 && acting.length === 0) {
    return {
      id, status: 'not_applicable', confidence: 'medium',
      summary: `the model proposes no actions: no tools, and the output of all ${m.calls.length} model call(s) is only sent back as text (${places(m, sites.map((s) => s.at))})`,
      evidence: sites.slice(0, 6).map((s) => m.evidence(s.at, 'output only returned to the user as text')),
    };
  }
  if (acting.length === 0) return { id, status: 'unknown', confidence: 'low', summary: m.calls.length === 0 ? 'a model library is in use, but no model call was found to follow: cannot tell what the model may do' : `no tools are exposed to the model, and what the code does with the output of ${m.calls.length} model call(s) could not be followed`, evidence: m.calls.slice(0, 4).map((c) => m.evidence(c, 'model call')) };
  return {
    id, status: 'unknown', confidence: 'low',
    summary: `no tools are exposed to the model, but its output is stored or drives code at ${places(m, acting.map((s) => s.at))}; whether that is a consequential decision is for a person`,
    evidence: acting.slice(0, 6).map((s) => m.evidence(s.at, 'model output used by code')),
  };
}

export const humanApprovalSignal: LlmSignal = {
  meta: { id: 'llm.human-approval', title: 'Model actions confirmed by a person', passWhen: 'every tool the model can run that changes things has an approval step in code (needsApproval, an interrupt, human-in-the-loop middleware) (fail-only); not_applicable when the model has no tools and its output is only shown as text' },
  evaluate,
};
