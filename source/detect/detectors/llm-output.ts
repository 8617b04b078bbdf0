import { sanitizePath } from '../../util/sanitize.js';
import type { Detector, Evidence, Finding, Signal, SignalMeta } from '../types.js';
import { LLM_LIBS, LLM_PATTERNS } from './llm-sdk.js';
import { llmApplicability } from './llm-tracing.js';
import { createUsageDetector, excerptOf, type SourceView, type UsageContext } from './usage/detector.js';
import { pathRole } from '../path-role.js';
import { assignmentEquals } from '../linear-text.js';
import { mask } from './usage/mask.js';
import { blockMap, enclosingRegion, type Region } from './usage/regions.js';
import type { Lib } from './usage/spec.js';

const VALIDATION: SignalMeta = { id: 'llm.output-validation', title: 'Model output validated against a schema', passWhen: 'model outputs are parsed against a schema (structured output, zod/pydantic models, guardrails); not_applicable without llm.sdk' };
const HANDLING: SignalMeta = { id: 'llm.output-handling', title: 'Model output handled safely', passWhen: 'no model output reaches JSON.parse, eval/exec, SQL, a shell or raw HTML unvalidated; not_applicable without llm.sdk' };

/**
 * Taint-lite analysis of model call sites. Per file: find model calls, take the
 * enclosing function (brace/indent heuristic), grade where the schema sits
 * (inside the call > parsed after the call in the same function > none), and follow
 * variables assigned from the result into dangerous sinks. It does not cross
 * function or file boundaries, so it under-reports flows through helpers.
 */

type SrcLang = 'js' | 'py' | 'go' | 'java' | 'kotlin';

interface CallPattern {
  label: string;
  langs: readonly SrcLang[];
  regex: RegExp;
  /** The file must match this too (generic method names need a library in sight). */
  fileHint?: RegExp;
  /** The call itself enforces a schema (generateObject, .parse, withStructuredOutput). */
  structured?: boolean;
}

