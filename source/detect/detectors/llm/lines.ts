import type { Finding } from '../../types.js';
import { excerptOf, type SourceView } from '../usage/detector.js';
import { mask } from '../usage/mask.js';
import { blockMap, enclosingRegion, type Region } from '../usage/regions.js';
import { envNamesModelEndpoint, matchEndpoint, type Endpoint } from './endpoints.js';
import { fact, type CallFact, type Grade, type Returned, type SinkKind, type ToolRuns, type Tri, type UseFact } from './facts.js';
import { capFromRequest } from './request-cap.js';
import { APPROVAL_FLAG_SET, judgeTool } from './tool-markers.js';
import { AFTER, IN_CALL, JSON_MODE, MAX_TOKENS_RE, SANITISER, SDK_CALLS, TIMEOUT_RE, TOOL_SCHEMA, type CallPattern, type SrcLang } from './sdk-calls.js';

/**
 * The line path: model calls found line by line over comment-masked text, with the
 * enclosing function found by a brace/indent heuristic and output followed through
 * assignments within it. It serves Python, Go, Java and Kotlin, and JS/TS when the
 * parser is unavailable for a file. Python also gets helper facts across files
 * (module-level functions returning model output, and calls of imported names).
 */

interface Sink { kind: SinkKind; langs: readonly SrcLang[]; test(line: string, t: string): boolean }

