import type { FileEntry, Finding } from '../../types.js';
import { excerptOf } from '../usage/detector.js';
import { lineLocator } from '../usage/mask.js';
import { envNamesModelEndpoint, envNamesModelKey, matchEndpoint, type Endpoint } from './endpoints.js';
import { fact, type CallFact, type Grade, type Returned, type SinkKind, type ToolFact, type ToolRuns, type Tri, type UseFact } from './facts.js';
import type { N, ParsedJs } from './js-parse.js';
import { IN_CALL, MAX_TOKEN_KEYS, SDK_CALLS, type CallPattern } from './sdk-calls.js';
import { capValueFromRequest } from './request-cap.js';
import { APPROVAL_FLAG, ASKS_FIRST, judgeTool, wider } from './tool-markers.js';

/**
 * The parser path for JS/TS: model calls found on the syntax tree, their options
 * read from the object literals they are given (followed through constants,
 * `JSON.stringify(body)` and destructuring defaults), and each output followed
 * through the enclosing function: derived values, `JSON.parse`, schema parses,
 * sinks, what is returned and what is sent to the client.
 */

const isNode = (v: unknown): v is N => typeof v === 'object' && v !== null && typeof (v as N).type === 'string';
const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const TRANSPARENT = new Set(['AwaitExpression', 'ChainExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression', 'SpreadElement', 'TemplateLiteral', 'BinaryExpression', 'LogicalExpression', 'ArrayExpression', 'ObjectExpression', 'JSXExpressionContainer', 'YieldExpression', 'SequenceExpression']);
const HANDLER_NAMES = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|loader|action|handler|fetch|onRequest\w*|default|\*default\*)$/;
const REQ_INPUT = /\b(?:req|request|c\.req|ctx\.request|event)\s*\.\s*(?:json|body|query|params|formData|text|form|get_json)\b|\bsearchParams\.get\(|\bgetQuery\(|\breadBody\(/;
const SECRET_ENV = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD|DATABASE_URL|DB_URL|DSN|CONNECTION|PRIVATE|CREDENTIAL)/;
const CONN_STRING = /\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp):\/\/[^\s:@/]+:[^\s@/]+@/;
const VALIDATOR = /^(?!JSON\b)[A-Z]\w*\.(safeParse|parse|parseAsync|safeParseAsync)$|[sS]chema\.(safeParse|parse|parseAsync|safeParseAsync|validate|validateSync|validateAsync|cast)$|^v\.(parse|safeParse)$|^ajv\.validate$|^validate$|^typia\.(assert|validate)\w*$|^Value\.(Check|Parse)$/;
const TRANSFORMS = /^(JSON\.stringify|String|Number|Boolean|encodeURIComponent|decodeURIComponent|Object\.(keys|values|entries|assign|fromEntries)|Array\.from|Promise\.(all|allSettled|race|any)|structuredClone|new TextEncoder|marked|marked\.parse)$/;
const SHOWN_CALLEE = /^(Response|Response\.json|NextResponse\.json|json|new Response)$|(^|\.)(res|reply|response|ctx|c)\.(json|send|write|end|text|html|body)$|(^|\.)(enqueue|writeSSE|sendMessage)$|^(controller|writer|stream|socket|ws)\.(enqueue|write|send)$/;
const STORED_CALLEE = /\.(insert|update|upsert|create|createMany|updateMany|save|set|add|put|setItem)$/;
const SQL_CALLEE = /(^|\.)(query|execute|raw|unsafe|\$queryRawUnsafe|\$executeRawUnsafe|prepare|exec)$/;
const SHELL_CALLEE = /(^|\.)(exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaCommand|Command)$/;
const HTTP_CALLEE = /^(fetch|globalThis\.fetch|window\.fetch|axios|axios\.(post|put|request|get)|ky|ky\.post|got|got\.post|\$fetch|ofetch|fetchWithTimeout|fetchWithRetry)$/;
const TOOL_FACTORY = /^(tool|createTool|functionTool|defineTool|dynamicTool|betaZodTool)$|\.(tool|registerTool)$/;
const TOOL_CLASS = /^(DynamicTool|DynamicStructuredTool|StructuredTool|FunctionTool)$/;
const CODE_CALLEE = /^(eval|Function|new Function|vm\.runIn\w{0,20}Context|new vm\.Script)$/;
/** A key minted per session by the server: `clientSecret`, `client_secret.value`, `ephemeralKey`. */
/** A session key read off what a server answered (`session.client_secret.value`, `data.ephemeralKey`): never a literal or an env var. */
const EPHEMERAL_READ = /\.\s*(?:client_?secret|ephemeral\w*)\b|\[\s*["'`](?:client_?secret|ephemeral\w*)["'`]\s*\]/i;
const ENV_READ = /\bprocess\.env\b|\bimport\.meta\.env\b|\bDeno\.env\b/;

interface Unit { node: N; name: string; exported: string[]; handler: boolean }

/** Code that runs one tool: the literal or key naming it, the statements (or handler) that run, and what was compared with the name. */
interface Branch { at: N; body: N[]; compared: N | null; fn: N | null }

/** `\b(?:a|b)\b` for identifiers (`$` escaped). */
const wordsRe = (names: Iterable<string>) => new RegExp(`\\b(?:${[...names].map((n) => n.replace(/\$/g, '\\$')).join('|')})\\b`);

interface Keys {
  map: Map<string, N | null>;
  /** Some keys may come from somewhere we could not follow (a spread, a parameter). */
  open: boolean;
  found: boolean;
}

interface Flow {
  validated: boolean;
  parsed: boolean;
  shown: boolean;
  stored: boolean;
  used: boolean;
  returned: Returned;
  sinks: { line: number; kind: SinkKind }[];
}

export interface JsContext {
  file: FileEntry;
  text: string;
  lines: string[];
  /** Specifiers of model SDKs this file imports (for the fileHint of generic method names). */
  sdkImported: boolean;
}

export function analyseJs(ctx: JsContext, parsed: ParsedJs): Finding[] {
  return new JsAnalysis(ctx, parsed).run();
}

class JsAnalysis {
  private readonly parents = new Map<N, N>();
  private readonly calls: N[] = [];
  private readonly idents = new Map<string, N[]>();
  private readonly decls = new Map<string, N[]>();
  private readonly units = new Map<N, Unit>();
  private readonly lineOf: (offset: number) => number;
  private readonly imports = new Map<string, { module: string; imported: string }>();
  private readonly out: Finding[] = [];
  private readonly useClient: boolean;
  private readonly unitSources = new Map<string, Returned>();
  private readonly emitted = new Set<string>();

  constructor(private readonly ctx: JsContext, private readonly parsed: ParsedJs) {
    this.lineOf = lineLocator(ctx.text);
    for (const i of parsed.imports) this.imports.set(i.local, { module: i.module, imported: i.imported });
    const first = parsed.program.body[0] as N | undefined;
    this.useClient = first?.type === 'ExpressionStatement' && first.directive === 'use client';
  }

  run(): Finding[] {
    this.index(this.parsed.program, null);
    this.nameUnits();
    const modelCalls: { call: N; unit: Unit | null }[] = [];
    for (const call of this.calls) {
      const unit = this.unitOf(call);
      if (this.modelCall(call, unit)) modelCalls.push({ call, unit });
    }
    this.wrapperCalls();
    this.helperUses();
    this.tools();
    return this.out;
  }

  // ───────────── indexing ─────────────

  private index(n: N, parent: N | null): void {
    if (parent) this.parents.set(n, parent);
    if (n.type === 'CallExpression' || n.type === 'NewExpression') this.calls.push(n);
    else if (n.type === 'Identifier') {
      const list = this.idents.get(n.name as string);
      if (list) list.push(n);
      else this.idents.set(n.name as string, [n]);
    } else if (n.type === 'VariableDeclarator') this.declare(n.id as N, n);
    else if (FUNCTION.has(n.type)) this.units.set(n, { node: n, name: '', exported: [], handler: false });
    for (const k in n) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'parent') continue;
      const v = n[k];
      if (Array.isArray(v)) {
        for (const x of v) if (isNode(x)) this.index(x, n);
      } else if (isNode(v)) this.index(v, n);
    }
  }

  private declare(id: N, at: N): void {
    if (!id) return;
    if (id.type === 'Identifier') this.addDecl(id.name as string, at);
    else if (id.type === 'ObjectPattern') {
      for (const p of id.properties as N[]) {
        if (p.type === 'RestElement') this.declare(p.argument as N, at);
        else this.declare(p.value as N, p);
      }
    } else if (id.type === 'ArrayPattern') for (const e of id.elements as (N | null)[]) { if (e) this.declare(e, at); }
    else if (id.type === 'AssignmentPattern') this.declare(id.left as N, id);
  }

  private addDecl(name: string, at: N): void {
    const list = this.decls.get(name);
    if (list) list.push(at);
    else this.decls.set(name, [at]);
  }

  private nameUnits(): void {
    for (const u of this.units.values()) {
      const n = u.node;
      const p = this.parents.get(n);
      let name = '';
      if (n.id?.type === 'Identifier') name = n.id.name as string;
      else if (p?.type === 'VariableDeclarator' && p.id?.type === 'Identifier') name = p.id.name as string;
      else if ((p?.type === 'Property' || p?.type === 'MethodDefinition' || p?.type === 'PropertyDefinition') && p.key?.type === 'Identifier') name = p.key.name as string;
      else if (p?.type === 'ExportDefaultDeclaration') name = '*default*';
      else if (p?.type === 'AssignmentExpression' && p.left?.type === 'MemberExpression' && p.left.property?.type === 'Identifier') {
        name = p.left.property.name as string;
        const obj = this.ctx.text.slice(p.left.object.start, p.left.object.end);
        if (obj === 'exports' || obj === 'module.exports') u.exported.push(name);
      }
      u.name = name;
      // Methods of classes and objects are reached through their receiver: not followed across files.
      const topLevel = this.enclosingFunction(n) === null && p?.type !== 'Property' && p?.type !== 'MethodDefinition';
      if (topLevel) u.exported.push(...(this.parsed.exports.get(name) ?? []));
      u.handler = HANDLER_NAMES.test(name) || (name === '' && this.enclosingFunction(n) === null) || (p?.type === 'Property' && this.enclosingFunction(n) === null && /^(fetch|scheduled|queue)$/.test(name));
    }
  }

  private enclosingFunction(n: N): N | null {
    for (let p = this.parents.get(n); p; p = this.parents.get(p)) if (FUNCTION.has(p.type)) return p;
    return null;
  }

  /** The function a value is followed in: inline callbacks (`.map(x => …)`) belong to the function around them. */
  private unitOf(n: N): Unit | null {
    let f = this.enclosingFunction(n);
    while (f) {
      const p = this.parents.get(f);
      const outer = this.enclosingFunction(f);
      if (outer && (p?.type === 'CallExpression' || p?.type === 'NewExpression') && f.type !== 'FunctionDeclaration') f = outer;
      else break;
    }
    return f ? (this.units.get(f) ?? null) : null;
  }

  private src(n: N, max = 200): string {
    return this.ctx.text.slice(n.start, Math.min(n.end, n.start + max));
  }

  private calleeText(call: N): string {
    const c = call.callee as N;
    return (call.type === 'NewExpression' ? 'new ' : '') + this.src(c, 120).replace(/\s+/g, '').replace(/\?\./g, '.');
  }

  // ───────────── value resolution ─────────────

  /** The declaration `name` refers to at `pos`: nearest earlier one in the same function, else at top level. */
  private binding(name: string, pos: number, unit: Unit | null): N | null {
    const list = this.decls.get(name);
    if (!list) return null;
    let best: N | null = null;
    for (const d of list) {
      if (d.start > pos) continue;
      const f = this.enclosingFunction(d);
      const inUnit = unit && f && f.start >= unit.node.start && f.end <= unit.node.end;
      if (f === null || inUnit) best = d;
    }
    return best;
  }

  private initOf(d: N): N | null {
    if (d.type === 'VariableDeclarator') return (d.init as N) ?? null;
    if (d.type === 'AssignmentPattern') return (d.right as N) ?? null;
    if (d.type === 'Property' && d.value?.type === 'AssignmentPattern') return d.value.right as N;
    return null;
  }

  private unwrap(n: N | null): N | null {
    let x = n;
    while (x && (x.type === 'AwaitExpression' || x.type === 'TSAsExpression' || x.type === 'TSNonNullExpression' || x.type === 'TSSatisfiesExpression' || x.type === 'ParenthesizedExpression' || x.type === 'ChainExpression')) x = (x.expression ?? x.argument) as N;
    return x;
  }

  /** A string value as far as it can be known; holes are NUL. `env` collects variable names read. */
  private stringOf(node: N | null, unit: Unit | null, depth = 0, env: string[] = []): string | null {
    const n = this.unwrap(node);
    if (!n || depth > 4) return null;
    switch (n.type) {
      case 'Literal': return typeof n.value === 'string' ? n.value : null;
      case 'TemplateLiteral': {
        let s = '';
        (n.quasis as N[]).forEach((q, i) => {
          s += (q.value?.cooked as string | undefined) ?? '';
          const e = (n.expressions as N[])[i];
          if (e) s += this.stringOf(e, unit, depth + 1, env) ?? '\u0000';
        });
        return s;
      }
      case 'BinaryExpression': return n.operator === '+' ? `${this.stringOf(n.left as N, unit, depth + 1, env) ?? '\u0000'}${this.stringOf(n.right as N, unit, depth + 1, env) ?? '\u0000'}` : null;
      case 'LogicalExpression': return this.stringOf(n.left as N, unit, depth + 1, env) ?? this.stringOf(n.right as N, unit, depth + 1, env);
      case 'ConditionalExpression': return this.stringOf(n.consequent as N, unit, depth + 1, env) ?? this.stringOf(n.alternate as N, unit, depth + 1, env);
      case 'Identifier': {
        const d = this.binding(n.name as string, n.start, unit);
        const init = d ? this.initOf(d) : null;
        return init ? this.stringOf(init, unit, depth + 1, env) : null;
      }
      case 'MemberExpression':
      case 'CallExpression': {
        const name = this.envName(n);
        if (name) env.push(name);
        if (n.type === 'CallExpression' && /^new URL$|^URL$/.test(this.calleeText(n))) return this.stringOf((n.arguments as N[])[0] ?? null, unit, depth + 1, env);
        return null;
      }
      case 'NewExpression':
        if (this.calleeText(n) === 'new URL') return this.stringOf((n.arguments as N[])[0] ?? null, unit, depth + 1, env);
        return null;
      default: return null;
    }
  }

  /** `process.env.X`, `import.meta.env.X`, `Deno.env.get('X')`, `process.env['X']` → X. */
  private envName(n: N): string | null {
    const t = this.src(n, 160).replace(/\s+/g, '');
    const m = /^(?:process\.env|import\.meta\.env|Netlify\.env|env|c\.env|context\.env)\.([A-Za-z_]\w*)$/.exec(t) ?? /^(?:Deno\.env\.get|Netlify\.env\.get|Bun\.env\.get|getEnv|env|process\.env)[([]["'`]([A-Za-z_]\w*)["'`][)\]]$/.exec(t);
    return m ? (m[1] as string) : null;
  }

  /** Object keys as far as they can be known: follows identifiers, `JSON.stringify(x)` and spreads. */
  private keysOf(node: N | null, unit: Unit | null, depth = 0): Keys {
    const keys: Keys = { map: new Map(), open: false, found: false };
    this.collectKeys(node, unit, depth, keys, '');
    return keys;
  }

  private collectKeys(node: N | null, unit: Unit | null, depth: number, keys: Keys, prefix: string): void {
    const n = this.unwrap(node);
    if (!n || depth > 4) { keys.open = true; return; }
    if (n.type === 'Identifier') {
      const d = this.binding(n.name as string, n.start, unit);
      const init = d ? this.initOf(d) : null;
      if (init) this.collectKeys(init, unit, depth + 1, keys, prefix);
      else keys.open = true;
      return;
    }
    if (n.type === 'CallExpression' && this.calleeText(n) === 'JSON.stringify') { this.collectKeys((n.arguments as N[])[0] ?? null, unit, depth + 1, keys, prefix); return; }
    if (n.type !== 'ObjectExpression') { keys.open = true; return; }
    keys.found = true;
    for (const p of n.properties as N[]) {
      if (p.type === 'SpreadElement') { this.collectKeys(p.argument as N, unit, depth + 1, keys, prefix); continue; }
      const k = p.key?.type === 'Identifier' ? (p.key.name as string) : typeof p.key?.value === 'string' ? (p.key.value as string) : null;
      if (!k) { keys.open = true; continue; }
      keys.map.set(prefix + k, p.value as N);
      const v = this.unwrap(p.value as N);
      if (v?.type === 'ObjectExpression' && !prefix) this.collectKeys(v, unit, depth + 1, keys, `${k}.`);
    }
  }

  private hasKey(keys: Keys, set: ReadonlySet<string> | RegExp): boolean {
    for (const k of keys.map.keys()) {
      const last = k.slice(k.lastIndexOf('.') + 1);
      if (set instanceof RegExp ? set.test(last) : set.has(last)) return true;
    }
    return false;
  }

  /** The object a receiver was made from: `new OpenAI({…})`, `genAI.getGenerativeModel({…})`, `axios.create({…})`. */
  private receiverKeys(call: N, unit: Unit | null): Keys | null {
    let c = call.callee as N;
    while (c?.type === 'MemberExpression') c = c.object as N;
    if (c?.type === 'ThisExpression') return null;
    if (c?.type !== 'Identifier') return null;
    if (this.imports.has(c.name as string)) return null;
    const d = this.binding(c.name as string, call.start, unit);
    const init = this.unwrap(d ? this.initOf(d) : null);
    if (!init || (init.type !== 'NewExpression' && init.type !== 'CallExpression')) return null;
    const arg = (init.arguments as N[]).find((a) => this.unwrap(a)?.type === 'ObjectExpression' || a.type === 'Identifier') ?? null;
    const keys = arg ? this.keysOf(arg, unit) : { map: new Map(), open: false, found: true };
    // One more level: a model made from a client (`genAI.getGenerativeModel` on `new GoogleGenerativeAI(key)`) shares the client's options.
    if (init.type === 'CallExpression') {
      const inner = this.receiverKeys(init, unit);
      if (inner) for (const [k, v] of inner.map) if (!keys.map.has(k)) keys.map.set(k, v);
    }
    return keys;
  }

  // ───────────── model calls ─────────────

  private sdkPattern(call: N): CallPattern | null {
    const c = call.callee as N;
    const head = this.ctx.text.slice(c.start, Math.min(call.end, c.end + 40));
    const calleeLen = c.end - c.start;
    for (const p of SDK_CALLS) {
      if (!p.langs.includes('js')) continue;
      const m = p.regex.exec(head);
      if (!m || m.index > calleeLen) continue;
      if (p.fileHint && !p.fileHint.test(this.ctx.text)) continue;
      return p;
    }
    return null;
  }

  private httpTarget(call: N, unit: Unit | null): { endpoint: Endpoint | null; param: number; urlArg: N | null } | null {
    const callee = this.calleeText(call);
    if (!HTTP_CALLEE.test(callee)) return null;
    const args = call.arguments as N[];
    let urlArg = args[0] ?? null;
    if (/^axios$/.test(callee) && this.unwrap(urlArg)?.type === 'ObjectExpression') urlArg = this.keysOf(urlArg, unit).map.get('url') ?? null;
    if (!urlArg) return null;
    const env: string[] = [];
    const s = this.stringOf(urlArg, unit, 0, env);
    const endpoint = (s !== null ? matchEndpoint(s) : null) ?? env.map((e) => envNamesModelEndpoint(e)).filter((x): x is string => x !== null).map((name) => ({ name, route: 'compatible' as const, kind: 'chat' as const }))[0] ?? null;
    // The URL is a parameter of the enclosing function: a wrapper whose callers decide.
    let param = -1;
    const u = this.unwrap(urlArg);
    if (!endpoint && u?.type === 'Identifier' && unit) param = (unit.node.params as N[]).findIndex((p) => p.type === 'Identifier' && p.name === u.name);
    return { endpoint, param, urlArg };
  }

  private modelCall(call: N, unit: Unit | null): boolean {
    const sdk = this.sdkPattern(call);
    let http: ReturnType<JsAnalysis['httpTarget']> = null;
    if (!sdk) {
      http = this.httpTarget(call, unit);
      if (!http) return false;
      if (http.param >= 0 && unit?.name) this.wrappers.set(unit.name, { param: http.param, call, unit });
      if (!http.endpoint) {
        // No known host, but an OpenAI-shaped body sent to a configured (not relative) URL.
        const body = this.requestBody(call, unit);
        const s = this.stringOf(http.urlArg, unit);
        if (!body || !body.map.has('messages') || !body.map.has('model') || (s !== null && /^[./]/.test(s))) return false;
        http.endpoint = { name: 'OpenAI-compatible endpoint', route: 'compatible', kind: 'chat' };
      }
    }
    this.emitCall(call, unit, sdk, http?.endpoint ?? null);
    return true;
  }

  private readonly wrappers = new Map<string, { param: number; call: N; unit: Unit }>();

  /** Calls of a same-file fetch wrapper (`post(GATEWAY, key, body)`) whose URL argument is a model endpoint. */
  private wrapperCalls(): void {
    if (this.wrappers.size === 0) return;
    for (const call of this.calls) {
      const c = call.callee as N;
      if (c.type !== 'Identifier') continue;
      const w = this.wrappers.get(c.name as string);
      if (!w) continue;
      const unit = this.unitOf(call);
      const arg = (call.arguments as N[])[w.param] ?? null;
      const env: string[] = [];
      const s = this.stringOf(arg, unit, 0, env);
      const endpoint = (s !== null ? matchEndpoint(s) : null) ?? (env.some((e) => envNamesModelEndpoint(e)) ? { name: envNamesModelEndpoint(env.find((e) => envNamesModelEndpoint(e)) as string) as string, route: 'compatible' as const, kind: 'chat' as const } : null);
      if (endpoint) this.emitCall(call, unit, null, endpoint, w.call);
    }
  }

  /** The call's token cap is read from the request (request-cap.ts): its value, and the code of its function above the call. */
  private capFromRequest(all: Keys, call: N, unit: Unit | null): boolean {
    const node = [...all.map].find(([k]) => MAX_TOKEN_KEYS.has(k.slice(k.lastIndexOf('.') + 1)))?.[1];
    if (!node) return false;
    const from = unit ? unit.node.start : 0;
    return capValueFromRequest(this.src(node, 200), this.ctx.text.slice(Math.max(from, call.start - 4000), call.start));
  }

  private requestBody(call: N, unit: Unit | null): Keys | null {
    const callee = this.calleeText(call);
    const args = call.arguments as N[];
    if (/^axios\.(post|put)$/.test(callee)) return args[1] ? this.keysOf(args[1], unit) : null;
    const init = args[1] ? this.keysOf(args[1], unit) : null;
    if (!init) return null;
    const body = init.map.get('body') ?? init.map.get('json') ?? init.map.get('data');
    return body ? this.keysOf(body, unit) : { map: new Map(), open: init.open, found: false };
  }

  private emitCall(call: N, unit: Unit | null, sdk: CallPattern | null, endpoint: Endpoint | null, inner?: N): void {
    const args = call.arguments as N[];
    const callee = this.calleeText(call);
    // Options: the SDK request object, or the HTTP body; request options and the receiver's construction.
    let opts: Keys;
    let reqOpts: Keys | null = null;
    if (sdk) {
      const first = args.find((a) => this.unwrap(a)?.type === 'ObjectExpression' || a.type === 'Identifier') ?? null;
      // A bare prompt (`generateContent('…')`): the options are all on the receiver.
      const plainPrompt = !first && args.length > 0 && ['Literal', 'TemplateLiteral', 'BinaryExpression'].includes(this.unwrap(args[0] ?? null)?.type ?? '');
      opts = first ? this.keysOf(first, unit) : { map: new Map(), open: !plainPrompt, found: plainPrompt };
      const second = args[args.indexOf(first as N) + 1];
      reqOpts = second ? this.keysOf(second, unit) : null;
      // Agent runs take the agent: its definition carries the model, tools and output type.
      if (sdk.agent) {
        const agent = args.find((a) => a.type === 'Identifier');
        if (agent) {
          const d = this.binding(agent.name as string, call.start, unit);
          const init = this.unwrap(d ? this.initOf(d) : null);
          if (init?.type === 'NewExpression' || init?.type === 'CallExpression') {
            const k = this.keysOf((init.arguments as N[])[0] ?? null, unit);
            for (const [key, v] of k.map) opts.map.set(key, v);
          }
        }
      }
    } else {
      const wrapped = inner ?? call;
      opts = this.requestBody(wrapped, this.unitOf(wrapped)) ?? { map: new Map(), open: true, found: false };
      if (inner) opts.open = true;
      const initArg = (wrapped.arguments as N[])[/^axios\.(post|put)$/.test(this.calleeText(wrapped)) ? 2 : 1];
      reqOpts = initArg ? this.keysOf(initArg, this.unitOf(wrapped)) : { map: new Map(), open: false, found: true };
    }
    const receiver = sdk ? this.receiverKeys(call, unit) : null;
    const all: Keys = { map: new Map([...(receiver?.map ?? []), ...opts.map]), open: opts.open, found: opts.found };
    const kind = endpoint?.kind ?? (/embed/i.test(callee) ? 'embedding' : 'chat');

    const schemaInCall = sdk?.structured === true || this.hasKey(all, /^(responseSchema|response_schema|json_schema|schema|outputType|output_type|experimental_output|output)$/) || this.literalAt(all, 'response_format.type') === 'json_schema' || this.literalAt(all, 'text.format.type') === 'json_schema' || /^zodResponseFormat|^zodTextFormat/.test(this.src(all.map.get('response_format') ?? call, 40)) || IN_CALL.js.test(this.src(call, 4000));
    const jsonMode = !schemaInCall && (this.literalAt(all, 'response_format.type') === 'json_object' || /^application\/json$/.test(String(this.literalAt(all, 'generationConfig.responseMimeType') ?? this.literalAt(all, 'config.responseMimeType') ?? '')) || this.literalAt(all, 'format') === 'json');
    const maxTokens: CallFact['maxTokens'] = this.hasKey(all, MAX_TOKEN_KEYS) ? (this.capFromRequest(all, call, unit) ? 'request' : 'yes') : opts.open || !opts.found || (receiver?.open ?? false) ? 'unknown' : 'no';
    const timeout = this.timeoutOf(call, sdk, reqOpts, all, receiver, unit);
    const toolsNode = all.map.get('tools') ?? all.map.get('functions') ?? null;
    const toolsValue = this.unwrap(toolsNode);
    const tools = !toolsValue ? 0 : toolsValue.type === 'ArrayExpression' ? (toolsValue.elements as N[]).length : toolsValue.type === 'ObjectExpression' ? (toolsValue.properties as N[]).length : 1;
    if (toolsValue) this.offeredTools(toolsNode, all, unit);
    const clientBrowser = this.literalAt(receiver ?? all, 'dangerouslyAllowBrowser') === true;
    const publicKey = this.publicKeyOf(call, receiver, reqOpts, unit);
    const ephemeral = this.ephemeralKey(call, receiver, reqOpts, unit);

    const flow = this.follow(call, unit);
    const handler = unit?.handler ?? true;
    let validation: Grade;
    if (kind !== 'chat') validation = 'shown';
    else if (schemaInCall) validation = 'in-call';
    else if (flow.validated) validation = 'after';
    else if (flow.returned !== 'no' && !handler) validation = 'passed-on';
    else if (jsonMode) validation = 'json-mode';
    else if (flow.parsed) validation = 'json-parse';
    else if (flow.shown || (flow.returned !== 'no' && handler)) validation = 'shown';
    else validation = 'none';
    const returns: Returned = handler || flow.returned === 'no' ? 'no' : schemaInCall ? 'validated' : flow.returned;

    const line = this.lineOf(call.start);
    const data: CallFact = {
      label: sdk ? `${sdk.via}: ${sdk.label}` : `${callee.replace(/^new /, '')} → ${endpoint?.name ?? 'model endpoint'}`,
      route: sdk ? (sdk.agent ? 'agent' : 'sdk') : 'http', via: sdk ? sdk.via : endpoint?.name ?? 'model endpoint', gateway: endpoint?.route === 'gateway', kind,
      fn: unit?.name ?? '', exported: (unit?.exported ?? []).join(','), returns, validation, jsonMode, maxTokens, timeout,
      inputCheck: this.inputChecked(unit), tools, client: this.useClient || clientBrowser || publicKey !== null, parser: 'ast',
      ...(ephemeral ? { ephemeralKey: true } : {}),
    };
    this.out.push(fact('llm-call', this.ctx.file.path, line, this.excerpt(line), data));
    // Structured output constrains the JSON itself: parsing it is not a raw-output sink.
    if (kind === 'chat') for (const s of flow.sinks) if (!(schemaInCall && s.kind === 'json-parse')) this.out.push(fact('llm-sink', this.ctx.file.path, s.line, this.excerpt(s.line), { sink: s.kind, ref: line }));
    if (clientBrowser) this.out.push(fact('llm-exposure', this.ctx.file.path, line, this.excerpt(line), { what: 'browser-client', name: 'dangerouslyAllowBrowser: true' }));
    if (publicKey) this.out.push(fact('llm-exposure', this.ctx.file.path, line, this.excerpt(line), { what: 'public-key', name: publicKey }));
    if (unit?.name && returns !== 'no') this.unitSources.set(unit.name, returns);
    // The model chosen, and what goes into the prompt.
    for (const key of ['model', 'modelName', 'model_name', 'deployment', 'modelId']) {
      const v = all.map.get(key);
      if (v) this.modelIds(v, unit);
    }
    if (kind === 'chat') this.promptFacts(all, unit);
  }

  /** The call authenticates with a variable the bundler ships to browsers (`import.meta.env.VITE_…`, `NEXT_PUBLIC_…`). */
  /** The values a call authenticates with: `apiKey`/`api_key` options and key headers. */
  private keyValues(call: N, receiver: Keys | null, reqOpts: Keys | null, unit: Unit | null): N[] {
    const out: N[] = [];
    for (const k of [receiver, reqOpts]) {
      if (!k) continue;
      for (const n of [k.map.get('apiKey'), k.map.get('api_key')]) if (n) out.push(n);
      const headers = k.map.get('headers');
      if (headers) for (const [name, v] of this.keysOf(headers, unit).map) if (v && /^(authorization|x-api-key|api-key|x-goog-api-key)$/i.test(name)) out.push(v);
    }
    const second = (call.arguments as N[])[1];
    if (!receiver && !reqOpts && second) out.push(second);
    return out;
  }

  private publicKeyOf(call: N, receiver: Keys | null, reqOpts: Keys | null, unit: Unit | null): string | null {
    const env: string[] = [];
    for (const n of this.keyValues(call, receiver, reqOpts, unit)) this.stringOf(n, unit, 0, env);
    return env.find((e) => /^(VITE|NEXT_PUBLIC|EXPO_PUBLIC|REACT_APP|NUXT_PUBLIC|PUBLIC|GATSBY|VUE_APP)_/.test(e)) ?? null;
  }

  /**
   * The call authenticates with a key the server minted for this session (OpenAI
   * Realtime's client secret, an ephemeral token): what browsers are meant to hold.
   */
  private ephemeralKey(call: N, receiver: Keys | null, reqOpts: Keys | null, unit: Unit | null): boolean {
    return this.keyValues(call, receiver, reqOpts, unit).some((n) => this.readsSessionKey(n, unit, 0));
  }

  /** The value is built from a session key read off a server's answer (through templates, `+` and local constants). */
  private readsSessionKey(n: N | null, unit: Unit | null, depth: number): boolean {
    const u = this.unwrap(n);
    if (!u || depth > 3) return false;
    if (u.type === 'TemplateLiteral') return (u.expressions as N[]).some((e) => this.readsSessionKey(e, unit, depth + 1));
    if (u.type === 'BinaryExpression') return this.readsSessionKey(u.left as N, unit, depth + 1) || this.readsSessionKey(u.right as N, unit, depth + 1);
    if (u.type === 'Identifier') {
      const d = this.binding(u.name as string, u.start, unit);
      const init = d ? this.initOf(d) : null;
      return init !== null && this.readsSessionKey(init, unit, depth + 1);
    }
    const text = this.src(u, 300);
    return EPHEMERAL_READ.test(text) && !ENV_READ.test(text);
  }

  private literalAt(keys: Keys, key: string): string | boolean | null {
    const v = this.unwrap(keys.map.get(key) ?? null);
    return v?.type === 'Literal' && (typeof v.value === 'string' || typeof v.value === 'boolean') ? (v.value as string | boolean) : null;
  }

  private timeoutOf(call: N, sdk: CallPattern | null, reqOpts: Keys | null, all: Keys, receiver: Keys | null, unit: Unit | null): Tri {
    const has = (k: Keys | null) => k !== null && this.hasKey(k, /^(timeout|signal|abortSignal|timeoutMs|requestTimeout)$/);
    if (has(reqOpts) || has(all) || has(receiver)) return 'yes';
    // Raced against a timer, or run under a timeout helper.
    for (let p = this.parents.get(call), i = 0; p && i < 6; p = this.parents.get(p), i++) {
      if (p.type === 'CallExpression' && /Promise\.race|withTimeout|timeout\(/i.test(this.calleeText(p))) return 'yes';
    }
    if (sdk) return receiver === null ? 'unknown' : receiver.open ? 'unknown' : 'no';
    if (reqOpts && reqOpts.open) return 'unknown';
    if (!unit) return 'no';
    return 'no';
  }

  private inputChecked(unit: Unit | null): boolean {
    if (!unit) return false;
    const body = this.ctx.text.slice(unit.node.start, Math.min(unit.node.end, unit.node.start + 200_000));
    return /\.length\s*>=?\s*\w|\.slice\(\s*0\s*,|\.substring\(\s*0\s*,|\btruncate\w*\(|\.max\(\s*\d|maxLength|MAX_\w*(CHARS|LENGTH|LEN|TOKENS|INPUT|SIZE)\w*/.test(body);
  }

  private modelIds(v: N, unit: Unit | null): void {
    const values: N[] = [];
    const n = this.unwrap(v);
    if (!n) return;
    if (n.type === 'Identifier') {
      const d = this.binding(n.name as string, n.start, unit);
      const init = d ? this.initOf(d) : null;
      if (init) values.push(init);
    } else values.push(n);
    for (const x of values) {
      const u = this.unwrap(x);
      if (!u) continue;
      const cands = u.type === 'LogicalExpression' || u.type === 'ConditionalExpression' ? [u.left ?? u.consequent, u.right ?? u.alternate] as N[] : [u];
      for (const c of cands) {
        const s = this.stringOf(c, unit);
        if (s && !s.includes('\u0000')) {
          const at = this.lineOf((this.unwrap(c) as N).start);
          this.out.push(fact('llm-model', this.ctx.file.path, at, this.excerpt(at), { model: s.slice(0, 120) }));
        }
      }
    }
  }

  // ───────────── prompts ─────────────

  private promptFacts(all: Keys, unit: Unit | null): void {
    const prompt: N[] = [];
    const system: N[] = [];
    for (const k of ['system', 'instructions', 'systemInstruction', 'config.systemInstruction', 'system_instruction']) {
      const v = all.map.get(k);
      if (v) system.push(v);
    }
    for (const k of ['prompt', 'input', 'contents']) {
      const v = all.map.get(k);
      if (v) prompt.push(v);
    }
    const messages = this.arrayOf(all.map.get('messages') ?? null, unit);
    for (const m of messages) {
      const o = this.unwrap(m);
      if (o?.type !== 'ObjectExpression') { prompt.push(m); continue; }
      const k = this.keysOf(o, unit);
      const role = this.literalAt(k, 'role');
      const content = k.map.get('content');
      if (!content) continue;
      if (role === 'system' || role === 'developer') system.push(content);
      else prompt.push(content);
    }
    for (const n of [...system, ...prompt]) this.secretsIn(n, unit, 0, new Set());
    for (const n of system) this.requestInputIn(n, unit, 0, new Set());
  }

  private arrayOf(node: N | null, unit: Unit | null): N[] {
    const n = this.unwrap(node);
    if (!n) return [];
    if (n.type === 'ArrayExpression') return (n.elements as (N | null)[]).flatMap((e) => (!e ? [] : e.type === 'SpreadElement' ? this.arrayOf(e.argument as N, unit) : [e]));
    if (n.type === 'Identifier') {
      const d = this.binding(n.name as string, n.start, unit);
      const init = d ? this.initOf(d) : null;
      return init ? this.arrayOf(init, unit) : [];
    }
    return [];
  }

  /** Walk a prompt expression (following local bindings) for env secrets and connection strings. */
  private secretsIn(node: N | null, unit: Unit | null, depth: number, seen: Set<N>): void {
    const n = this.unwrap(node);
    if (!n || depth > 4 || seen.has(n)) return;
    seen.add(n);
    const name = n.type === 'MemberExpression' || n.type === 'CallExpression' ? this.envName(n) : null;
    if (name && SECRET_ENV.test(name.toUpperCase())) {
      this.once('llm-prompt-secret', this.lineOf(n.start), name);
      return;
    }
    if (n.type === 'Literal' && typeof n.value === 'string' && CONN_STRING.test(n.value.slice(0, 2000))) {
      this.once('llm-prompt-secret', this.lineOf(n.start), 'connection string');
      return;
    }
    for (const c of this.promptParts(n, unit)) this.secretsIn(c, unit, depth + 1, seen);
  }

  private promptParts(n: N, unit: Unit | null): N[] {
    switch (n.type) {
      case 'TemplateLiteral': return [...(n.quasis as N[]).filter(() => false), ...(n.expressions as N[])];
      case 'BinaryExpression': case 'LogicalExpression': return [n.left as N, n.right as N];
      case 'ConditionalExpression': return [n.consequent as N, n.alternate as N];
      case 'ArrayExpression': return (n.elements as (N | null)[]).filter((e): e is N => e !== null);
      case 'ObjectExpression': return (n.properties as N[]).map((p) => (p.type === 'SpreadElement' ? p.argument : p.value) as N);
      case 'SpreadElement': return [n.argument as N];
      case 'CallExpression': {
        const c = n.callee as N;
        return [...(c.type === 'MemberExpression' ? [c.object as N] : []), ...(n.arguments as N[])];
      }
      case 'MemberExpression': return [];
      case 'Identifier': {
        const d = this.binding(n.name as string, n.start, unit);
        const init = d ? this.initOf(d) : null;
        return init ? [init] : [];
      }
      default: return [];
    }
  }

  /** Request input (a body field, a query parameter) reaching a system message or the instructions. */
  private requestInputIn(node: N | null, unit: Unit | null, depth: number, seen: Set<N>): void {
    const n = this.unwrap(node);
    if (!n || depth > 4 || seen.has(n)) return;
    seen.add(n);
    if (n.type === 'Identifier') {
      const d = this.binding(n.name as string, n.start, unit);
      if (d && this.fromRequest(d, unit, 0)) {
        this.once('llm-injection', this.lineOf(n.start), n.name as string);
        return;
      }
    }
    if (n.type === 'MemberExpression' && REQ_INPUT.test(this.src(n, 120))) {
      this.once('llm-injection', this.lineOf(n.start), this.src(n, 60));
      return;
    }
    for (const c of this.promptParts(n, unit)) this.requestInputIn(c, unit, depth + 1, seen);
  }

  /** Was this declaration filled from the request (directly or through one more local)? */
  private fromRequest(d: N, unit: Unit | null, depth: number): boolean {
    const decl = d.type === 'VariableDeclarator' ? d : this.declaratorOf(d);
    const init = decl?.init as N | undefined;
    if (!init || depth > 3) return false;
    if (REQ_INPUT.test(this.src(init, 200))) return true;
    const u = this.unwrap(init);
    if (u?.type === 'Identifier' || u?.type === 'MemberExpression') {
      let root = u;
      while (root.type === 'MemberExpression') root = root.object as N;
      if (root.type === 'Identifier') {
        const d2 = this.binding(root.name as string, root.start, unit);
        return d2 !== null && d2 !== decl && this.fromRequest(d2, unit, depth + 1);
      }
    }
    return false;
  }

  private declaratorOf(n: N): N | null {
    for (let p: N | undefined = n; p; p = this.parents.get(p)) if (p.type === 'VariableDeclarator') return p;
    return null;
  }

  // ───────────── following an output ─────────────

  private follow(start: N, unit: Unit | null): Flow {
    const flow: Flow = { validated: false, parsed: false, shown: false, stored: false, used: false, returned: 'no', sinks: [] };
    const state = new Map<string, Returned>();
    const queue: { node: N; s: Returned }[] = [{ node: start, s: 'raw' }];
    const done = new Set<N>();
    const bind = (pattern: N | null, s: Returned, after: number) => {
      const names: string[] = [];
      const collect = (p: N | null) => {
        if (!p) return;
        if (p.type === 'Identifier') names.push(p.name as string);
        else if (p.type === 'ObjectPattern') for (const x of p.properties as N[]) collect((x.type === 'RestElement' ? x.argument : x.value) as N);
        else if (p.type === 'ArrayPattern') for (const x of p.elements as (N | null)[]) collect(x);
        else if (p.type === 'AssignmentPattern') collect(p.left as N);
        else if (p.type === 'MemberExpression') { let r = p; while (r.type === 'MemberExpression') r = r.object as N; if (r.type === 'Identifier') names.push(r.name as string); }
      };
      collect(pattern);
      const lo = unit ? unit.node.start : 0;
      const hi = unit ? unit.node.end : this.ctx.text.length;
      for (const name of names) {
        state.set(name, s);
        for (const id of this.idents.get(name) ?? []) {
          if (id.start < after || id.start < lo || id.end > hi || done.has(id) || !this.isReference(id)) continue;
          queue.push({ node: id, s });
        }
      }
    };
    const markReturn = (at: N, s: Returned) => {
      const fn = this.enclosingFunction(at);
      if (unit && fn === unit.node) {
        if (flow.returned === 'no' || s === 'raw') flow.returned = s;
        return null;
      }
      // Returned from an inline callback: the value flows into the call that took the callback.
      const p = fn ? this.parents.get(fn) : undefined;
      return p && (p.type === 'CallExpression' || p.type === 'NewExpression') ? p : null;
    };
    for (let guard = 0; queue.length > 0 && guard < 2000; guard++) {
      const { node, s: s0 } = queue.shift() as { node: N; s: Returned };
      if (done.has(node)) continue;
      done.add(node);
      let cur = node;
      let s = s0;
      for (let steps = 0; steps < 60; steps++) {
        const p = this.parents.get(cur);
        if (!p) break;
        if (TRANSPARENT.has(p.type) || (p.type === 'ConditionalExpression' && p.test !== cur) || (p.type === 'Property' && p.value === cur) || (p.type === 'MemberExpression' && p.object === cur)) { cur = p; continue; }
        if ((p.type === 'CallExpression' || p.type === 'NewExpression') && p.callee === cur) {
          const method = p.callee.type === 'MemberExpression' && p.callee.property?.type === 'Identifier' ? (p.callee.property.name as string) : '';
          if (method === 'push' || method === 'unshift' || method === 'set' || method === 'add') { flow.used = true; break; }
          cur = p;
          continue;
        }
        if (p.type === 'CallExpression' || p.type === 'NewExpression') {
          const verdict = this.atCall(p, cur, s, flow, unit, bind);
          if (verdict === 'stop') break;
          if (verdict === 'validated') { s = 'validated'; flow.validated = true; }
          else if (verdict === 'parsed') { if (s !== 'validated') s = 'parsed'; flow.parsed = true; }
          cur = p;
          continue;
        }
        if (p.type === 'VariableDeclarator') { if (p.init === cur) bind(p.id as N, s, p.end); break; }
        if (p.type === 'AssignmentExpression') {
          if (p.right === cur) {
            const left = this.src(p.left as N, 80);
            if (/\.(innerHTML|outerHTML)$/.test(left)) this.sink(flow, p, 'html', s);
            else if (/^(ctx|context)\.body$|\.body$/.test(left)) flow.shown = true;
            else bind(p.left as N, s, p.end);
          }
          break;
        }
        if (p.type === 'ReturnStatement') {
          const into = markReturn(p, s);
          if (into) { cur = into; continue; }
          break;
        }
        if (p.type === 'ArrowFunctionExpression' && p.body === cur) {
          if (unit && p === unit.node) { if (flow.returned === 'no' || s === 'raw') flow.returned = s; break; }
          const into = this.parents.get(p);
          if (into && (into.type === 'CallExpression' || into.type === 'NewExpression')) { cur = into; continue; }
          break;
        }
        if (p.type === 'ForOfStatement' && p.right === cur) {
          const left = p.left as N;
          bind(left.type === 'VariableDeclaration' ? ((left.declarations as N[])[0]?.id as N) : left, s, p.left.end);
          break;
        }
        if (p.type === 'JSXAttribute') {
          if (p.name?.name === 'dangerouslySetInnerHTML') this.sink(flow, p, 'html', s);
          else flow.shown = true;
          break;
        }
        if (p.type === 'JSXElement' || p.type === 'JSXFragment') { flow.shown = true; break; }
        if (p.type !== 'ExpressionStatement') flow.used = true;
        break;
      }
    }
    // JSON parsed and then schema-validated is the validated path.
    if (flow.validated) flow.sinks = flow.sinks.filter((x) => x.kind !== 'json-parse');
    return flow;
  }

  private isReference(id: N): boolean {
    const p = this.parents.get(id);
    if (!p) return false;
    if (p.type === 'MemberExpression' && p.property === id && !p.computed) return false;
    if ((p.type === 'Property' || p.type === 'MethodDefinition' || p.type === 'PropertyDefinition') && p.key === id && !p.computed && !p.shorthand) return false;
    if (p.type === 'VariableDeclarator' && p.id === id) return false;
    if (FUNCTION.has(p.type) && p.id === id) return false;
    if (p.type === 'ImportSpecifier' || p.type === 'ImportDefaultSpecifier' || p.type === 'LabeledStatement') return false;
    return true;
  }

  private sink(flow: Flow, at: N, kind: SinkKind, s: Returned): void {
    if (s === 'validated' && kind === 'json-parse') return;
    flow.sinks.push({ line: this.lineOf(at.start), kind });
  }

  /** What a call does with an output passed to it as an argument. */
  private atCall(call: N, arg: N, s: Returned, flow: Flow, unit: Unit | null, bind: (p: N | null, s: Returned, after: number) => void): 'stop' | 'validated' | 'parsed' | 'derived' {
    const callee = this.calleeText(call);
    const first = (call.arguments as N[])[0] === arg;
    if (callee === 'JSON.parse') { this.sink(flow, call, 'json-parse', s); return 'parsed'; }
    if (VALIDATOR.test(callee)) return 'validated';
    if (/sanitiz|purify|escape/i.test(callee)) return 'stop';
    if (/^(eval|new Function|Function)$|^vm\.run/.test(callee)) { this.sink(flow, call, 'eval', s); return 'stop'; }
    if (first && SQL_CALLEE.test(callee) && !/^(JSON|Promise|RegExp|\w+\.(from|rpc))/.test(callee)) {
      const a = this.unwrap(arg);
      if (a && (a.type === 'Identifier' || a.type === 'TemplateLiteral' || a.type === 'BinaryExpression' || a.type === 'MemberExpression')) { this.sink(flow, call, 'sql', s); return 'stop'; }
    }
    if (first && (SHELL_CALLEE.test(callee) || callee === 'new Deno.Command')) { this.sink(flow, call, 'shell', s); return 'stop'; }
    if (/^document\.write(ln)?$|\.insertAdjacentHTML$/.test(callee)) { this.sink(flow, call, 'html', s); return 'stop'; }
    if (SHOWN_CALLEE.test(callee.replace(/^new /, '')) || callee === 'new Response') { flow.shown = true; return 'stop'; }
    if (/^(console|logger|log|Sentry)\./.test(callee)) return 'stop';
    // A React state setter: the value is rendered.
    if (/^set[A-Z]\w*$/.test(callee)) { flow.shown = true; return 'stop'; }
    if (STORED_CALLEE.test(callee)) { flow.stored = true; flow.used = true; return 'stop'; }
    if (TRANSFORMS.test(callee)) return 'derived';
    const c = call.callee as N;
    // A local helper: judged by what it does (a JSON.parse in it, or a schema parse).
    if (c.type === 'Identifier') {
      const d = this.decls.get(c.name as string)?.[0];
      const fnNode = this.unwrap(d ? this.initOf(d) : null) ?? [...this.units.values()].find((u) => u.name === c.name && u.node.type === 'FunctionDeclaration')?.node ?? null;
      if (fnNode && FUNCTION.has(fnNode.type)) {
        const body = this.src(fnNode, 100_000);
        if (/\b(?!JSON\b)[A-Z]\w*\.(safeParse|parse)\(|[sS]chema\.(safeParse|parse|validate)\(/.test(body)) return 'validated';
        if (/\bJSON\.parse\(/.test(body)) { this.sink(flow, call, 'json-parse', s); return 'parsed'; }
        if (/sanitiz|purify|escape/i.test(c.name as string)) return 'stop';
        return 'derived';
      }
      if (/json|parse|clean|strip|extract|normali[sz]e|format|trim/i.test(c.name as string)) {
        if (/json|parse/i.test(c.name as string)) { this.sink(flow, call, 'json-parse', s); return 'parsed'; }
        return 'derived';
      }
    }
    if (c.type === 'MemberExpression' && c.object?.type === 'Identifier' && /^(push|unshift)$/.test(c.property?.name ?? '')) {
      bind(c.object as N, s, call.end);
      return 'stop';
    }
    flow.used = true;
    void unit;
    return 'stop';
  }

  // ───────────── helpers across files ─────────────

  /** Calls of imported functions (and of this file's model-output functions), with what happens to the result. */
  private helperUses(): void {
    // This file's own functions that return model output, to a fixpoint (a helper calling a helper).
    const local = new Map<string, Unit>();
    for (const u of this.units.values()) if (u.name && u.node.type !== 'ArrowFunctionExpression' || (u.name && this.parents.get(u.node)?.type === 'VariableDeclarator')) local.set(u.name, u);
    const uses: { call: N; module: string; name: string; unit: Unit | null }[] = [];
    for (const call of this.calls) {
      if (call.type !== 'CallExpression') continue;
      const c = call.callee as N;
      let module = '';
      let name = '';
      if (c.type === 'Identifier') {
        const imp = this.imports.get(c.name as string);
        if (imp && /^[.@~#/]|^https?:/.test(imp.module) && imp.imported !== '*') { module = imp.module; name = imp.imported; }
        else if (!imp && local.has(c.name as string)) name = c.name as string;
      } else if (c.type === 'MemberExpression' && c.object?.type === 'Identifier' && c.property?.type === 'Identifier') {
        const imp = this.imports.get(c.object.name as string);
        if (imp && imp.imported === '*' && /^[.@~#/]/.test(imp.module)) { module = imp.module; name = c.property.name as string; }
      }
      if (!name || this.wrappers.has(name)) continue;
      const p = this.parents.get(call);
      // Only results that are kept: awaited, returned, assigned or passed on.
      if (!p || p.type === 'ExpressionStatement') continue;
      uses.push({ call, module, name, unit: this.unitOf(call) });
    }
    // Same-file: only functions known to return model output count; iterate for chains.
    const flows = new Map<N, Flow>();
    const flowOf = (u: { call: N; unit: Unit | null }) => {
      let f = flows.get(u.call);
      if (!f) { f = this.follow(u.call, u.unit); flows.set(u.call, f); }
      return f;
    };
    for (let round = 0; round < 4; round++) {
      let grew = false;
      for (const u of uses) {
        if (u.module || !this.unitSources.has(u.name) || !u.unit?.name || u.unit.handler) continue;
        const f = flowOf(u);
        if (f.returned !== 'no' && !f.validated && !this.unitSources.has(u.unit.name)) { this.unitSources.set(u.unit.name, f.returned); grew = true; }
      }
      if (!grew) break;
    }
    for (const u of uses) {
      if (!u.module && !this.unitSources.has(u.name)) continue;
      const f = flowOf(u);
      const handler = u.unit?.handler ?? true;
      let validation: Grade;
      if (f.validated) validation = 'after';
      else if (f.returned !== 'no' && !handler) validation = 'passed-on';
      else if (f.parsed) validation = 'json-parse';
      else if (f.shown || (f.returned !== 'no' && handler)) validation = 'shown';
      else validation = 'none';
      const line = this.lineOf(u.call.start);
      const data: UseFact = {
        module: u.module, name: u.name, fn: u.unit?.name ?? '', exported: (u.unit?.exported ?? []).join(','),
        returns: handler || f.returned === 'no' ? 'no' : f.validated ? 'validated' : f.returned, validation, inputCheck: this.inputChecked(u.unit), parser: 'ast',
      };
      this.out.push(fact('llm-use', this.ctx.file.path, line, this.excerpt(line), data));
      for (const s of f.sinks) this.out.push(fact('llm-sink', this.ctx.file.path, s.line, this.excerpt(s.line), { sink: s.kind, ref: line }));
    }
  }

  // ───────────── tools ─────────────

  private tools(): void {
    for (const call of this.calls) {
      const callee = this.calleeText(call).replace(/^new /, '');
      const factory = call.type === 'CallExpression' && TOOL_FACTORY.test(callee);
      const klass = call.type === 'NewExpression' && TOOL_CLASS.test(callee);
      if (!factory && !klass) continue;
      // `.tool(` on anything is too broad without a model library or MCP server in the file.
      if (/\.(tool|registerTool)$/.test(callee) && !/McpServer|@modelcontextprotocol|mcp/i.test(this.ctx.text.slice(0, 20_000))) continue;
      if (callee === 'tool' && !this.ctx.sdkImported && !/@modelcontextprotocol|@openai\/agents|["']ai["']|langchain|@mastra/.test(this.ctx.text)) continue;
      const args = call.arguments as N[];
      let fn: N | null = null;
      let name = '';
      let gated = false;
      const serverTool = /\.(tool|registerTool)$/.test(callee);
      if (serverTool) {
        // `server.registerTool(name, config, handler)` inside a helper that registers whatever it is given: not a tool itself.
        const first = this.stringOf(args[0] ?? null, this.unitOf(call));
        if (first === null || first.includes('\u0000')) continue;
        name = first;
      }
      for (const a of args) {
        const u = this.unwrap(a);
        if (!u) continue;
        if (FUNCTION.has(u.type)) fn = u;
        else if (u.type === 'Identifier' && serverTool && a !== args[0]) fn ??= this.functionValue(u);
        else if (u.type === 'Literal' && typeof u.value === 'string' && !name) name = u.value;
        // A handler wrapped for auth or logging (`readOnlyHandler((input) => …)`): the function inside runs.
        else if (u.type === 'CallExpression' && !fn) fn = (u.arguments as N[]).map((x) => this.unwrap(x)).find((x): x is N => !!x && FUNCTION.has(x.type)) ?? null;
        else if (u.type === 'ObjectExpression') {
          const k = this.keysOf(u, null);
          const n = this.literalAt(k, 'name');
          if (typeof n === 'string') name = n;
          for (const key of k.map.keys()) if (APPROVAL_FLAG.test(key) && this.literalAt(k, key) !== false) gated = true;
          for (const key of ['execute', 'func', 'handler', 'invoke', 'call', 'run']) {
            const v = this.unwrap(k.map.get(key) ?? null);
            if (v && FUNCTION.has(v.type)) fn = v;
          }
        }
      }
      if (!name) {
        const p = this.parents.get(call);
        if (p?.type === 'VariableDeclarator' && p.id?.type === 'Identifier') name = p.id.name as string;
        else if (p?.type === 'Property' && p.key?.type === 'Identifier') name = p.key.name as string;
      }
      name ||= '(unnamed)';
      const runsAt = fn ? this.lineOf(fn.start) : 0;
      const fromCode = fn ? this.runsOf(fn, [fn], this.paramNames(fn)) : 'none';
      // An MCP server's tools run when its host's model calls them, and the host asks the user first.
      const mcp = serverTool || (callee === 'defineTool' && /(^|\/)mcp\b|@modelcontextprotocol/i.test(`${this.ctx.file.path}\n${this.ctx.text.slice(0, 20_000)}`));
      this.tool(this.lineOf(call.start), { name, ...judgeTool(name, fromCode, runsAt), gated, runsAt, mcp });
    }
  }

  private tool(line: number, data: ToolFact): void {
    this.out.push(fact('llm-tool', this.ctx.file.path, line, this.excerpt(line), data));
  }

  /** A node's value, following local constants (`tools` → `const tools = [...]`). */
  private valueOf(node: N | null, unit: Unit | null, depth = 0): N | null {
    const n = this.unwrap(node);
    if (!n || depth > 4) return null;
    if (n.type === 'MemberExpression') {
      // `tools[0].functionDeclarations`: into a literal array or object.
      const obj = this.valueOf(n.object as N, unit, depth + 1);
      const key = n.computed ? (n.property as N).value : (n.property as N).name;
      if (obj?.type === 'ArrayExpression' && typeof key === 'number') return this.valueOf((obj.elements as (N | null)[])[key] ?? null, unit, depth + 1);
      if (obj?.type === 'ObjectExpression' && typeof key === 'string') {
        const p = (obj.properties as N[]).find((x) => x.type === 'Property' && ((x.key as N).name === key || (x.key as N).value === key));
        return p ? this.valueOf(p.value as N, unit, depth + 1) : null;
      }
      return null;
    }
    if (n.type !== 'Identifier') return n;
    const d = this.binding(n.name as string, n.start, unit);
    const init = d ? this.initOf(d) : null;
    return init ? this.valueOf(init, unit, depth + 1) : null;
  }

  /**
   * Function tools offered in a request (`tools: [{ type: 'function', function: { name } }]`,
   * Gemini `functionDeclarations`), with what the branches of this file that run them do:
   * a `case 'name':`, an `=== 'name'` test, or a handler map entry. A tool nobody here
   * dispatches is still one the model can call (runsAt 0). A forced tool choice is
   * structured output, not a tool.
   */
  private offeredTools(toolsNode: N | null, all: Keys, unit: Unit | null): void {
    const choice = this.valueOf(all.map.get('tool_choice') ?? all.map.get('toolChoice') ?? all.map.get('function_call') ?? null, unit);
    if (choice?.type === 'ObjectExpression') return;
    const list = this.valueOf(toolsNode, unit);
    if (list?.type !== 'ArrayExpression') return;
    const direct = (list.elements as (N | null)[]).filter((e): e is N => e !== null && e.type !== 'SpreadElement');
    // Gemini groups declarations: `tools: [{ functionDeclarations: [{ name, … }] }]`.
    const elements = direct.flatMap((e) => {
      const o = this.valueOf(e, unit);
      const decls = o?.type === 'ObjectExpression' ? this.valueOf(this.keysOf(o, unit).map.get('functionDeclarations') ?? this.keysOf(o, unit).map.get('function_declarations') ?? null, unit) : null;
      return decls?.type === 'ArrayExpression' ? (decls.elements as (N | null)[]).filter((x): x is N => x !== null && x.type !== 'SpreadElement') : [e];
    });
    if (elements.length === 1 && choice?.type === 'Literal' && /^(required|any)$/.test(String(choice.value))) return;
    for (const el of elements) {
      const obj = this.valueOf(el, unit);
      if (obj?.type !== 'ObjectExpression') continue;
      const keys = this.keysOf(obj, unit);
      const name = this.literalAt(keys, 'function.name') ?? this.literalAt(keys, 'name');
      if (typeof name !== 'string' || !/^[\w-]{1,64}$/.test(name) || this.emitted.has(`tool:${name}`)) continue;
      this.emitted.add(`tool:${name}`);
      const branches = this.dispatchesOf(name);
      const runsAt = branches[0] ? this.lineOf(branches[0].at.start) : 0;
      const fromCode = branches.map((b) => this.branchRuns(b)).reduce(wider, 'none' as ToolRuns);
      const gated = branches.some((b) => this.asksFirst(b.body));
      const line = this.lineOf((keys.map.get('function.name') ?? keys.map.get('name') ?? obj).start);
      this.tool(line, { name, ...judgeTool(name, fromCode, runsAt), gated, runsAt, mcp: false });
    }
  }

  private literalIndex: Map<string, N[]> | null = null;

  /** String literals of this file with this value (indexed on first use: only files that offer tools pay). */
  private literalsOf(value: string): readonly N[] {
    if (!this.literalIndex) {
      this.literalIndex = new Map();
      for (const n of this.parents.keys()) {
        if (n.type !== 'Literal' || typeof n.value !== 'string' || n.value.length > 64) continue;
        const list = this.literalIndex.get(n.value);
        if (list) list.push(n);
        else this.literalIndex.set(n.value, [n]);
      }
    }
    return this.literalIndex.get(value) ?? [];
  }

  /**
   * The branches of this file that run tool `name`, in source order: each branch is exactly
   * its case (up to the next case with a body), its `if`'s consequent or its handler, so
   * one branch never reads into the next, whichever form that takes.
   */
  private dispatchesOf(name: string): Branch[] {
    const out: Branch[] = [];
    for (const n of [...this.literalsOf(name), ...(this.idents.get(name) ?? [])]) {
      const p = this.parents.get(n);
      if (p?.type === 'SwitchCase' && p.test === n) {
        const sw = this.parents.get(p);
        const cases = (sw?.cases ?? []) as N[];
        // `case 'a': case 'b': …` falls through to the first case with a body.
        let i = cases.indexOf(p);
        while (i >= 0 && i < cases.length && (cases[i]?.consequent as N[]).length === 0) i++;
        const body = (cases[i]?.consequent ?? []) as N[];
        if (sw && body.length > 0) out.push({ at: n, body, compared: sw.discriminant as N, fn: null });
      } else if (p?.type === 'BinaryExpression' && (p.operator === '===' || p.operator === '==')) {
        let t: N = p;
        let q = this.parents.get(t);
        while (q && (q.type === 'LogicalExpression' || q.type === 'ParenthesizedExpression')) { t = q; q = this.parents.get(q); }
        if ((q?.type === 'IfStatement' || q?.type === 'ConditionalExpression') && q.test === t) out.push({ at: n, body: [q.consequent as N], compared: (p.left === n ? p.right : p.left) as N, fn: null });
      } else if (p?.type === 'Property' && p.key === n && !p.computed) {
        const fn = this.functionValue(p.value as N);
        if (fn) out.push({ at: n, body: [fn], compared: null, fn });
      }
    }
    return out.sort((a, b) => a.at.start - b.at.start);
  }

  /** A function written here or named here (`{ delete_note: deleteNote }`). */
  private functionValue(node: N | null): N | null {
    const v = this.unwrap(node);
    if (!v) return null;
    if (FUNCTION.has(v.type)) return v;
    if (v.type !== 'Identifier') return null;
    // A declaration or a function bound to a constant, not an arrow that only sits in a property of that name.
    for (const u of this.units.values()) if (u.name === v.name && (u.node.type !== 'ArrowFunctionExpression' || this.parents.get(u.node)?.type === 'VariableDeclarator')) return u.node;
    return null;
  }

  /**
   * What a dispatch branch does with the model's arguments. A handler gets them as its
   * parameters; a branch on a parameter (`executeTool(name, args)`) gets the other
   * parameters; a branch on the call itself (`toolCall.function.name`) gets whatever
   * is read from that call (`JSON.parse(toolCall.function.arguments)`).
   */
  private branchRuns(b: Branch): ToolRuns {
    if (b.fn) return this.runsOf(b.fn, b.body, this.paramNames(b.fn));
    const scope = this.enclosingFunction(b.at);
    const seeds = new Set<string>();
    const c = this.unwrap(b.compared);
    const params = scope ? this.paramNames(scope) : new Set<string>();
    if (c?.type === 'Identifier' && params.has(c.name as string)) {
      for (const p of params) if (p !== c.name) seeds.add(p);
    } else {
      let root: N | null = c;
      if (c?.type === 'Identifier') {
        const d = this.binding(c.name as string, c.start, scope ? (this.units.get(scope) ?? null) : null);
        const pattern = d?.type === 'Property' ? this.parents.get(d) : null;
        if (pattern?.type === 'ObjectPattern') {
          // `const { name, arguments: args } = call`: the other names come from the same call.
          for (const p of pattern.properties as N[]) {
            const v = this.unwrap((p.type === 'RestElement' ? p.argument : p.value) as N);
            const id = v?.type === 'AssignmentPattern' ? (v.left as N) : v;
            if (id?.type === 'Identifier' && id.name !== c.name) seeds.add(id.name as string);
          }
          const decl = this.parents.get(pattern);
          root = decl?.type === 'VariableDeclarator' ? this.unwrap(decl.init as N) : null;
        } else root = d ? this.unwrap(this.initOf(d)) : null;
      }
      while (root?.type === 'MemberExpression') root = this.unwrap(root.object as N);
      if (root?.type === 'Identifier') seeds.add(root.name as string);
    }
    return this.runsOf(scope, b.body, seeds);
  }

  private paramNames(fn: N): Set<string> {
    const names = new Set<string>();
    const collect = (p: N | null) => {
      if (!p) return;
      if (p.type === 'Identifier') names.add(p.name as string);
      else if (p.type === 'ObjectPattern') for (const x of p.properties as N[]) collect((x.type === 'RestElement' ? x.argument : x.value) as N);
      else if (p.type === 'AssignmentPattern') collect(p.left as N);
      else if (p.type === 'TSParameterProperty') collect(p.parameter as N);
    };
    for (const p of (fn.params ?? []) as N[]) collect(p);
    return names;
  }

  /**
   * What code in `body` does with values derived from `seeds` (followed through the
   * declarations of `scope`, or of the file at top level): the widest reach found.
   */
  private runsOf(scope: N | null, body: readonly N[], seeds: ReadonlySet<string>): ToolRuns {
    if (seeds.size === 0) return 'none';
    const re = this.derived(scope, seeds);
    const mentions = (n: N | null | undefined) => !!n && re.test(this.src(n, 300));
    let found: ToolRuns = 'none';
    for (const call of this.calls) {
      if (!body.some((b) => call.start >= b.start && call.end <= b.end)) continue;
      found = wider(found, this.callRuns(call, mentions, seeds));
    }
    return found;
  }

  private readonly derivedCache = new Map<string, RegExp>();

  /**
   * Names holding the model's arguments in `scope`: the seeds and locals built from them
   * (`const q = args.query`, `const sql = q.trim()`), a few rounds. Every case of one
   * dispatcher shares the answer.
   */
  private derived(scope: N | null, seeds: ReadonlySet<string>): RegExp {
    const lo = scope?.start ?? 0;
    const hi = scope?.end ?? this.ctx.text.length;
    const key = `${lo}:${hi}:${[...seeds].sort().join(',')}`;
    const hit = this.derivedCache.get(key);
    if (hit) return hit;
    const names = new Set(seeds);
    const local = [...this.decls].filter(([name, list]) => !names.has(name) && list.some((d) => d.type === 'VariableDeclarator' && d.start >= lo && d.end <= hi));
    let re = wordsRe(names);
    for (let round = 0; round < 3; round++) {
      let grew = false;
      for (const [name, list] of local) {
        if (names.has(name)) continue;
        if (list.some((d) => d.type === 'VariableDeclarator' && d.start >= lo && d.end <= hi && re.test(this.src((d.init as N) ?? d, 300)))) { names.add(name); grew = true; }
      }
      if (!grew) break;
      re = wordsRe(names);
    }
    this.derivedCache.set(key, re);
    return re;
  }

  /** What one call does with the model's arguments. */
  private callRuns(call: N, mentions: (n: N | null | undefined) => boolean, seeds: ReadonlySet<string>): ToolRuns {
    const callee = this.calleeText(call);
    const args = call.arguments as N[];
    const first = this.unwrap(args[0] ?? null);
    // A database function that runs the SQL it is given: `supabase.rpc('exec_sql', { sql })`.
    if (/(^|\.)rpc$/.test(callee) && first?.type === 'Literal' && /sql|query|exec/i.test(String(first.value)) && args.slice(1).some(mentions)) return 'sql';
    if (!mentions(first)) return 'none';
    if (CODE_CALLEE.test(callee)) return 'code';
    if (SQL_CALLEE.test(callee) && !/^(JSON|Promise|RegExp)/.test(callee) && first?.type !== 'Literal') return 'sql';
    if (SHELL_CALLEE.test(callee) || callee === 'new Deno.Command') return 'shell';
    if (HTTP_CALLEE.test(callee) && this.hostChosen(first, mentions, seeds)) return 'http';
    return 'none';
  }

  /** The model chooses where a request goes, not only a path or query under a fixed host. */
  private hostChosen(node: N | null, mentions: (n: N | null | undefined) => boolean, seeds: ReadonlySet<string>, depth = 0): boolean {
    const a = this.unwrap(node);
    if (!a || depth > 3) return false;
    if (a.type === 'TemplateLiteral') {
      const head = ((a.quasis as N[])[0]?.value?.cooked as string | undefined) ?? '';
      return head.trim() === '' && this.hostChosen((a.expressions as N[])[0] ?? null, mentions, seeds, depth + 1);
    }
    if (a.type === 'BinaryExpression') return this.hostChosen(a.left as N, mentions, seeds, depth + 1);
    if (a.type === 'NewExpression' && this.calleeText(a) === 'new URL') return this.hostChosen((a.arguments as N[])[0] ?? null, mentions, seeds, depth + 1);
    if (a.type === 'Identifier' && !seeds.has(a.name as string)) {
      // A local built from the arguments: judge how it was built.
      const d = this.binding(a.name as string, a.start, this.unitOf(a));
      const init = d ? this.initOf(d) : null;
      if (init) return this.hostChosen(init, mentions, seeds, depth + 1);
    }
    return mentions(a);
  }

  /** A branch that asks a person first: an identifier such as `confirmationLink`, `hasUserConfirmation`, `requireApproval`. */
  private asksFirst(body: readonly N[]): boolean {
    this.askIdents ??= [...this.idents].filter(([name]) => ASKS_FIRST.test(name)).flatMap(([, list]) => list);
    return this.askIdents.some((n) => body.some((b) => n.start >= b.start && n.end <= b.end));
  }

  private askIdents: N[] | null = null;

  /** Prompt facts: one per place, however many calls share the prompt. */
  private once(kind: 'llm-prompt-secret' | 'llm-injection', line: number, name: string): void {
    const key = `${kind}:${line}:${name}`;
    if (this.emitted.has(key)) return;
    this.emitted.add(key);
    this.out.push(fact(kind, this.ctx.file.path, line, this.excerpt(line), kind === 'llm-injection' ? { input: name } : { name }));
  }

  private excerpt(line: number): string {
    return excerptOf(this.ctx.lines[line - 1], this.ctx.file);
  }
}

/** Public-prefixed env names that hold a model key: shipped into every browser bundle. */
const PUBLIC_ENV = /\b(?:VITE|NEXT_PUBLIC|EXPO_PUBLIC|REACT_APP|NUXT_PUBLIC|PUBLIC|GATSBY|VUE_APP)_([A-Z0-9_]{2,80})\b/g;

export function publicKeyRefs(file: FileEntry, text: string, lines: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(PUBLIC_ENV)) {
    const full = m[0];
    if (seen.has(full) || !envNamesModelKey(m[1] as string)) continue;
    seen.add(full);
    const at = lineLocator(text)(m.index ?? 0);
    out.push(fact('llm-exposure', file.path, at, excerptOf(lines[at - 1], file), { what: 'public-key', name: full }));
    if (seen.size > 20) break;
  }
  return out;
}
