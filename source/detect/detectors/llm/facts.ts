import type { Finding } from '../../types.js';
import type { CallKind } from './endpoints.js';

/**
 * The facts one file contributes to the AI signals, as the per-file `collect` step
 * emits them (flat `Finding.data`, so they cross worker threads) and `evaluate`
 * joins them across files. Every language's analysis produces the same facts.
 */

/**
 * How the code treats one model output, best first (the order is the ladder the
 * output-validation signal grades by):
 * - `in-call`: a schema inside the call (structured output, validated tool input);
 * - `after`: parsed against a schema after the call;
 * - `json-mode`: JSON mode without a schema (well-formed, not validated);
 * - `json-parse`: free text parsed with JSON.parse / json.loads (unvalidated);
 * - `shown`: free text sent to the client (streamed or in the response): not a validation question;
 * - `none`: used otherwise (stored, branched on, passed along) with no schema;
 * - `passed-on`: returned to the caller, who decides (judged at the call sites).
 */
export type Grade = 'in-call' | 'after' | 'json-mode' | 'json-parse' | 'shown' | 'none' | 'passed-on';
export const GRADE_ORDER: readonly Grade[] = ['in-call', 'after', 'json-mode', 'json-parse', 'shown', 'none', 'passed-on'];
export const UNVALIDATED: ReadonlySet<Grade> = new Set(['json-mode', 'json-parse', 'none']);

/** What a function hands back to its caller of a model output it obtained. */
export type Returned = 'raw' | 'parsed' | 'validated' | 'no';

export type SinkKind = 'json-parse' | 'eval' | 'sql' | 'shell' | 'html';

/** yes / no / cannot tell (options built elsewhere, a spread, a client made in another file). */
export type Tri = 'yes' | 'no' | 'unknown';

/** A model API called here (kind `llm-call`). */
export interface CallFact {
  label: string;
  route: 'sdk' | 'http' | 'agent';
  /** Provider, gateway or library answering: "OpenAI", "Lovable AI Gateway". */
  via: string;
  gateway: boolean;
  kind: CallKind;
  /** Local name of the enclosing function ('' at top level or in an anonymous handler). */
  fn: string;
  /** Names the enclosing function is exported as, comma-separated ('' when not exported). */
  exported: string;
  returns: Returned;
  validation: Grade;
  /** JSON mode asked for without a schema (kept apart: a caller's JSON.parse of it is still unvalidated). */
  jsonMode: boolean;
  /** 'request': a cap is set, but from the request (the caller chooses it). */
  maxTokens: Tri | 'request';
  timeout: Tri;
  /** Request input is size-checked in the enclosing function. */
  inputCheck: boolean;
  tools: number;
  /** Shipped to browsers or mobile apps (a 'use client' file, a browser-only client option, a public env key). */
  client: boolean;
  /** Authenticated with a key the server minted for the session (OpenAI Realtime's client secret): fit for a browser. */
  ephemeralKey?: boolean;
  parser: 'ast' | 'lines';
}

/** A call of a function defined elsewhere (kind `llm-use`): a model-output source if that function is one. */
export interface UseFact {
  /** Module specifier as written ('' = this file). */
  module: string;
  /** Imported (or, in this file, local) name of the callee; 'default' for a default import. */
  name: string;
  fn: string;
  exported: string;
  returns: Returned;
  validation: Grade;
  inputCheck: boolean;
  parser: 'ast' | 'lines';
}

export interface SinkFact {
  sink: SinkKind;
  /** Line of the call or use whose output reaches the sink. */
  ref: number;
}

/** A model id written where a model is chosen (kind `llm-model`). */
export interface ModelFact { model: string }

/** Something shipped to the browser that belongs on a server (kind `llm-exposure`). */
export interface ExposureFact { what: 'public-key' | 'browser-client' | 'client-call'; name: string }

/** Prompt text built from something the model must not see (kind `llm-prompt-secret`). */
export interface PromptSecretFact { name: string }

/** Request input placed in a system message or the instructions (kind `llm-injection`). */
export interface InjectionFact { input: string }

/** What a tool does with the arguments the model chose: general reach, or `none` (narrow, or not shown). */
export type ToolRuns = 'sql' | 'shell' | 'code' | 'http' | 'none';

/**
 * A tool the model can call (kind `llm-tool`), one fact however it is made: an SDK tool
 * (`tool()`, `new DynamicTool`), a Python decorated function, an MCP server tool, or a
 * function tool offered in a request (`tools: [{ type: 'function', … }]`, Gemini
 * `functionDeclarations`) and dispatched by name. A forced tool choice is structured
 * output, not a tool.
 */
export interface ToolFact {
  name: string;
  runs: ToolRuns;
  /** `code`: read from the implementation; `name`: the implementation did not show it, the tool's name says it. */
  judged: 'code' | 'name';
  /** An approval flag is set on the tool, or a branch that dispatches it asks for confirmation. */
  gated: boolean;
  /** Line of the code that runs it (implementation or dispatch branch); 0 when none was found here. */
  runsAt: number;
  /** Served by an MCP server: the host's model calls it, and the host asks the user first. */
  mcp: boolean;
}

/** A tool this code runs itself when the model calls it (not an MCP server's, not one run elsewhere). */
export const runsHere = (t: ToolFact): boolean => !t.mcp && t.runsAt > 0;

/** A package whose `src/` is bundled for browsers or phones (Vite, Create React App, Expo) (kind `llm-client-root`). */
export interface ClientRootFact { tool: string }

export type FactKind = 'llm-call' | 'llm-use' | 'llm-sink' | 'llm-model' | 'llm-exposure' | 'llm-prompt-secret' | 'llm-injection' | 'llm-tool' | 'llm-client-root';

type Flat = Record<string, string | number | boolean | null>;

export function fact(kind: FactKind, path: string, line: number, excerpt: string, data: CallFact | UseFact | SinkFact | ModelFact | ExposureFact | PromptSecretFact | InjectionFact | ToolFact | ClientRootFact): Finding {
  return { kind, path, line, excerpt, data: { ...(data as unknown as Flat), group: 'calls' } };
}

export function dataOf<T>(f: Finding): T {
  return (f.data ?? {}) as unknown as T;
}

/** Better of two grades on the ladder. */
export function better(a: Grade, b: Grade): Grade {
  return GRADE_ORDER.indexOf(a) <= GRADE_ORDER.indexOf(b) ? a : b;
}
