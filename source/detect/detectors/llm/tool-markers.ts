import type { ToolFact, ToolRuns } from './facts.js';

/**
 * What a tool's flags and name say about it, one list for every language: the
 * JS collector reads the flags as object keys, the Python collector as decorator
 * arguments, and the human-approval signal as approval steps anywhere in a file.
 */

/** Tool-level approval flags: AI SDK and OpenAI Agents `needsApproval`, Mastra `requireApproval`, their Python spellings. */
export const APPROVAL_FLAGS: readonly string[] = [
  'needsApproval', 'needs_approval', 'requireApproval', 'require_approval', 'requiresApproval', 'requires_approval',
  'requireConfirmation', 'require_confirmation', 'requiresConfirmation', 'requires_confirmation',
];

/** One of the flags as a whole key or keyword. */
export const APPROVAL_FLAG = new RegExp(`^(?:${APPROVAL_FLAGS.join('|')})$`);

/** A flag set to anything but false, in source text (`needs_approval=True`, `needsApproval: ctx.risky`). */
export const APPROVAL_FLAG_SET = new RegExp(`\\b(?:${APPROVAL_FLAGS.join('|')})(?!\\s{0,4}[:=]\\s{0,4}(?:false|False)\\b)\\b`);

/**
 * Identifiers that say a branch asks a person first (`confirmationLink`, `hasUserConfirmation`,
 * `awaitApproval`); not a state (`isConfirmed`, `approvalStatus`) or a receipt sent after the
 * fact (`sendConfirmationEmail`, `confirmationNumber`).
 */
export const ASKS_FIRST = /confirm(?!ed|ation_?(?:e?mail|message|sms|text|number|code|id)(?![a-z]))|approv(?!ed|al_?status)/i;

/**
 * General-purpose tools by name (`execute_sql`, `runShell`, `exec_python`, `http_request`): what the
 * model is told the tool does, the fallback when its implementation does not show it.
 */
const BY_NAME: readonly [RegExp, ToolRuns][] = [
  [/^(?:(?:run|execute|exec)_(?:sql|query)|sql(?:_query)?|query_(?:database|db|sql)|(?:run|execute|exec)_raw_sql)$/, 'sql'],
  [/^(?:(?:run|execute|exec)_(?:shell|command|bash|cmd)|shell|bash|terminal)$/, 'shell'],
  [/^(?:(?:run|execute|exec|eval)_(?:python|code|js|javascript|script)|python(?:_repl)?|code_interpreter|eval)$/, 'code'],
  [/^(?:(?:http|fetch)_(?:request|url|get)|fetch_url|http)$/, 'http'],
];

/** What a tool's name says it runs, or null when the name is not a general-purpose one. */
export function runsByName(name: string): ToolRuns | null {
  // camelCase and kebab-case read as snake_case: `executeSql`, `run-shell`.
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
  for (const [re, runs] of BY_NAME) if (re.test(snake)) return runs;
  return null;
}

/** Widest reach first: a tool that can run SQL can do what one that fetches a URL can. */
const REACH: readonly ToolRuns[] = ['sql', 'shell', 'code', 'http', 'none'];

export const wider = (a: ToolRuns, b: ToolRuns): ToolRuns => (REACH.indexOf(a) <= REACH.indexOf(b) ? a : b);

/**
 * What a tool runs, every language alike: what its implementation was seen doing, else what
 * its name says (`execute_sql` handing its SQL to a helper we do not follow is still one).
 * `runsAt` 0: no implementation here, so a narrow reading is only the name's.
 */
export function judgeTool(name: string, fromCode: ToolRuns, runsAt: number): Pick<ToolFact, 'runs' | 'judged'> {
  if (fromCode !== 'none') return { runs: fromCode, judged: 'code' };
  const byName = runsByName(name);
  return { runs: byName ?? 'none', judged: byName !== null || runsAt === 0 ? 'name' : 'code' };
}