// Taint sets repeat line after line: compile each alternation once.
const taintRes = new Map<string, RegExp>();
function taintRe(t: string): RegExp {
  let re = taintRes.get(t);
  if (!re) {
    if (taintRes.size > 256) taintRes.clear();
    re = new RegExp(`\\b(${t})\\b`);
    taintRes.set(t, re);
  }
  return re;
}
/** Expressions that are model output whatever variable holds them. */
const OUTPUT_ACCESSOR = /\.choices\[0\]\.message(\.content)?\b|\.content\[0\]\.text\b|\.output_text\b|\.final_output\b|\.Choices\[0\]\.Message\.Content\b|\.Content\[0\]\.Text\b/;
// Plain string literals ("reports/answer.html") are not data flow; f-strings and template literals are.
const PLAIN_STRING = /(?<![fFrRbB\w])(["'])(?:\\.|(?!\1)[^\\])*\1/g;
const mentions = (line: string, t: string) => {
  const code = line.slice(0, 2000).replace(PLAIN_STRING, '""');
  return taintRe(t).test(code) || OUTPUT_ACCESSOR.test(code);
};
const JVM: SrcLang[] = ['java', 'kotlin'];
const SINKS: Sink[] = [
  { kind: 'json-parse', langs: ['js'], test: (l, t) => /\bJSON\.parse\(/.test(l) && mentions(l, t) },
  { kind: 'json-parse', langs: ['py'], test: (l, t) => /\bjson\.loads?\(/.test(l) && mentions(l, t) },
  { kind: 'json-parse', langs: ['go'], test: (l, t) => /\bjson\.Unmarshal\(/.test(l) && mentions(l, t) },
  { kind: 'json-parse', langs: JVM, test: (l, t) => /\.(readValue|readTree|fromJson|decodeFromString)\(/.test(l) && mentions(l, t) },
  { kind: 'eval', langs: ['js'], test: (l, t) => /(?<![\w.])eval\(|new Function\(|\bvm\.run\w*\(/.test(l) && mentions(l, t) },
  { kind: 'eval', langs: ['py'], test: (l, t) => /(?<![\w.])(eval|exec)\(/.test(l) && mentions(l, t) },
  { kind: 'eval', langs: JVM, test: (l, t) => /ScriptEngine.*\.eval\(|\.eval\(/.test(l) && mentions(l, t) },
  { kind: 'sql', langs: ['js'], test: (l, t) => new RegExp(`\\.(query|execute|raw|\\$queryRawUnsafe|\\$executeRawUnsafe|unsafe)\\(\\s*(\`[^\`]*\\$\\{[^}]*\\b(${t})\\b|["'][^"']*["']\\s*\\+\\s*(${t})\\b|(${t})\\s*[,)])`).test(l) || (/\b(SELECT|INSERT|UPDATE|DELETE)\b/i.test(l) && new RegExp(`\\$\\{[^}]*\\b(${t})\\b`).test(l) && /`/.test(l)) },
  { kind: 'sql', langs: ['py'], test: (l, t) => new RegExp(`\\.(execute|executemany|executescript|raw)\\(\\s*(f["'].*\\{[^}]*\\b(${t})\\b|["'][^"']*["']\\s*(%|\\.format\\().*\\b(${t})\\b|(${t})\\s*[,)])`).test(l) || new RegExp(`\\btext\\(\\s*f["'].*\\{[^}]*\\b(${t})\\b`).test(l) || (/\b(SELECT|INSERT|UPDATE|DELETE)\b/.test(l) && new RegExp(`f["'].*\\{[^}]*\\b(${t})\\b`).test(l)) },
  { kind: 'sql', langs: ['go'], test: (l, t) => new RegExp(`\\.(Query|QueryRow|Exec)(Context)?\\(.*(Sprintf|\\+\\s*(${t})\\b)`).test(l) && mentions(l, t) || (/Sprintf\(\s*"\s*(SELECT|INSERT|UPDATE|DELETE)/i.test(l) && mentions(l, t)) },
  { kind: 'sql', langs: JVM, test: (l, t) => /\.(executeQuery|executeUpdate|execute|createQuery|createNativeQuery|queryForList|update)\(.*\+/.test(l) && mentions(l, t) },
  { kind: 'shell', langs: ['js'], test: (l, t) => /\b(execSync|spawnSync)\(|(?<![\w.])exec\(|child_process\.\w+\(|\bexeca(Command)?\(|shell\s*:\s*true/.test(l) && mentions(l, t) },
  { kind: 'shell', langs: ['py'], test: (l, t) => (/\bos\.(system|popen)\(|\bsubprocess\.\w+\(.*shell\s*=\s*True|\bcommands\.getoutput\(/.test(l)) && mentions(l, t) },
  { kind: 'shell', langs: ['go'], test: (l, t) => /exec\.Command(Context)?\(\s*(ctx\s*,\s*)?"(sh|bash|\/bin\/sh|\/bin\/bash|cmd)"/.test(l) && mentions(l, t) },
  { kind: 'shell', langs: JVM, test: (l, t) => /Runtime\.getRuntime\(\)\.exec\(|new ProcessBuilder\(/.test(l) && mentions(l, t) },
  { kind: 'html', langs: ['js'], test: (l, t) => /dangerouslySetInnerHTML|\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML\(|document\.write\(|v-html=|\{@html\s/.test(l) && mentions(l, t) },
  { kind: 'html', langs: ['py'], test: (l, t) => /\bMarkup\(|\bmark_safe\(|render_template_string\(|\|\s*safe\b/.test(l) && mentions(l, t) },
  { kind: 'html', langs: ['go'], test: (l, t) => /template\.HTML\(/.test(l) && mentions(l, t) },
  { kind: 'html', langs: JVM, test: (l, t) => /th:utext|\.unescapeHtml|Html\.fromHtml\(/.test(l) && mentions(l, t) },
];

/** Sent to the HTTP client as it is (a chat reply), not stored or acted on. */
const SHOWN: Record<SrcLang, RegExp> = {
  js: /new Response\(|Response\.json\(|\bres\.(json|send|write|end)\(|NextResponse\.json\(|\bc\.(json|text)\(|\.(toDataStreamResponse|toTextStreamResponse|toUIMessageStreamResponse|pipeDataStreamToResponse|pipeTextStreamToResponse|pipeUIMessageStreamToResponse|mergeIntoDataStream|toUIMessageStream)\(|controller\.enqueue\(/,
  py: /\bjsonify\(|JSONResponse\(|StreamingResponse\(|EventSourceResponse\(|\bResponse\(|HttpResponse\(|JsonResponse\(|\byield\b|st\.(write|markdown)\(|\bemit\(/,
  go: /\.JSON\(|json\.NewEncoder\(\s*w\s*\)|\bw\.Write\(|fmt\.Fprint\w*\(\s*w\b|\.SSEvent\(/,
  java: /ResponseEntity|\bSseEmitter\b|return\s+\w+;\s*$/,
  kotlin: /ResponseEntity|call\.respond/,
};
const ROUTE_DECORATOR = /^\s*@\w+\.(get|post|put|patch|delete|route|websocket|api_route)\(/;

const STOP = new Set(['err', '_', 'error', 'const', 'let', 'var', 'await', 'ctx', 'this', 'self', 'val', 'final', 'new']);

/**
 * The left side of an assignment, per language, matched on the text before the
 * line's first `=` with its surrounding spaces already trimmed: every pattern has
 * one quantifier per run of characters, so a hostile line of spaces and colons
 * costs one pass (the old whole-line patterns backtracked cubically on it).
 */
const LHS: Record<SrcLang, readonly RegExp[]> = {
  js: [/^(?:export\s+)?(?:const|let|var)\s+([^=]+)$/, /^([\w$.[\]]+)$/],
  py: [/^([\w\s,()[\]]+?)(?::[\w[\], |.]+)?$/],
  go: [/^(?:var\s+)?([\w\s,]+)$/],
  java: [/^(?:final\s+)?(?:val\s+|var\s+|[\w<>[\],.?]+\s+)?(\w+)(?:\s*:\s*[\w<>?]+)?$/],
  kotlin: [/^(?:final\s+)?(?:val\s+|var\s+|[\w<>[\],.?]+\s+)?(\w+)(?:\s*:\s*[\w<>?]+)?$/],
};

/** `x: Foo` → `x`: cut at the first `:` after the last `,`, `{` or `}` (a destructuring's `{ text: answer }` stays). */
function withoutTypeAnnotation(lhs: string): string {
  let last = -1;
  for (const ch of [',', '{', '}']) last = Math.max(last, lhs.lastIndexOf(ch));
  const colon = lhs.indexOf(':', last + 1);
  return colon >= 0 && colon < lhs.length - 1 ? lhs.slice(0, colon) : lhs;
}

/** Names a line assigns and the expression it assigns from, or null. */
export function assignment(line: string, lang: SrcLang): { names: string[]; rhs: string } | null {
  const l = line.slice(0, 2000);
  const eq = l.indexOf('=');
  // No side of an assignment holds a `=`: only the first one can be it (`==`, `=>` are not).
  if (eq <= 0 || l[eq + 1] === '=' || (lang === 'js' && l[eq + 1] === '>')) return null;
  let left = l.slice(0, eq);
  if (lang === 'go' && left.endsWith(':')) left = left.slice(0, -1);
  left = left.trim();
  const colon = lang === 'py' ? left.indexOf(':') : -1;
  if (colon >= 0) left = `${left.slice(0, colon).trimEnd()}:${left.slice(colon + 1).trimStart()}`;
  let lhs: string | undefined;
  for (const re of LHS[lang]) {
    const m = re.exec(left);
    if (m) {
      lhs = m[1];
      break;
    }
  }
  if (lhs === undefined) return null;
  lhs = withoutTypeAnnotation(lhs);
  const names = (lhs.match(/[A-Za-z_$][\w$]*/g) ?? []).filter((n) => !STOP.has(n));
  // `{ text: answer }` binds `answer`; keeping `text` too is harmless.
  return names.length > 0 ? { names: [...new Set(names.map((n) => n.split('.')[0] as string))], rhs: l.slice(eq + 1).trimStart() } : null;
}

const esc = (s: string) => s.replace(/[$]/g, '\\$');

/** The text of a call from its line to its closing parenthesis (strings blanked), at most 60 lines. */
function callSpan(code: readonly string[], i: number): string {
  let depth = 0;
  let started = false;
  const out: string[] = [];
  for (let j = i; j < Math.min(code.length, i + 60); j++) {
    const l = code[j] as string;
    out.push(l);
    for (const ch of l) {
      if (ch === '(') { depth++; started = true; } else if (ch === ')') depth--;
    }
    if (started && depth <= 0) break;
  }
  return out.join('\n');
}

/** Net count of opening brackets on a line. */
function open(l: string): number {
  let d = 0;
  for (const ch of l.slice(0, 2000)) { if (ch === '(' || ch === '[' || ch === '{') d++; else if (ch === ')' || ch === ']' || ch === '}') d--; }
  return d;
}

interface Flow { validation: Grade; returns: Returned; sinks: { line: number; kind: SinkKind }[]; shown: boolean }

/** Follow one value from line `idx` to the end of its function: sinks, schema parses, returns. */
function follow(lines: string[], r: Region, idx: number, lang: SrcLang, opts: { inCall: boolean; jsonMode: boolean; route: boolean }): Flow {
  const tainted = new Set<string>();
  const first = assignment(lines[idx] ?? '', lang);
  if (first) for (const n of first.names) tainted.add(n);
  const sinks: Flow['sinks'] = [];
  const own = SINKS.filter((s) => s.langs.includes(lang));
  const after = lines.slice(idx, r.end + 1).join('\n');
  let validated = opts.inCall || AFTER[lang].test(after);
  if (validated && !opts.inCall && TOOL_SCHEMA.test(lines.join('\n'))) validated = true;
  let parsed = false;
  let returned = /^\s*return\b/.test(lines[idx] ?? '') || /=>\s*(await\s+)?\w/.test((lines[idx] ?? '').split('(')[0] ?? '');
  let shown = SHOWN[lang].test(lines[idx] ?? '');
  for (let i = idx + 1; i <= r.end; i++) {
    let l = lines[i] as string;
    // A return spread over several lines (`return jsonify({\n "reply": text,\n })`) is read as one statement.
    if (/^\s*return\b/.test(l) && open(l) > 0) {
      let j = i;
      let depth = open(l);
      while (depth > 0 && j < Math.min(r.end, i + 30)) { j++; depth += open(lines[j] as string); l += ` ${(lines[j] as string).trim()}`; }
    }
    const t = tainted.size > 0 ? [...tainted].map(esc).join('|') : '(?!)';
    const touches = mentions(l, t);
    if (touches) {
      let sunk = false;
      for (const s of own) {
        if (!s.test(l, t)) continue;
        sunk = true;
        if (s.kind === 'json-parse') parsed = true;
        // JSON parse followed by a schema parse in the same function is the validated path.
        if (s.kind === 'json-parse' && (opts.inCall || AFTER[lang].test(lines.slice(i, r.end + 1).join('\n')))) continue;
        if (SANITISER.test(l)) continue;
        sinks.push({ line: i + 1, kind: s.kind });
        break;
      }
      // `return exec.Command(cmd).Run()` returns the sink's result, not the output.
      if (/^\s*return\b/.test(l) && !sunk) returned = true;
      if (SHOWN[lang].test(l)) shown = true;
    }
    const a = assignment(l, lang);
    if (a && touches) {
      const clean = AFTER[lang].test(a.rhs) || SANITISER.test(a.rhs);
      for (const n of a.names) {
        if (clean) tainted.delete(n);
        else tainted.add(n);
      }
    }
  }
  let validation: Grade;
  if (opts.inCall) validation = 'in-call';
  else if (validated) validation = 'after';
  else if (returned && !opts.route && !shown) validation = 'passed-on';
  else if (opts.jsonMode) validation = 'json-mode';
  else if (parsed) validation = 'json-parse';
  else if (shown || (returned && opts.route)) validation = 'shown';
  else validation = 'none';
  const returns: Returned = !returned || opts.route ? 'no' : validated ? 'validated' : parsed ? 'parsed' : 'raw';
  return { validation, returns, sinks, shown };
}

const HTTP_CALL: Record<SrcLang, RegExp> = {
  js: /\b(fetch|axios(\.(post|request|get))?|ky\.post|got\.post|\$fetch|ofetch)\(/,
  py: /\b(requests|httpx|session|client|aiohttp|http_client)\.(post|request|stream)\(|\bhttpx\.AsyncClient\(\)\.post\(|\burlopen\(/,
  go: /\bhttp\.(NewRequest(WithContext)?|Post)\(|\.Post\(/,
  java: /\bHttpRequest\.newBuilder\(|\.uri\(|new Request\.Builder\(\)|\.url\(|\.postForObject\(|\.postForEntity\(/,
  kotlin: /\bHttpRequest\.newBuilder\(|\.uri\(|Request\.Builder\(\)|\.url\(|client\.post\(/,
};
const STRING_LIT = /"([^"\n]{4,400})"|'([^'\n]{4,400})'|`([^`\n]{4,400})`/g;
const ENV_READ = /(?:Deno\.env\.get|os\.getenv|os\.environ\.get|getenv|Getenv|System\.getenv|process\.env\.|os\.environ\[)\(?\s*["']?([A-Z][A-Z0-9_]{2,80})/g;

/** The model endpoint an HTTP call on line `i` targets: a literal on the line, a constant, or an env var named so. */
function httpEndpoint(raw: readonly string[], i: number, consts: ReadonlyMap<string, string>): Endpoint | null {
  const span = raw.slice(i, i + 4).join('\n').slice(0, 2000);
  for (const m of span.matchAll(STRING_LIT)) {
    const e = matchEndpoint((m[1] ?? m[2] ?? m[3] ?? '').replace(/\$\{[^}]*\}/g, '\u0000'));
    if (e) return e;
  }
  for (const m of span.matchAll(ENV_READ)) {
    const what = envNamesModelEndpoint(m[1] as string);
    if (what) return { name: what, route: 'compatible', kind: 'chat' };
  }
  for (const m of (raw[i] ?? '').slice(0, 2000).matchAll(/\b([A-Za-z_]\w*)\b/g)) {
    const v = consts.get(m[1] as string);
    if (v) {
      const e = v.startsWith('env:') ? (envNamesModelEndpoint(v.slice(4)) ? { name: envNamesModelEndpoint(v.slice(4)) as string, route: 'compatible' as const, kind: 'chat' as const } : null) : matchEndpoint(v);
      if (e) return e;
    }
  }
  return null;
}

/** Module-level constants holding URLs or env reads: NAME = "https://…" / NAME = os.getenv("X"). */
function constants(raw: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of raw) {
    const m = /^\s*(?:export\s+)?(?:const\s+|let\s+|var\s+|final\s+|private\s+static\s+final\s+String\s+|static\s+final\s+String\s+|public\s+static\s+final\s+String\s+)?([A-Za-z_]\w{0,60})\s*(?::\s*\w+\s*)?:?=\s*(.{0,400})/.exec(l);
    if (!m) continue;
    const rhs = m[2] as string;
    // An env read first: its argument is a string literal too.
    const env = /(?:Deno\.env\.get|getenv|Getenv|getEnv|environ\.get|environ\[|process\.env\.)\(?\s*["']?([A-Z][A-Z0-9_]{2,80})/.exec(rhs);
    if (env) { out.set(m[1] as string, `env:${env[1] as string}`); continue; }
    const lit = /"([^"]*)"|'([^']*)'|`([^`]*)`/.exec(rhs);
    if (lit) out.set(m[1] as string, (lit[1] ?? lit[2] ?? lit[3] ?? '').replace(/\$\{[^}]*\}/g, '\u0000'));
  }
  return out;
}

/** An HTTP client made with a timeout (Go http.Client{Timeout}, httpx/requests sessions, OkHttp, Java HttpClient). */
/** `client = OpenAI(api_key=…)` at the top of a Python file (one line; a multi-line constructor is not read). */
const SDK_CLIENT = /^\s*\w+\s*=\s*(?:openai\.)?(?:Async)?(?:OpenAI|AzureOpenAI|Anthropic|AnthropicBedrock|Groq|Mistral|Together|Cerebras)\([^)\n]{0,300}\)\s*$/m;
const CLIENT_TIMEOUT = /http\.Client\{[^}\n]{0,200}Timeout|\bTimeout:\s*\d|httpx\.(?:Async)?Client\([^)\n]{0,200}timeout|\.(?:callTimeout|readTimeout|connectTimeout|timeout)\(\s*(?:Duration|\d)/;

const INPUT_CHECK = /\.length\s*>\s*\d|\blen\([^)]*\)\s*>\s*\d|\.slice\(\s*0\s*,|\.substring\(\s*0\s*,|\[:\s*\d|\btruncate\w*\(|\bmax_length\s*=|\.max\(\s*\d|maxLength|MAX_\w*(CHARS|LENGTH|LEN|TOKENS|INPUT)\w*/;

interface Site { line: number; label: string; via: string; route: CallFact['route']; gateway: boolean; kind: CallFact['kind']; pattern?: CallPattern; http?: Endpoint }

/** Every model call, helper fact and sink this file shows, by lines. */
export function analyseLines(view: Pick<SourceView, 'file' | 'text' | 'lang' | 'masked' | 'lines'>): Finding[] {
  const lang = view.lang;
  if (lang !== 'js' && lang !== 'py' && lang !== 'go' && lang !== 'java' && lang !== 'kotlin') return [];
  const lines = view.masked.split('\n');
  const raw = view.lines;
  const code = mask(view.text, lang, { strings: true }).split('\n');
  const map = lang === 'py' ? undefined : blockMap(code.join('\n'));
  const consts = constants(lines);
  const whole = view.masked;
  const fileStructured = lang === 'py' ? /with_structured_output\(|instructor\.(from_|patch)|\boutput_type\s*=|\bresult_type\s*=/.test(whole) : /withStructuredOutput\(/.test(whole);
  const sites: Site[] = [];
  const seen = new Set<number>();
  for (const call of SDK_CALLS) {
    if (!call.langs.includes(lang)) continue;
    if (call.fileHint && !call.fileHint.test(whole)) continue;
    for (let i = 0; i < lines.length; i++) {
      if (seen.has(i) || !call.regex.test(code[i] as string)) continue;
      seen.add(i);
      sites.push({ line: i + 1, label: call.label, via: call.via, route: call.agent ? 'agent' : 'sdk', gateway: false, kind: 'chat', pattern: call });
    }
  }
  for (let i = 0; i < lines.length; i++) {
    if (seen.has(i) || !HTTP_CALL[lang].test(code[i] as string)) continue;
    const e = httpEndpoint(lines, i, consts);
    if (!e) continue;
    seen.add(i);
    sites.push({ line: i + 1, label: `HTTP → ${e.name}`, via: e.name, route: 'http', gateway: e.route === 'gateway', kind: e.kind, http: e });
  }
  const out: Finding[] = [];
  const fnOf = (i: number): { name: string; exported: string; route: boolean; region: Region } => {
    const region = enclosingRegion(lang, code, i, map);
    const header = lines[region.start] ?? '';
    const name = lang === 'py' ? /^\s*(?:async\s+)?def\s+(\w+)/.exec(header)?.[1] ?? '' : /\bfunction\s+(\w+)|\b(?:const|let|var)\s+(\w+)\s*=|\bfunc\s+(?:\([^)]*\)\s*)?(\w+)|(\w+)\s*\([^)]*\)\s*(?::\s*[\w<>[\]|, ]+)?\s*\{/.exec(header)?.slice(1).find(Boolean) ?? '';
    const topLevel = lang === 'py' ? /^(async\s+)?def\s/.test(header) : /^export\s/.test(header);
    const route = ROUTE_DECORATOR.test(lines[region.start - 1] ?? '') || ROUTE_DECORATOR.test(lines[region.start - 2] ?? '') || /\b(GET|POST|PUT|PATCH|DELETE)\b/.test(name);
    return { name, exported: topLevel && name && !name.startsWith('_') ? name : '', route, region };
  };
  for (const s of sites.sort((a, b) => a.line - b.line)) {
    const i = s.line - 1;
    const span = callSpan(code, i);
    const spanRaw = raw.slice(i, i + span.split('\n').length).join('\n');
    const hasOpen = /\*\*\w|\.\.\.\w|\bopts\b|\boptions\b|\bparams\b|\bconfig\b|\bkwargs\b|\bbody\b|\bpayload\b|\brequest\b/.test(span);
    const { name, exported, route, region } = fnOf(i);
    const body = lines.slice(region.start, region.end + 1).join('\n');
    const inCall = s.pattern?.structured === true || IN_CALL[lang].test(body) || (s.label === 'LangChain invoke' && fileStructured) || (lang === 'py' && s.route === 'agent' && fileStructured);
    const jsonMode = !inCall && JSON_MODE.test(spanRaw);
    const flow = follow(lines, region, i, lang, { inCall, jsonMode, route });
    // An HTTP body is usually built above the call in the same function; a client's timeout where the client is made.
    const before = lines.slice(region.start, i).join('\n') + span;
    const configured = lang === 'java' || lang === 'kotlin';
    const maxTokens: CallFact['maxTokens'] = MAX_TOKENS_RE.test(s.route === 'http' ? before : span) ? (capFromRequest(s.route === 'http' ? before : span, lines.slice(region.start, i).join('\n')) ? 'request' : 'yes') : hasOpen || configured ? 'unknown' : 'no';
    // An SDK client made in this file says whether calls on it time out.
    const ctor = s.route === 'sdk' ? SDK_CLIENT.exec(whole) : null;
    const timeout: Tri = TIMEOUT_RE.test(span) || (s.route === 'http' && (CLIENT_TIMEOUT.test(whole) || /context\.WithTimeout|AbortSignal\.timeout|\btimeout\s*=/.test(before))) || (ctor !== null && /timeout/i.test(ctor[0])) ? 'yes' : ctor !== null && !/\*\*/.test(ctor[0]) ? 'no' : hasOpen || s.route !== 'http' ? 'unknown' : 'no';
    const data: CallFact = {
      label: s.label, route: s.route, via: s.via, gateway: s.gateway, kind: s.kind, fn: name, exported, returns: flow.returns, validation: s.kind === 'chat' ? flow.validation : 'shown', jsonMode,
      maxTokens, timeout, inputCheck: INPUT_CHECK.test(body), tools: /\btools\s*[:=]|\bfunctions\s*[:=]/.test(span) ? 1 : 0, client: false, parser: 'lines',
    };
    out.push(fact('llm-call', view.file.path, s.line, excerptOf(raw[i], view.file), data));
    if (s.kind === 'chat') for (const k of flow.sinks) out.push(fact('llm-sink', view.file.path, k.line, excerptOf(raw[k.line - 1], view.file), { sink: k.kind, ref: s.line }));
  }
  if (lang === 'py') out.push(...pythonUses(view, lines, code, fnOf));
  if (lang === 'java' || lang === 'kotlin') out.push(...aiServiceMethods(view, lines, lang));
  return out;
}

/** LangChain4j AI services: each interface method is a call site; a typed return is a schema. */
const UNTYPED_RETURN = /^(String|TokenStream|AiMessage|Response<AiMessage>|Flux<String>|Result<String>|void|Unit|Any|Object)\??$/;
function aiServiceMethods(view: Pick<SourceView, 'file' | 'lines'>, lines: string[], lang: SrcLang): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/@(UserMessage|SystemMessage)\b/.test(lines[i] as string)) continue;
    for (let j = i; j < Math.min(lines.length, i + 6); j++) {
      const l = lines[j] as string;
      const java = /^\s*(?:public\s+|default\s+)?([\w<>?, ]+?)\s+(\w+)\s*\(/.exec(l);
      const kt = /\bfun\s+(\w+)\s*\([^)]*\)\s*(?::\s*([\w<>?, ]+))?/.exec(l);
      let ret: string | null = null;
      if (lang === 'kotlin' && kt) ret = (kt[2] ?? 'Unit').trim();
      else if (lang === 'java' && java && !/^\s*@/.test(l)) ret = (java[1] as string).trim();
      if (ret === null) continue;
      const data: CallFact = { label: 'LangChain4j AI service', route: 'sdk', via: 'LangChain4j', gateway: false, kind: 'chat', fn: '', exported: '', returns: 'no', validation: UNTYPED_RETURN.test(ret) ? 'none' : 'in-call', jsonMode: false, maxTokens: 'unknown', timeout: 'unknown', inputCheck: false, tools: 0, client: false, parser: 'lines' };
      out.push(fact('llm-call', view.file.path, j + 1, excerptOf(view.lines[j], view.file), data));
      i = j;
      break;
    }
  }
  return out;
}

/** Python: calls of names imported from other modules (or defined here) whose result is kept or returned. */
function pythonUses(view: Pick<SourceView, 'file' | 'lines'>, lines: string[], code: string[], fnOf: (i: number) => { name: string; exported: string; route: boolean; region: Region }): Finding[] {
  const imported = new Map<string, { module: string; name: string }>();
  for (const l of lines) {
    const m = /^\s*from\s+(\.*[\w.]*)\s+import\s+\(?\s*([\w\s,]+)/.exec(l);
    if (!m) continue;
    for (const part of (m[2] as string).split(',')) {
      const [n, , alias] = part.trim().split(/\s+/);
      if (n) imported.set(alias ?? n, { module: m[1] as string, name: n });
    }
  }
  const out: Finding[] = [];
  if (imported.size === 0) return out;
  const names = [...imported.keys()].filter((n) => /^[a-z_]\w*$/.test(n)).map(esc);
  if (names.length === 0) return out;
  const call = new RegExp(`(?:=|\\breturn|\\bawait)\\s*(?:await\\s+)?(${names.join('|')})\\(`);
  for (let i = 0; i < code.length; i++) {
    const m = call.exec(code[i] as string);
    if (!m) continue;
    const target = imported.get(m[1] as string);
    if (!target) continue;
    const { name, exported, route, region } = fnOf(i);
    const flow = follow(lines, region, i, 'py', { inCall: false, jsonMode: false, route });
    const body = lines.slice(region.start, region.end + 1).join('\n');
    const data: UseFact = { module: target.module, name: target.name, fn: name, exported, returns: flow.returns, validation: flow.validation, inputCheck: INPUT_CHECK.test(body), parser: 'lines' };
    out.push(fact('llm-use', view.file.path, i + 1, excerptOf(view.lines[i], view.file), data));
    for (const k of flow.sinks) out.push(fact('llm-sink', view.file.path, k.line, excerptOf(view.lines[k.line - 1], view.file), { sink: k.kind, ref: i + 1 }));
  }
  return out;
}

const PY_TOOL_DECORATOR = /^\s*@(?:function_tool|tool|[\w.]+\.tool|[\w.]+\.tool_plain|mcp\.tool|server\.tool|kernel_function)\b/;

/** Python tools given to a model (`@function_tool`, `@tool`, `@agent.tool`, `@mcp.tool()`), and what each does with its arguments. */
export function pythonTools(view: Pick<SourceView, 'file' | 'masked' | 'lines'>): Finding[] {
  const lines = view.masked.split('\n');
  const out: Finding[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!PY_TOOL_DECORATOR.test(lines[i] as string)) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*@/.test(lines[j] as string)) j++;
    const def = /^\s*(?:async\s+)?def\s+(\w+)\s*\(([^)]*)/.exec(lines[j] ?? '');
    if (!def) continue;
    const params = (def[2] as string).split(',').map((p) => p.trim().split(/[:=\s]/)[0] as string).filter((p) => p && p !== 'self' && p !== 'ctx' && p !== 'context' && !p.startsWith('*'));
    const region = enclosingRegion('py', lines, Math.min(lines.length - 1, j + 1));
    let fromCode: ToolRuns = 'none';
    if (params.length > 0) {
      const t = params.map(esc).join('|');
      for (let k = j + 1; k <= region.end && fromCode === 'none'; k++) {
        const l = lines[k] as string;
        if (!taintRe(t).test(l)) continue;
        if (/\.(execute|executemany|executescript|raw)\(|\btext\(/.test(l) && !new RegExp(`\\.(execute|executemany)\\(\\s*["'][^"'{]*["']\\s*,`).test(l)) fromCode = 'sql';
        else if (/\bos\.(system|popen)\(|\bsubprocess\.\w+\(/.test(l)) fromCode = 'shell';
        else if (/(?<![\w.])(?:exec|eval)\(/.test(l)) fromCode = 'code';
        else if (/\b(requests|httpx|session|client|aiohttp)\.(get|post|put|request)\(\s*\w/.test(l) && new RegExp(`\\.(get|post|put|request)\\(\\s*(${t})\\b`).test(l)) fromCode = 'http';
      }
    }
    const name = def[1] as string;
    const decorators = lines.slice(i, j).join('\n');
    out.push(fact('llm-tool', view.file.path, j + 1, excerptOf(view.lines[j], view.file), {
      name, ...judgeTool(name, fromCode, j + 1), gated: APPROVAL_FLAG_SET.test(decorators), runsAt: j + 1,
      // MCP server tools run when the host's model calls them, and the host asks the user first.
      mcp: /@(?:\w+\.)?(?:mcp|server)\.tool\b/.test(decorators),
    }));
  }
  return out;
}

const PY_SECRET_ENV = /\bos\.(?:environ(?:\.get)?\s*[[(]|getenv\s*\()\s*["']([A-Z0-9_]*(?:KEY|SECRET|TOKEN|PASSWORD|PASSWD|DATABASE_URL|DB_URL|DSN|CONNECTION|PRIVATE|CREDENTIAL)[A-Z0-9_]*)["']/;
const PY_REQUEST = /\brequest\.(?:json|get_json|args|form|values|data|query_params)\b|\bawait\s+request\.(?:json|form|body)\(|\bbody\.\w+|\bpayload\.\w+/;
const PY_PROMPT_START = /\bAgent\(|\bChatPromptTemplate\.from_messages\(|\bSystemMessage\(|\.(create|parse|stream|run|run_sync)\(|\bcompletion\(|\bgenerate_content\(/;

/** Python prompts: environment secrets in f-strings, and request input in system messages or agent instructions. */
export function pythonPromptFacts(view: Pick<SourceView, 'file' | 'masked' | 'lines'>): Finding[] {
  const lines = view.masked.split('\n');
  const out: Finding[] = [];
  const secretNames = new Set<string>();
  const requestNames = new Set<string>();
  for (const l of lines) {
    const a = assignment(l, 'py');
    if (!a) continue;
    if (PY_SECRET_ENV.test(a.rhs)) for (const n of a.names) secretNames.add(n);
    if (PY_REQUEST.test(a.rhs)) for (const n of a.names) requestNames.add(n);
  }
  const seen = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!PY_PROMPT_START.test(lines[i] as string)) continue;
    const end = Math.min(lines.length, i + 40);
    let system = false;
    for (let j = i; j < end; j++) {
      const l = (lines[j] as string).slice(0, 2000);
      if (seen.has(j)) continue;
      if (/["']role["']\s*:\s*["'](system|developer)["']|\b(system|instructions|system_prompt|system_instruction)\s*=/.test(l)) system = true;
      else if (/["']role["']\s*:\s*["'](user|assistant)["']/.test(l)) system = false;
      const fstring = /\bf["']/.test(l);
      const env = PY_SECRET_ENV.exec(l);
      const named = fstring ? [...secretNames].find((n) => new RegExp(`\\{[^}]*\\b${esc(n)}\\b`).test(l)) : undefined;
      if (fstring && (env || named)) {
        seen.add(j);
        out.push(fact('llm-prompt-secret', view.file.path, j + 1, excerptOf(view.lines[j], view.file), { name: env?.[1] ?? (named as string) }));
        continue;
      }
      if (system && (PY_REQUEST.test(l) || [...requestNames].some((n) => new RegExp(`\\b${esc(n)}\\b`).test(l.replace(/^[^=:]*[=:]/, ''))))) {
        seen.add(j);
        out.push(fact('llm-injection', view.file.path, j + 1, excerptOf(view.lines[j], view.file), { input: 'request input' }));
      }
      if (j > i && /^\S/.test(l)) break;
    }
  }
  return out;
}
