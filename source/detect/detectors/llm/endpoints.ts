/**
 * Where a model API lives: provider hosts, AI gateways, local model servers and the
 * request paths every OpenAI-, Anthropic- or Gemini-compatible server answers on.
 * Used by every language's analysis to decide that an HTTP call is a model call.
 * All matching is substring or anchored-literal work: linear in the URL's length.
 */

export type EndpointRoute = 'provider' | 'gateway' | 'local' | 'compatible';
export type CallKind = 'chat' | 'embedding' | 'other';

export interface Endpoint {
  /** Who answers: "OpenAI", "Lovable AI Gateway", "Ollama (local)", … */
  name: string;
  route: EndpointRoute;
  kind: CallKind;
}

interface HostRule {
  host: string;
  name: string;
  route: EndpointRoute;
}

// Longest, most specific first: gateways that proxy a provider's host name come before it.
const HOSTS: readonly HostRule[] = [
  { host: 'ai.gateway.lovable.dev', name: 'Lovable AI Gateway', route: 'gateway' },
  { host: 'ai-gateway.vercel.sh', name: 'Vercel AI Gateway', route: 'gateway' },
  { host: 'gateway.ai.cloudflare.com', name: 'Cloudflare AI Gateway', route: 'gateway' },
  { host: 'openrouter.ai', name: 'OpenRouter', route: 'gateway' },
  { host: 'api.portkey.ai', name: 'Portkey', route: 'gateway' },
  { host: 'helicone.ai', name: 'Helicone', route: 'gateway' },
  { host: 'api.openai.com', name: 'OpenAI', route: 'provider' },
  { host: 'api.anthropic.com', name: 'Anthropic', route: 'provider' },
  { host: 'generativelanguage.googleapis.com', name: 'Google Gemini', route: 'provider' },
  { host: 'aiplatform.googleapis.com', name: 'Google Vertex AI', route: 'provider' },
  { host: '.openai.azure.com', name: 'Azure OpenAI', route: 'provider' },
  { host: '.services.ai.azure.com', name: 'Azure AI', route: 'provider' },
  { host: '.cognitiveservices.azure.com', name: 'Azure OpenAI', route: 'provider' },
  { host: 'bedrock-runtime.', name: 'Amazon Bedrock', route: 'provider' },
  { host: 'api.mistral.ai', name: 'Mistral', route: 'provider' },
  { host: 'api.groq.com', name: 'Groq', route: 'provider' },
  { host: 'api.together.xyz', name: 'Together', route: 'provider' },
  { host: 'api.together.ai', name: 'Together', route: 'provider' },
  { host: 'api.fireworks.ai', name: 'Fireworks', route: 'provider' },
  { host: 'api.deepseek.com', name: 'DeepSeek', route: 'provider' },
  { host: 'api.x.ai', name: 'xAI', route: 'provider' },
  { host: 'api.perplexity.ai', name: 'Perplexity', route: 'provider' },
  { host: 'api.cohere.ai', name: 'Cohere', route: 'provider' },
  { host: 'api.cohere.com', name: 'Cohere', route: 'provider' },
  { host: 'api-inference.huggingface.co', name: 'Hugging Face Inference', route: 'provider' },
  { host: 'router.huggingface.co', name: 'Hugging Face Inference', route: 'provider' },
  { host: 'api.replicate.com', name: 'Replicate', route: 'provider' },
  { host: 'api.cerebras.ai', name: 'Cerebras', route: 'provider' },
  { host: 'api.deepinfra.com', name: 'DeepInfra', route: 'provider' },
  { host: 'dashscope.aliyuncs.com', name: 'Alibaba DashScope', route: 'provider' },
  { host: 'ark.cn-beijing.volces.com', name: 'Volcengine Ark', route: 'provider' },
  { host: ':11434', name: 'Ollama (local)', route: 'local' },
  { host: ':1234/v1', name: 'LM Studio (local)', route: 'local' },
];

/** Literal pieces of model URLs: what a file must contain before its HTTP calls are worth reading. */
export const ENDPOINT_LITERALS: readonly string[] = [
  ...new Set(HOSTS.map((h) => h.host.replace(/^[.:]/, ''))),
  '/chat/completions', '/v1/messages', '/v1/responses', '/v1/completions', '/v1/embeddings', ':generateContent', ':streamGenerateContent', '/api/generate', '/api/chat',
];

/**
 * Paths that identify a model API whatever the host (a self-hosted vLLM or a
 * company proxy). `/api/chat` and `/api/generate` are Ollama's, but also every
 * second web app's own routes: they count only on an Ollama host.
 */
