import { LiteralGroups } from '../../prefilter.js';
import type { Detector, FileEntry, Finding } from '../../types.js';
import { clientExposureSignal } from '../llm-client-exposure.js';
import { APPROVAL_PATTERNS, humanApprovalSignal } from '../llm-human-approval.js';
import { modelPinningSignal } from '../llm-model-pinning.js';
import { GUARD_LIBS, handlingSignal, validationSignal } from '../llm-output.js';
import { evalsSignal, moderationSignal, PRACTICE_LIBS, PRACTICE_PATTERNS, retrievalSignal, usageTrackingSignal } from '../llm-practices.js';
import { promptInjectionSignal } from '../llm-prompt-injection.js';
import { promptSecretsSignal } from '../llm-prompt-secrets.js';
import { LLM_LIBS, LLM_PATTERNS, sdkSignal } from '../llm-sdk.js';
import { timeoutsSignal } from '../llm-timeouts.js';
import { tokenLimitsSignal } from '../llm-token-limits.js';
import { toolScopeSignal } from '../llm-tool-scope.js';
import { TRACING_LIBS, TRACING_PATTERNS, tracingSignal } from '../llm-tracing.js';
import { createUsageDetector, excerptOf, type SourceView } from '../usage/detector.js';
import { parseManifest } from '../usage/manifests.js';
import { ENDPOINT_LITERALS } from './endpoints.js';
import { withNote } from '../../engine-signals.js';
import { fact } from './facts.js';
import { candidateMarker } from './helper-candidates.js';
import { analyseJs, publicKeyRefs } from './js-ast.js';
import { parseJs } from './js-parse.js';
import { analyseLines, pythonPromptFacts, pythonTools } from './lines.js';
import { buildModel, type LlmSignal } from './model.js';
import { MODEL_ID_SHAPE } from './model-ids.js';

/**
 * The AI detector: one collect per file for every AI signal (model calls by any
 * route, helper facts, prompts, tools, model ids, client exposure), and one join
 * at evaluate time. Each signal is its own module; adding one means adding it here.
 */
export const LLM_SIGNALS: readonly LlmSignal[] = [
  sdkSignal, validationSignal, handlingSignal, tracingSignal,
  clientExposureSignal, tokenLimitsSignal, modelPinningSignal, promptSecretsSignal, promptInjectionSignal, timeoutsSignal, toolScopeSignal,
  usageTrackingSignal, evalsSignal, retrievalSignal, moderationSignal, humanApprovalSignal,
];

