import { present } from './llm-practices.js';
import type { Signal } from '../types.js';
import type { CodePattern } from './usage/spec.js';
import { dataOf, type ActionFact, type CallFact, type ToolFact } from './llm/facts.js';
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
    literal: ['needsApproval', 'needs_approval', 'requireApproval', 'requiresApproval', 'require_approval', 'requires_approval', 'HumanInTheLoop', 'humanInTheLoop', 'human_in_the_loop', 'interrupt_before', 'interruptBefore', 'human_input_mode', 'human_input', 'requireConfirmation', 'requires_confirmation', 'require_confirmation', 'toolApproval', 'tool_approval', 'addToolApprovalResponse'],
    regex: /\b(?:(?:needsApproval|needs_approval|requireApproval|requiresApproval|requires?_approval|requireConfirmation|requires?_confirmation)(?!\s{0,4}[:=]\s{0,4}(?:false|False)\b)|HumanInTheLoop\w{0,20}|humanInTheLoop\w{0,20}|human_in_the_loop\w{0,20}|interrupt_before|interruptBefore|human_input_mode\s{0,4}=\s{0,4}["'](?:ALWAYS|TERMINATE)|human_input\s{0,4}=\s{0,4}True|toolApproval|tool_approval|addToolApprovalResponse)\b/,
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
  // A general-purpose SQL or shell tool can change anything.
  if (/^(?:run|execute|exec)_?(?:sql|query|shell|command|bash)$/i.test(name)) return true;
  const w = words(name);
  // The agent's own notes to itself (`add_memory`, `update_scratchpad`) change nothing anyone relies on.
  if (w.some((x) => SELF_STATE.has(x))) return false;
  const first = w[0] ?? '';
  if (READS.has(first)) return false;
  if (isVerb(first, w[1])) return true;
  const last = w.at(-1) ?? '';
  return w.length > 1 && CHANGES.has(last);
}

function evaluate(m: LlmModel): Signal {
  const id = 'llm.human-approval';
  const na = m.applicability(id);
  if (na) return na;
  const actions = m.facts('llm-action');
  // A tool running model-written SQL or shell commands can change anything, whatever its name.
  const broad = new Set(m.facts('llm-tool').filter((t) => ['sql', 'shell'].includes(dataOf<ToolFact>(t).runs)).map((t) => `${t.path}#${dataOf<ToolFact>(t).name}`));
  const changing = actions.filter((a) => changesThings(dataOf<ActionFact>(a).name) || broad.has(`${a.path}#${dataOf<ActionFact>(a).name}`));
  // An approval flag counts where the model is: `requires_approval` on a calendar event elsewhere says nothing.
  const aiFiles = new Set([...m.calls, ...actions, ...m.facts('llm-tool')].map((f) => f.path));
  const approvals = present(m, 'approval').filter((f) => aiFiles.has(f.path));
  const named = (list: typeof actions) => [...new Set(list.map((a) => dataOf<ActionFact>(a).name))].slice(0, 5).join(', ');
  if (changing.length > 0) {
    const open = changing.filter((a) => !dataOf<ActionFact>(a).gated);
    if (open.length > 0 && approvals.length === 0) {
      return {
        id, status: 'fail', confidence: 'medium',
        summary: `the model can run ${open.length} tool(s) that change things with no approval step in code: ${named(open)} (${places(m, open)}); a confirmation asked for only in the prompt or tool description is not enforced`,
        evidence: open.slice(0, 10).flatMap((a) => {
          const d = dataOf<ActionFact>(a);
          // The dispatch branch is the second place to look; no excerpt for a line we did not read.
          const { excerpt: _omit, ...at } = m.evidence(a, `${d.name} runs here when the model calls it`);
          const runs = d.runsAt !== (a.line ?? 0) ? [{ ...at, line: d.runsAt }] : [];
          return [m.evidence(a, `tool ${d.name} offered to the model; runs without a person's confirmation`), ...runs];
        }).slice(0, 12),
        details: { tools: changing.map((a) => dataOf<ActionFact>(a).name) },
      };
    }
    return {
      id, status: 'pass', confidence: 'low',
      summary: `the model can run ${changing.length} tool(s) that change things (${named(changing)}); an approval step was found${approvals.length > 0 ? ` at ${places(m, approvals, 2)}` : ' on each of them'}: whether it covers every consequential action is for a person`,
      evidence: [...approvals.slice(0, 4).map((f) => m.evidence(f, 'approval step')), ...changing.slice(0, 6).map((a) => m.evidence(a, `tool ${dataOf<ActionFact>(a).name}${dataOf<ActionFact>(a).gated ? ' (approval required)' : ''}`))],
    };
  }
  const withTools = m.calls.filter((c) => dataOf<CallFact>(c).tools > 0);
  const tools = m.facts('llm-tool');
  if (actions.length > 0 || tools.length > 0 || withTools.length > 0) {
    return {
      id, status: 'unknown', confidence: 'low',
      summary: actions.length + tools.length > 0
        ? `the model can call tool(s) (${named([...actions, ...tools])}); none that this code runs is named for a change (an MCP server's tools are confirmed by its host): what they do is for a person to check`
        : `${withTools.length} model call(s) pass tools whose implementations were not found: whether they act, and whether a person confirms, is for a person to check`,
      evidence: [...actions, ...tools, ...withTools].slice(0, 8).map((f) => m.evidence(f, 'tool offered to the model')),
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