function pathKind(p: string): { kind: CallKind; compatible: boolean } | null {
  if (p.includes('/chat/completions') || /\/v\d+\/completions\b/.test(p) || p.includes('/v1/responses') || p.includes('/v1/messages')) return { kind: 'chat', compatible: true };
  if (p.includes(':generatecontent') || p.includes(':streamgeneratecontent') || p.includes('/converse') || /\/model\/[^/]+\/invoke/.test(p)) return { kind: 'chat', compatible: true };
  if (p.includes('/embeddings') || p.includes(':embedcontent') || p.includes(':batchembedcontents') || p.includes('/v1/embed')) return { kind: 'embedding', compatible: true };
  if (p.includes('/images/') || p.includes('/audio/') || p.includes('/moderations') || p.includes(':predict')) return { kind: 'other', compatible: false };
  return null;
}

/**
 * A URL (or the literal parts of one: a template with holes is passed with the
 * holes blanked) → the model endpoint it names, or null. Relative URLs are the
 * app's own routes, never a model.
 */
export function matchEndpoint(url: string): Endpoint | null {
  const u = url.slice(0, 2048).toLowerCase();
  const host = HOSTS.find((h) => u.includes(h.host));
  const path = pathKind(u);
  if (host) {
    // Ollama's own API paths count on its port only.
    if (host.route === 'local' && !path && !/\/api\/(chat|generate|embed)/.test(u)) return null;
    const kind = path?.kind ?? (host.route === 'local' && u.includes('/api/embed') ? 'embedding' : 'chat');
    return { name: host.name, route: host.route, kind };
  }
  // A path alone counts on an absolute or configured base, not on the app's own relative route.
  if (path?.compatible && !u.startsWith('/') && !u.startsWith('.')) return { name: 'OpenAI-compatible endpoint', route: 'compatible', kind: path.kind };
  return null;
}

const MODEL_WORDS = new Set(['OPENAI', 'ANTHROPIC', 'CLAUDE', 'GEMINI', 'GOOGLE_AI', 'LLM', 'OPENROUTER', 'OLLAMA', 'MISTRAL', 'GROQ', 'LITELLM', 'DEEPSEEK', 'AZURE_OPENAI', 'AOAI', 'VLLM', 'LMSTUDIO', 'PORTKEY', 'HELICONE', 'BEDROCK', 'TOGETHER', 'FIREWORKS', 'PERPLEXITY', 'XAI', 'GROK', 'COHERE', 'GPT', 'CHATGPT', 'AI', 'MODEL', 'INFERENCE', 'COMPLETION', 'COMPLETIONS', 'CHAT']);
const URL_WORDS = new Set(['URL', 'URI', 'ENDPOINT', 'BASE', 'HOST', 'APIBASE', 'BASEURL', 'SERVER', 'GATEWAY', 'PROXY']);

/**
 * An environment variable whose name says it holds a model endpoint:
 * `OPENAI_BASE_URL`, `AZURE_OPENAI_ENDPOINT`, `AI_GATEWAY_URL`, `LLM_API_URL`,
 * `OLLAMA_HOST`. A bare `API_URL` or `BACKEND_URL` says nothing about models.
 */
export function envNamesModelEndpoint(name: string): string | null {
  if (name.length > 80) return null;
  const parts = name.toUpperCase().split(/[_\-.]/).filter(Boolean);
  if (!parts.some((p) => URL_WORDS.has(p))) return null;
  const joined = parts.join('_');
  if (joined.includes('AI_GATEWAY')) return 'AI gateway';
  const word = parts.find((p) => MODEL_WORDS.has(p) && p !== 'AI' && p !== 'MODEL' && p !== 'CHAT' && p !== 'COMPLETION' && p !== 'COMPLETIONS' && p !== 'INFERENCE');
  if (word) return `${word.charAt(0)}${word.slice(1).toLowerCase()} endpoint`;
  // "AI" or "MODEL" alone must sit next to the URL word: AI_API_URL, MODEL_ENDPOINT, INFERENCE_URL.
  if (parts.some((p) => p === 'AI' || p === 'MODEL' || p === 'INFERENCE' || p === 'COMPLETIONS')) return 'model endpoint';
  return null;
}

/** An environment variable whose name says it holds a model provider's key (`OPENAI_API_KEY`, `LOVABLE_API_KEY`). */
export function envNamesModelKey(name: string): boolean {
  if (name.length > 80) return false;
  const parts = name.toUpperCase().split(/[_\-.]/).filter(Boolean);
  if (!parts.some((p) => p === 'KEY' || p === 'APIKEY' || p === 'TOKEN' || p === 'SECRET')) return false;
  return parts.some((p) => MODEL_WORDS.has(p) && p !== 'MODEL' && p !== 'CHAT' && p !== 'COMPLETION' && p !== 'COMPLETIONS' && p !== 'INFERENCE') || parts.includes('LOVABLE') && parts.includes('API');
}