const JVM: SrcLang[] = ['java', 'kotlin'];
const CALLS: CallPattern[] = [
  { label: 'chat.completions.parse', langs: ['js', 'py'], regex: /\.chat\.completions\.parse\(|\.responses\.parse\(/, structured: true },
  { label: 'chat.completions.create', langs: ['js', 'py'], regex: /\.chat\.completions\.(create|stream)\(|\.completions\.create\(/ },
  { label: 'responses.create', langs: ['js', 'py'], regex: /\.responses\.(create|stream)\(/ },
  { label: 'messages.create', langs: ['js', 'py'], regex: /\.messages\.(create|stream)\(/, fileHint: /anthropic|claude/i },
  { label: 'generateObject', langs: ['js'], regex: /\b(generateObject|streamObject)\(/, fileHint: /["']ai["']|@ai-sdk/, structured: true },
  { label: 'generateText', langs: ['js'], regex: /\b(generateText|streamText)\(/, fileHint: /["']ai["']|@ai-sdk/ },
  { label: 'generateContent', langs: ['js', 'py', 'go'], regex: /\.(generateContent|generateContentStream|generate_content|GenerateContent)\(/, fileHint: /genai|generative|vertexai|gemini|langchaingo/i },
  // Every LangChain runnable has invoke(): prompts, retrievers, parsers and tools are not model calls.
  { label: 'LangChain invoke', langs: ['js', 'py'], regex: /(?:\b(?!\w*?(?:tool|retriev|prompt|parser|splitter|loader|embedding|vectorstore))\w+|\))\.(invoke|ainvoke|stream|astream)\(/i, fileHint: /langchain|langgraph/i },
  { label: 'LiteLLM completion', langs: ['py'], regex: /\b(litellm\.)?a?completion\(/, fileHint: /litellm/ },
  { label: 'Ollama chat', langs: ['js', 'py'], regex: /\bollama\.(chat|generate)\(/ },
  { label: 'Bedrock converse', langs: ['js', 'py', 'go', 'java'], regex: /\.(converse|converse_stream|invoke_model|Converse|InvokeModel)\(|new (ConverseCommand|InvokeModelCommand)\(/, fileHint: /bedrock/i },
  { label: 'pydantic-ai run', langs: ['py'], regex: /\bagent\.(run|run_sync)\(/, fileHint: /pydantic_ai/ },
  { label: 'CreateChatCompletion', langs: ['go'], regex: /\.CreateChatCompletion(Stream)?\(|\.Chat\.Completions\.New\(|\.Messages\.New\(|\.Responses\.New\(/ },
  { label: 'langchaingo generate', langs: ['go'], regex: /\bllms\.GenerateFromSinglePrompt\(/ },
  { label: 'openai-java create', langs: JVM, regex: /\.chat\(\)\s*\.completions\(\)\s*\.create\(|\.messages\(\)\s*\.create\(|\.responses\(\)\s*\.create\(/ },
  { label: 'Spring AI ChatClient', langs: JVM, regex: /\.prompt\([^)]*\)/, fileHint: /org\.springframework\.ai/ },
  { label: 'LangChain4j chat', langs: JVM, regex: /\b\w*[mM]odel\.(chat|generate)\(/, fileHint: /dev\.langchain4j/ },
];

/** The schema sits inside the call (structured output / typed tool input). */
const IN_CALL: Record<SrcLang, RegExp> = {
  js: /zodResponseFormat\(|zodTextFormat\(|json_schema|\bresponseSchema\b|Output\.(object|array|choice)\(|experimental_output|withStructuredOutput\(|structuredOutputs\s*:\s*true/,
  py: /\b(response_format|text_format)\s*=\s*[A-Z]\w*\b|json_schema|\bresponse_model\s*=|with_structured_output\(|\boutput_type\s*=|\bresult_type\s*=|response_schema|outlines\.|\bformat\s*=\s*\w+\.model_json_schema\(\)/,
  go: /JSONSchema|GenerateSchemaForType|ResponseSchema|ResponseFormatJSONSchema/,
  java: /\.entity\(|responseFormat\(\s*\w+\.class\)|JSON_SCHEMA|JsonSchema/,
  kotlin: /\.entity\(|responseFormat\(\s*\w+::class|JSON_SCHEMA|JsonSchema/,
};

/** A schema parse of the result after the call (zod/pydantic/validator). */
const AFTER: Record<SrcLang, RegExp> = {
  js: /\b(?!JSON\b)[A-Z]\w*\.(safeParse|parse|parseAsync|safeParseAsync)\(|\b\w*[sS]chema\.(safeParse|parse|parseAsync|validate|validateSync|validateAsync|cast)\(|\bv\.(parse|safeParse)\(|\bajv\.validate\(|\btypia\.(assert|validate)\w*\(|\bValue\.(Check|Parse)\(/,
  py: /\.model_validate(_json)?\(|\.parse_raw\(|\.parse_obj\(|\bparse_obj_as\(|TypeAdapter\(|\.validate_(python|json)\(|jsonschema\.validate\(|\bvalidate\(\s*instance\s*=|Schema\(\)\.loads?\(/,
  go: /validate\.Struct\(|\.Validate\(\s*\)|DisallowUnknownFields\(\)|gojsonschema\.|jsonschema\.Validate|schema\.Validate\(/,
  java: /\bvalidator\.validate\(|\.validate\(\s*\w+\s*\)|JsonSchema.*validate/i,
  kotlin: /\bvalidator\.validate\(|\.validate\(\s*\w+\s*\)|JsonSchema.*validate/i,
};

/** Anthropic tool use: input_schema plus a parse of the tool input counts as a schema in the call. */
const TOOL_SCHEMA = /input_schema|inputSchema|InputSchema/;

/** Expressions that are model output whatever variable holds them. */
const OUTPUT_ACCESSOR = /\.choices\[0\]\.message(\.content)?\b|\.content\[0\]\.text\b|\.output_text\b|\.Choices\[0\]\.Message\.Content\b|\.Content\[0\]\.Text\b/;

/** Values passed through these are no longer raw model output. */
const SANITISER = /DOMPurify\.sanitize\(|sanitizeHtml\(|sanitize_html\(|bleach\.clean\(|\bescape\(|html\.escape\(|shlex\.quote\(|html\.EscapeString\(|Jsoup\.clean\(|HtmlUtils\.htmlEscape\(/;

type SinkKind = 'json-parse' | 'eval' | 'sql' | 'shell' | 'html';

interface Sink {
  kind: SinkKind;
  langs: readonly SrcLang[];
  /** `t` is an alternation of the tainted names (already escaped). */
  test(line: string, t: string): boolean;
}

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
// Plain string literals ("reports/answer.html") are not data flow; f-strings and template literals are.
const PLAIN_STRING = /(?<![fFrRbB\w])(["'])(?:\\.|(?!\1)[^\\])*\1/g;
const mentions = (line: string, t: string) => {
  const code = line.replace(PLAIN_STRING, '""');
  return taintRe(t).test(code) || OUTPUT_ACCESSOR.test(code);
};
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

const STOP = new Set(['err', '_', 'error', 'const', 'let', 'var', 'await', 'ctx', 'this', 'self', 'val', 'final', 'new']);

/**
 * The target and value of an assignment on one line, found without regex
 * backtracking: the `=` first, then the shape of the text before it. (The regexes
 * this replaces took minutes on `a` + 1,000 spaces + `:` + 1,000 spaces.)
 */
function splitAssignment(line: string, lang: SrcLang): { lhs: string; rhs: string } | null {
  const eq = assignmentEquals(line, lang === 'js' ? '=>' : '=');
  if (eq < 0) return null;
  const before = line.slice(0, eq);
  const rhs = line.slice(eq + 1).replace(/^\s+/, '');
  if (lang === 'js') {
    const decl = /^\s*(?:export\s+)?(?:const|let|var)\s+/.exec(before);
    if (decl) {
      const rest = before.slice(decl[0].length);
      // `const name: Type = …`: the name ends at the first colon of a non-empty annotation.
      const colon = rest.indexOf(':');
      const lhs = colon >= 1 && rest.slice(colon + 1).trim() !== '' ? rest.slice(0, colon) : rest;
      return lhs.trim() === '' ? null : { lhs: lhs.trim(), rhs };
    }
    const target = before.trim();
    return /^[\w$.[\]]+$/.test(target) && /^\s*$/.test(before.slice(0, before.indexOf(target))) ? { lhs: target, rhs } : null;
  }
  if (lang === 'py') {
    const colon = before.indexOf(':');
    const names = colon >= 0 ? before.slice(0, colon) : before;
    if (colon >= 0 && !/^[\w[\], |.]+$/.test(before.slice(colon + 1).trim())) return null;
    return names.trim() !== '' && /^[\w\s,()[\]]+$/.test(names) ? { lhs: names.trim(), rhs } : null;
  }
  if (lang === 'go') {
    const names = (before.endsWith(':') ? before.slice(0, -1) : before).replace(/^\s*var\s+(?=\S)/, '');
    return names.trim() !== '' && /^[\w\s,]+$/.test(names) ? { lhs: names.trim(), rhs } : null;
  }
  // Java / Kotlin: [final] [val|var|Type] name [: Type]
  const colon = before.indexOf(':');
  if (colon >= 0 && !/^[\w<>?]+$/.test(before.slice(colon + 1).trim())) return null;
  const words = (colon >= 0 ? before.slice(0, colon) : before).trim().split(/\s+/);
  const name = words.pop() ?? '';
  if (words[0] === 'final') words.shift();
  if (!/^\w+$/.test(name) || words.length > 1 || (words.length === 1 && !/^[\w<>[\],.?]+$/.test(words[0] as string))) return null;
  return { lhs: name, rhs };
}

/** Names a line assigns and the expression it assigns from, or null. */
export function assignment(line: string, lang: SrcLang): { names: string[]; rhs: string } | null {
  const m = splitAssignment(line, lang);
  if (!m) return null;
  const names = (m.lhs.match(/[A-Za-z_$][\w$]*/g) ?? []).filter((n) => !STOP.has(n));
  // `{ text: answer }` binds `answer`; keeping `text` too is harmless.
  return names.length > 0 ? { names: [...new Set(names.map((n) => n.split('.')[0] as string))], rhs: m.rhs } : null;
}

const esc = (s: string) => s.replace(/[$]/g, '\\$');

interface CallSite {
  line: number;
  label: string;
  /** `streamed`: free text streamed straight back to the client (a chat reply), which drives no action by itself. */
  validation: 'in-call' | 'after' | 'streamed' | 'none';
  sinks: { line: number; kind: SinkKind }[];
}

/** Per-file analysis: model call sites, how each is validated, and where its output goes. */
export function analyseFile(view: Pick<SourceView, 'text' | 'lang' | 'masked'>): CallSite[] {
  const lang = view.lang;
  if (lang !== 'js' && lang !== 'py' && lang !== 'go' && lang !== 'java' && lang !== 'kotlin') return [];
  const lines = view.masked.split('\n');
  const map = lang === 'py' ? undefined : blockMap(mask(view.text, lang, { strings: true }));
  const sites: CallSite[] = [];
  const seen = new Set<number>();
  const fileStructured = lang === 'py' ? /with_structured_output\(|instructor\.(from_|patch)|\boutput_type\s*=|\bresult_type\s*=/.test(view.masked) : /withStructuredOutput\(/.test(view.masked);
  for (const call of CALLS) {
    if (!call.langs.includes(lang)) continue;
    if (call.fileHint && !call.fileHint.test(view.masked)) continue;
    for (let i = 0; i < lines.length; i++) {
      if (seen.has(i) || !call.regex.test(lines[i] as string)) continue;
      seen.add(i);
      const region = enclosingRegion(lang, lines, i, map);
      const validation = grade(lines, region, i, lang, call, fileStructured);
      // Structured output constrains the JSON itself, so parsing it is not a raw-output sink.
      const sinks = findSinks(lines, region, i, lang).filter((s) => !(validation === 'in-call' && s.kind === 'json-parse'));
      sites.push({ line: i + 1, label: call.label, validation, sinks });
    }
  }
  return sites.sort((a, b) => a.line - b.line);
}

function grade(lines: string[], r: Region, callIdx: number, lang: SrcLang, call: CallPattern, fileStructured: boolean): CallSite['validation'] {
  if (call.structured) return 'in-call';
  const body = lines.slice(r.start, r.end + 1).join('\n');
  const after = lines.slice(callIdx, r.end + 1).join('\n');
  if (IN_CALL[lang].test(body)) return 'in-call';
  if (call.label === 'LangChain invoke' && fileStructured) return 'in-call';
  if (fileStructured && lang === 'py' && call.label === 'pydantic-ai run') return 'in-call';
  if (AFTER[lang].test(after) || (lang === 'py' && /pydantic/.test(lines.join('\n')) && /\b[A-Z]\w*\(\*\*/.test(after))) {
    // The tool definition usually sits at module level, so look at the whole file.
    return TOOL_SCHEMA.test(lines.join('\n')) ? 'in-call' : 'after';
  }
  if (lang === 'js' && call.label === 'generateText' && STREAMED_TO_CLIENT.test(after)) return 'streamed';
  return 'none';
}

/** AI SDK helpers that send a streamText result to the HTTP client as it is. */
const STREAMED_TO_CLIENT = /\.(toDataStreamResponse|toTextStreamResponse|toUIMessageStreamResponse|pipeDataStreamToResponse|pipeTextStreamToResponse|pipeUIMessageStreamToResponse|mergeIntoDataStream|toUIMessageStream)\(/;

function findSinks(lines: string[], r: Region, callIdx: number, lang: SrcLang): CallSite['sinks'] {
  const tainted = new Set<string>();
  const first = assignment(lines[callIdx] ?? '', lang);
  if (first) for (const n of first.names) tainted.add(n);
  const out: CallSite['sinks'] = [];
  const sinks = SINKS.filter((s) => s.langs.includes(lang));
  for (let i = callIdx + 1; i <= r.end; i++) {
    const l = lines[i] as string;
    const t = tainted.size > 0 ? [...tainted].map(esc).join('|') : '(?!)';
    const touches = mentions(l, t);
    if (touches) {
      for (const s of sinks) {
        if (!s.test(l, t)) continue;
        // JSON parse followed by a schema parse in the same function is the validated path.
        if (s.kind === 'json-parse' && AFTER[lang].test(lines.slice(i, r.end + 1).join('\n'))) continue;
        if (SANITISER.test(l)) continue;
        out.push({ line: i + 1, kind: s.kind });
        break;
      }
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
  return out;
}

/** LangChain4j AI services: each interface method is a call site; a typed return is a schema. */
const UNTYPED_RETURN = /^(String|TokenStream|AiMessage|Response<AiMessage>|Flux<String>|Result<String>|void|Unit|Any|Object)\??$/;
function aiServiceMethods(lines: string[], lang: SrcLang): CallSite[] {
  const out: CallSite[] = [];
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
      out.push({ line: j + 1, label: 'LangChain4j AI service', validation: UNTYPED_RETURN.test(ret) ? 'none' : 'in-call', sinks: [] });
      i = j;
      break;
    }
  }
  return out;
}

const GUARD_LIBS: Lib[] = [
  { name: 'Guardrails AI', pypi: ['guardrails-ai'], py: ['guardrails'], npm: ['@guardrails-ai/*'] },
  { name: 'NeMo Guardrails', pypi: ['nemoguardrails'] },
  { name: 'LLM Guard', pypi: ['llm-guard'], py: ['llm_guard'] },
  { name: 'Rebuff', pypi: ['rebuff'], npm: ['rebuff'] },
].map((l) => ({ ...l, group: 'guard' }));

function collectCalls(view: SourceView): Finding[] {
  const lang = view.lang;
  if (lang !== 'js' && lang !== 'py' && lang !== 'go' && lang !== 'java' && lang !== 'kotlin') return [];
  const sites = [...analyseFile(view), ...(lang === 'java' || lang === 'kotlin' ? aiServiceMethods(view.masked.split('\n'), lang) : [])];
  const out: Finding[] = [];
  for (const s of sites) {
    out.push({ kind: 'llm-call', path: view.file.path, line: s.line, excerpt: excerptOf(view.lines[s.line - 1], view.file), data: { label: s.label, validation: s.validation, group: 'calls' } });
    for (const k of s.sinks) out.push({ kind: 'llm-sink', path: view.file.path, line: k.line, excerpt: excerptOf(view.lines[k.line - 1], view.file), data: { sink: k.kind, callLine: s.line, group: 'calls' } });
  }
  return out;
}

const SINK_WORDS: Record<SinkKind, string> = { 'json-parse': 'JSON parse without schema', eval: 'eval/exec', sql: 'SQL string', shell: 'shell command', html: 'raw HTML' };

function evaluateValidation(ctx: UsageContext, calls: Finding[]): Signal {
  const id = VALIDATION.id;
  const guard = ctx.usage('guard');
  const guardEvidence = [...guard.inUse, ...guard.hints].flatMap((g) => (g.app[0] ?? g.declared[0] ? [ctx.evidence((g.app[0] ?? g.declared[0]) as Finding, `${g.lib.name} present`)] : []));
  if (calls.length === 0) {
    return { id, status: 'unknown', confidence: 'low', summary: 'an LLM SDK is in use but no recognisable model call was found to check', evidence: guardEvidence };
  }
  const none = calls.filter((c) => c.data?.validation === 'none');
  const inCall = calls.filter((c) => c.data?.validation === 'in-call');
  const after = calls.filter((c) => c.data?.validation === 'after');
  const streamed = calls.filter((c) => c.data?.validation === 'streamed');
  const details = { calls: calls.length, schemaInCall: inCall.length, parsedAfter: after.length, streamedToClient: streamed.length, unvalidated: none.length };
  const validatedEvidence = [...inCall, ...after].map((c) => ctx.evidence(c, c.data?.validation === 'in-call' ? 'schema in the call' : 'schema parse after the call'));
  if (none.length === 0 && streamed.length > 0) {
    // A chat reply streamed to the user has no schema to meet; whether it drives an action or is stored is for a person to say.
    return {
      id, status: 'unknown', confidence: 'low',
      summary: `${streamed.length} model call(s) stream free text straight to the client (a chat reply): a schema applies only where the output drives an action or is stored${inCall.length + after.length > 0 ? `; the other ${inCall.length + after.length} validate output` : ''}`,
      evidence: [...streamed.map((c) => ctx.evidence(c, 'streamed to the client')), ...validatedEvidence].slice(0, 12), details,
    };
  }
  if (none.length === 0) {
    return {
      id, status: 'pass', confidence: after.length === 0 ? 'high' : 'medium',
      summary: `all ${calls.length} model call(s) validate output (${inCall.length} schema in the call, ${after.length} parsed after)`,
      evidence: validatedEvidence.slice(0, 12), details,
    };
  }
  const unvalidated = none.map((c) => ctx.evidence(c, 'no schema for this output'));
  const share = `${inCall.length + after.length} of ${calls.length} model call(s) validate output${streamed.length > 0 ? `, ${streamed.length} of them streaming a chat reply to the client` : ''}`;
  if (guard.inUse.length > 0) {
    return { id, status: 'unknown', confidence: 'low', summary: `${share}; a guardrails library is present but not proven to cover the rest`, evidence: [...unvalidated, ...guardEvidence].slice(0, 12), details };
  }
  return { id, status: 'fail', confidence: 'medium', summary: `${share}; unvalidated at ${none.slice(0, 3).map((c) => `${sanitizePath(c.path)}:${c.line}`).join(', ')}${none.length > 3 ? ` (+${none.length - 3} more)` : ''}`, evidence: [...unvalidated, ...streamed.map((c) => ctx.evidence(c, 'streamed to the client')), ...validatedEvidence].slice(0, 12), details };
}

function evaluateHandling(ctx: UsageContext, calls: Finding[], sinks: Finding[]): Signal {
  const id = HANDLING.id;
  if (sinks.length > 0) {
    const kinds = [...new Set(sinks.map((s) => SINK_WORDS[s.data?.sink as SinkKind] ?? String(s.data?.sink)))];
    const evidence: Evidence[] = sinks.slice(0, 12).map((s) => ctx.evidence(s, `model output → ${SINK_WORDS[s.data?.sink as SinkKind] ?? ''} (call at line ${String(s.data?.callLine)})`));
    return { id, status: 'fail', confidence: 'medium', summary: `model output reaches ${kinds.join(', ')} unvalidated (${sinks.length} place(s))`, evidence, details: { sinks: sinks.length, calls: calls.length } };
  }
  if (calls.length === 0) return { id, status: 'unknown', confidence: 'low', summary: 'an LLM SDK is in use but no recognisable model call was found to follow', evidence: [] };
  return {
    id, status: 'pass', confidence: 'medium',
    summary: `no output of ${calls.length} model call(s) reaches JSON.parse, eval, SQL, a shell or raw HTML unvalidated (within each calling function)`,
    evidence: calls.slice(0, 8).map((c) => ctx.evidence(c, 'call followed; no unsafe sink')), details: { sinks: 0, calls: calls.length },
  };
}

export const llmOutputDetector: Detector = createUsageDetector({
  id: 'llm-output',
  signals: [VALIDATION, HANDLING],
  libs: [...LLM_LIBS, ...GUARD_LIBS],
  patterns: LLM_PATTERNS,
  prefilter: ['completions', 'responses', 'messages', 'generate', 'Generate', 'invoke', 'completion', 'ollama', 'converse', 'Converse', 'InvokeModel', 'agent', 'Messages', 'prompt(', 'chat(', '@UserMessage', '@SystemMessage', 'CreateChatCompletion'],
  collectExtra: collectCalls,
  evaluate(ctx) {
    const v = llmApplicability(ctx, VALIDATION.id);
    const h = llmApplicability(ctx, HANDLING.id);
    if (v && h) return [v, h];
    const app = ctx.findings.filter((f) => pathRole(f.path) === 'app');
    const calls = app.filter((f) => f.kind === 'llm-call');
    const sinks = app.filter((f) => f.kind === 'llm-sink');
    return [evaluateValidation(ctx, calls), evaluateHandling(ctx, calls, sinks)];
  },
});