/** Words a file must contain before its calls are worth reading as model calls. */
const LLM_HINT = /openai|anthropic|generative|genai|@ai-sdk|["']ai["']|langchain|llama_?index|ollama|bedrock|mistral|groq|cohere|litellm|pydantic_ai|\bagents\b|eino|springframework\.ai|replicate|huggingface|portkey|mastra|claude|gemini|vertexai|aiplatform|crewai|autogen|smolagents|arkruntime|lovable|openrouter|deepseek|\bgpt-/i;
const LLM_WORD = /\bLLM|LLM_|_LLM|\bllm/;
/** Names imported from this repository (`import { a, b as c } from './x'`, `import d from '@/y'`, `import * as ns from '../z'`). */
const REL_IMPORT = /\bimport\s+(?:type\s+)?([\w$]+\s*,?\s*)?(?:\*\s*as\s+([\w$]+)\s*)?(?:\{([^}]{0,2000})\}\s*)?from\s*["'](?:\.{1,2}\/|@\/|~\/|#\/)/g;

/** `await f(`, `return f(`, `await f<`, `await ns.`, `return ns.`: the name and the character after it. */
const AWAITED_CALL = /(await|return) ([\p{L}\p{N}_$]+)([(<.])/gu;

/** A JS/TS file that awaits or returns a function imported from this repository: it may use a model-output helper. */
function callsLocalHelper(text: string): boolean {
  if (!text.includes('await ') && !text.includes('return ')) return false;
  // What is awaited or returned, read once (a search per imported name per form cost a pass over the file each).
  let calls: Set<string> | undefined;
  for (const m of text.matchAll(REL_IMPORT)) {
    if (!calls) {
      calls = new Set();
      for (const c of text.matchAll(AWAITED_CALL)) if (c[1] === 'await' || c[3] !== '<') calls.add(`${c[2]}${c[3]}`);
    }
    const names = [m[1], ...(m[3] ?? '').split(',').map((p) => p.trim().split(/\s+as\s+/).pop())].map((n) => n?.replace(/[\s,]/g, '')).filter((n): n is string => !!n && n !== 'type');
    const called = calls;
    if (names.some((n) => called.has(`${n}(`) || called.has(`${n}<`))) return true;
    if (m[2] && called.has(`${m[2]}.`)) return true;
  }
  return false;
}
const PY_FROM_IMPORT = /^\s*from\s+[.\w]+\s+import\s/m;
const PUBLIC_PREFIXES = ['VITE_', 'NEXT_PUBLIC_', 'EXPO_PUBLIC_', 'REACT_APP_', 'NUXT_PUBLIC_', 'PUBLIC_', 'GATSBY_', 'VUE_APP_'];
const CLIENT_BUNDLERS = /^(vite|react-scripts|expo|@vitejs\/plugin-react(-swc)?|react-native|@ionic\/react|@capacitor\/core)$/;
/** The bundlers' names as a manifest spells them: an app with no model package still has its client root found. */
const CLIENT_BUNDLER_KEYS = ['"vite"', '"react-scripts"', '"expo"', '"@vitejs/plugin-react', '"react-native"', '"@ionic/react"', '"@capacitor/core"'];

/** Model API endpoints (group 0) and public env prefixes (group 1), read off the engine's one literal pass (a search per literal cost a pass over every file each). */
const ENDPOINTS = new LiteralGroups([ENDPOINT_LITERALS, PUBLIC_PREFIXES]);

function relevant(text: string, literals: ReadonlySet<number>): boolean {
  return LLM_HINT.test(text) || LLM_WORD.test(text) || literals.has(0);
}

/** Model ids written where a model is chosen: `model: "…"`, `MODEL = "…"`, `openai("…")`, `.model("…")`. */
const MODEL_ASSIGN = /\b([A-Za-z_]\w{0,40})["']?\s*[:=]\s*["'`]([^"'`\s]{2,80})["'`]/g;
const MODEL_CALL = /\b(?:openai|anthropic|google|gemini|mistral|groq|xai|deepseek|azure|bedrock|ollama|openrouter|gateway|vertex|model|modelName|withModel)\s*(?:\.\w{1,30})?\(\s*["'`]([^"'`\s]{2,80})["'`]/g;

/** Configuration: `spring.ai.openai.chat.options.model=gpt-4o`, `model: gpt-4o-mini`, `OPENAI_MODEL=…`. */
const MODEL_CONFIG = /^\s*[\w.-]{0,120}?\bmodel(?:[-_]?(?:name|id))?\s*[:=]\s*["']?([\w.\-:/]{2,80})/i;

/** A default read from a request: `data.get('model', 'gpt-3.5-turbo')`. */
const MODEL_DEFAULT = /\.get\(\s*["'](?:model|model_name|model_id|modelName|modelId)["']\s*,\s*["'`]([^"'`\s]{2,80})["'`]/g;
const PY_TRIPLE = /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)/g;

/**
 * The masked lines with Python's triple-quoted strings blanked (docstrings, prompt text): a
 * model id there is prose, not a choice; one on the line that opens such a string is not.
 */
function withoutProse(view: SourceView): readonly string[] {
  if (view.lang !== 'py' || (!view.masked.includes('"""') && !view.masked.includes("'''"))) return view.maskedLines;
  return view.masked.replace(PY_TRIPLE, (m) => m.slice(0, 3) + m.slice(3, -3).replace(/[^\n]/g, ' ') + m.slice(-3)).split('\n');
}

function modelIdsByLine(view: SourceView): Finding[] {
  const out: Finding[] = [];
  withoutProse(view).forEach((l, i) => {
    if (l.length > 4000) return;
    // Every form below quotes the id, except configuration's `model: gpt-4o`.
    if (view.lang !== 'config' && !l.includes('"') && !l.includes("'") && !l.includes('`')) return;
    const ids: string[] = [];
    if (view.lang === 'config') {
      const c = MODEL_CONFIG.exec(l);
      if (c) ids.push(c[1] as string);
    }
    for (const m of l.matchAll(MODEL_ASSIGN)) if (/model|deployment|engine/i.test(m[1] as string)) ids.push(m[2] as string);
    for (const m of l.matchAll(MODEL_CALL)) ids.push(m[1] as string);
    for (const m of l.matchAll(MODEL_DEFAULT)) ids.push(m[1] as string);
    for (const id of new Set(ids)) if (MODEL_ID_SHAPE.test(id)) out.push(fact('llm-model', view.file.path, i + 1, excerptOf(view.lines[i], view.file), { model: id }));
  });
  return out;
}

function collectCode(view: SourceView): Finding[] {
  const { file, text, lang } = view;
  const out: Finding[] = [];
  const literals = ENDPOINTS.groupsIn(text);
  const isRelevant = relevant(text, literals);
  if (lang === 'js') {
    if (literals.has(1)) out.push(...publicKeyRefs(file, text, view.lines));
    // A file whose tree can only show what it does with a helper's result waits for evaluate (helper-candidates.ts).
    const marker = isRelevant || callsLocalHelper(text) ? candidateMarker(file, text, isRelevant) : undefined;
    if (marker) out.push(marker);
    else if (marker === null) {
      const parsed = parseJs(file.path, text);
      if (parsed) out.push(...analyseJs({ file, text, lines: view.lines, sdkImported: isRelevant }, parsed));
      else if (isRelevant) out.push(...analyseLines(view));
    }
  } else if (lang === 'py' || lang === 'go' || lang === 'java' || lang === 'kotlin') {
    if (isRelevant || (lang === 'py' && PY_FROM_IMPORT.test(text))) out.push(...analyseLines(view));
    if (lang === 'py' && isRelevant) out.push(...pythonTools(view), ...pythonPromptFacts(view));
  }
  if (isRelevant && lang !== 'template') out.push(...modelIdsByLine(view));
  return out;
}

/**
 * A package that hands its build to other packages (`exports`, or `main`/`module` into
 * dist/, lib/, build/): a library built or tested with Vite (formbricks' packages/ai),
 * not an app whose code is shipped to browsers. Expo's `main` names its entry module.
 */
function publishesBuild(packageJson: string): boolean {
  try {
    const pkg = JSON.parse(packageJson) as Record<string, unknown>;
    if (pkg['exports'] !== undefined) return true;
    return ['main', 'module'].some((k) => typeof pkg[k] === 'string' && /^(?:\.\/)?(?:dist|lib|build|out|cjs|esm)\//.test(pkg[k] as string));
  } catch {
    return false;
  }
}

// Calls, prompts and every use of their output are facts the evaluation joins across files: a chat
// handler easily uses model output in more than 100 places (the support hub: 106 in one function file).
const KEEP_PER_FILE = 1_000;

const isEnvFile = (f: FileEntry) => f.base === '.env' || f.base.startsWith('.env.');

const usage = createUsageDetector({
  id: 'llm',
  signals: LLM_SIGNALS.map((s) => s.meta),
  libs: [...LLM_LIBS, ...TRACING_LIBS, ...GUARD_LIBS, ...PRACTICE_LIBS],
  patterns: [...LLM_PATTERNS, ...TRACING_PATTERNS, ...PRACTICE_PATTERNS, ...APPROVAL_PATTERNS],
  prefilter: [...ENDPOINT_LITERALS, 'from \'.', 'from ".', 'from \'@/', 'from "@/', 'from \'~/', 'from "~/', 'require(\'.', 'require(".', 'from .', 'import ', ...PUBLIC_PREFIXES, 'completions', 'generate', 'Generate', 'invoke', 'ollama', 'converse', 'Converse', 'agent', 'Agent', 'prompt(', 'chat(', '@UserMessage', '@SystemMessage', 'LLM', 'llm', ...CLIENT_BUNDLER_KEYS],
  collectExtra: collectCode,
  evaluate: (ctx) => {
    const model = buildModel(ctx, KEEP_PER_FILE);
    const signals = LLM_SIGNALS.map((s) => s.evaluate(model));
    return model.notKept === null ? signals : signals.map((s) => withNote(s, model.notKept));
  },
});

export const llmDetector: Detector = {
  ...usage,
  keepPerFile: KEEP_PER_FILE,
  selects: (f) => usage.selects(f) || isEnvFile(f),
  collect(file, text) {
    if (isEnvFile(file)) return publicKeyRefs(file, text, text.split('\n'));
    const out = usage.collect(file, text);
    if (file.base === 'package.json') {
      const tool = parseManifest(file, text).find((d) => !d.dev || CLIENT_BUNDLERS.test(d.name));
      const bundler = parseManifest(file, text).find((d) => CLIENT_BUNDLERS.test(d.name));
      const server = parseManifest(file, text).some((d) => /^(next|@remix-run\/node|@sveltejs\/kit|nuxt|express|fastify|hono|@nestjs\/core)$/.test(d.name));
      if (tool && bundler && !server && !publishesBuild(text)) out.push(fact('llm-client-root', file.path, bundler.line, '', { tool: bundler.name }));
    }
    return out;
  },
};
