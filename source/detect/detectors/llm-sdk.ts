import type { Evidence, SignalMeta } from '../types.js';
import { dataOf, type CallFact } from './llm/facts.js';
import type { LlmSignal } from './llm/model.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'llm.sdk', title: 'Model API calls', passWhen: 'the code calls a large-language-model API — through an SDK, an SDK imported by URL, or plain HTTP to a model endpoint or AI gateway', informational: true };

/**
 * Model-API clients and frameworks, group "llm". Exported because every AI signal
 * is not_applicable without a model call: the AI detector includes this list.
 */
export const LLM_LIBS: readonly Lib[] = [
  { name: 'OpenAI', npm: ['openai', '@azure/openai', '@openai/openai'], pypi: ['openai'], go: ['github.com/sashabaranov/go-openai', 'github.com/openai/openai-go'], maven: ['com.openai:*', 'com.theokanning.openai-gpt3-java:*', 'io.github.sashirestela:simple-openai', 'com.aallam.openai:*', 'dev.ai4j:openai4j'], jvm: ['com.openai', 'com.theokanning.openai', 'io.github.sashirestela.openai', 'com.aallam.openai', 'dev.ai4j.openai4j'] },
  { name: 'Anthropic', npm: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk'], pypi: ['anthropic'], go: ['github.com/anthropics/anthropic-sdk-go', 'github.com/liushuangls/go-anthropic'], maven: ['com.anthropic:*'], jvm: ['com.anthropic'] },
  { name: 'Google Gemini', npm: ['@google/generative-ai', '@google/genai', '@google-cloud/vertexai'], pypi: ['google-generativeai', 'google-genai', 'vertexai', 'google-cloud-aiplatform'], py: ['google.generativeai', 'google.genai', 'vertexai'], go: ['github.com/google/generative-ai-go', 'google.golang.org/genai', 'cloud.google.com/go/vertexai'], maven: ['com.google.genai:*', 'com.google.cloud:google-cloud-vertexai'], jvm: ['com.google.genai', 'com.google.cloud.vertexai'] },
  { name: 'Vercel AI SDK', npm: ['ai', '@ai-sdk/*', '@openrouter/ai-sdk-provider'] },
  { name: 'OpenAI Agents SDK', npm: ['@openai/agents', '@openai/agents-*'], pypi: ['openai-agents'], py: ['agents.Agent', 'agents.Runner', 'agents.function_tool'] },
  { name: 'Claude Agent SDK', npm: ['@anthropic-ai/claude-agent-sdk', '@anthropic-ai/claude-code'], pypi: ['claude-agent-sdk', 'claude-code-sdk'], py: ['claude_agent_sdk', 'claude_code_sdk'] },
  { name: 'Mastra', npm: ['@mastra/core'] },
  { name: 'LangChain', npm: ['langchain', '@langchain/*'], pypi: ['langchain', 'langchain-*', 'langgraph'], py: ['langchain', 'langchain_core', 'langchain_openai', 'langchain_anthropic', 'langchain_community', 'langchain_google_genai', 'langchain_aws', 'langchain_ollama', 'langchain_mistralai', 'langgraph'], go: ['github.com/tmc/langchaingo'] },
  { name: 'LlamaIndex', npm: ['llamaindex', '@llamaindex/*'], pypi: ['llama-index', 'llama-index-*'], py: ['llama_index'] },
  { name: 'CrewAI', pypi: ['crewai'] },
  { name: 'AutoGen', pypi: ['autogen-agentchat', 'pyautogen', 'ag2'], py: ['autogen_agentchat', 'autogen'] },
  { name: 'smolagents', pypi: ['smolagents'] },
  { name: 'Agno', pypi: ['agno', 'phidata'], py: ['agno', 'phi.agent'] },
  { name: 'Google ADK', pypi: ['google-adk'], py: ['google.adk'] },
  { name: 'LangChain4j', maven: ['dev.langchain4j:*'], jvm: ['dev.langchain4j'] },
  { name: 'Spring AI', maven: ['org.springframework.ai:*', 'com.alibaba.cloud.ai:*'], jvm: ['org.springframework.ai', 'com.alibaba.cloud.ai'] },
  { name: 'Eino', go: ['github.com/cloudwego/eino', 'github.com/cloudwego/eino-ext'] },
  { name: 'Volcengine Ark', go: ['github.com/volcengine/volcengine-go-sdk/service/arkruntime'], pypi: ['volcengine-python-sdk'], py: ['volcenginesdkarkruntime'] },
  { name: 'Azure OpenAI / AI Inference', npm: ['@azure-rest/ai-inference'], pypi: ['azure-ai-inference'], py: ['azure.ai.inference'], maven: ['com.azure:azure-ai-openai', 'com.azure:azure-ai-inference'], jvm: ['com.azure.ai.openai', 'com.azure.ai.inference'] },
  { name: 'Amazon Bedrock', npm: ['@aws-sdk/client-bedrock-runtime'], go: ['github.com/aws/aws-sdk-go-v2/service/bedrockruntime'], maven: ['software.amazon.awssdk:bedrockruntime'], jvm: ['software.amazon.awssdk.services.bedrockruntime'] },
  { name: 'Amazon Bedrock (boto3)', broad: true, pypi: ['boto3'], requires: 'bedrock-runtime' },
  { name: 'Cohere', npm: ['cohere-ai'], pypi: ['cohere'], go: ['github.com/cohere-ai/cohere-go'] },
  { name: 'Mistral', npm: ['@mistralai/mistralai'], pypi: ['mistralai'] },
  { name: 'Groq', npm: ['groq-sdk'], pypi: ['groq'] },
  { name: 'LiteLLM', pypi: ['litellm'] },
  { name: 'Ollama', npm: ['ollama'], pypi: ['ollama'], go: ['github.com/ollama/ollama/api'], maven: ['io.github.ollama4j:ollama4j'], jvm: ['io.github.ollama4j'] },
  { name: 'Replicate', npm: ['replicate'], pypi: ['replicate'], go: ['github.com/replicate/replicate-go'] },
  { name: 'Together', npm: ['together-ai'], pypi: ['together'] },
  { name: 'Fireworks', pypi: ['fireworks-ai'], py: ['fireworks'] },
  { name: 'Hugging Face Inference', broad: true, npm: ['@huggingface/inference'], pypi: ['huggingface-hub'], py: ['huggingface_hub'], requires: 'hf-inference' },
  { name: 'instructor', pypi: ['instructor'] },
  { name: 'pydantic-ai', pypi: ['pydantic-ai', 'pydantic-ai-slim'], py: ['pydantic_ai'] },
  { name: 'DSPy', pypi: ['dspy', 'dspy-ai'], py: ['dspy'] },
  { name: 'Haystack', pypi: ['haystack-ai'], py: ['haystack'] },
  { name: 'Semantic Kernel', pypi: ['semantic-kernel'], py: ['semantic_kernel'] },
  { name: 'Portkey', npm: ['portkey-ai'], pypi: ['portkey-ai'], py: ['portkey_ai'] },
  { name: 'Transformers (local models)', pypi: ['transformers'], weak: true },
].map((l) => ({ ...l, group: 'llm' }));

/** Prerequisite patterns (group "aux"): generic SDKs count only when used for models. */
export const LLM_PATTERNS: readonly CodePattern[] = [
  { id: 'bedrock-runtime', group: 'aux', label: "boto3 client('bedrock-runtime')", langs: ['py'], literal: ['bedrock-runtime'], regex: /["']bedrock-runtime["']/ },
  { id: 'hf-inference', group: 'aux', label: 'InferenceClient', langs: ['js', 'py'], literal: ['InferenceClient', 'HfInference', 'chatCompletion'], regex: /\bInferenceClient\(|\bnew HfInference\(|\bchatCompletion\(/ },
];

const HOW: Record<CallFact['route'], string> = { sdk: 'SDK', http: 'HTTP', agent: 'agent framework' };

export const sdkSignal: LlmSignal = {
  meta: META,
  evaluate(m) {
    const id = META.id;
    const llm = m.ctx.usage('llm');
    if (m.calls.length === 0 && llm.inUse.length === 0) {
      const na = m.applicability(id);
      if (na?.status === 'unknown') return na;
      return { id, status: 'not_applicable', confidence: 'high', summary: 'no model API call found: no model SDK in use and no HTTP call to a model endpoint or AI gateway', evidence: [] };
    }
    // Group the calls by how they reach a model.
    const groups = new Map<string, { how: string; what: string; gateway: boolean; calls: typeof m.calls }>();
    for (const c of m.calls) {
      const d = dataOf<CallFact>(c);
      const key = `${d.route}|${d.via}`;
      const g = groups.get(key) ?? { how: HOW[d.route], what: d.via, gateway: d.gateway, calls: [] };
      g.calls.push(c);
      groups.set(key, g);
    }
    const urlImported = llm.inUse.filter((s) => s.app.some((f) => /^(https?:|npm:|jsr:)/.test(String(f.data?.module ?? ''))));
    const parts = [...groups.values()].sort((a, b) => b.calls.length - a.calls.length).map((g) => `${g.how === 'HTTP' ? `over HTTP to ${g.what}${g.gateway ? ' (AI gateway)' : ''}` : `through ${g.what}${g.how === 'agent framework' ? ' agent runs' : /SDK$/.test(g.what) ? '' : ' SDK'}`} (${g.calls.length} call site${g.calls.length === 1 ? '' : 's'})`);
    const libsOnly = llm.inUse.filter((s) => ![...groups.values()].some((g) => g.what.startsWith(s.lib.name)));
    if (libsOnly.length > 0) parts.push(`${libsOnly.map((s) => s.lib.name).join(', ')} imported`);
    if (urlImported.length > 0) parts.push(`${urlImported.map((s) => s.lib.name).join(', ')} imported by URL or registry specifier`);
    const evidence: Evidence[] = [];
    for (const g of groups.values()) {
      for (const c of g.calls.slice(0, 2)) evidence.push(m.evidence(c, `${g.how === 'HTTP' ? `HTTP call to ${g.what}` : `${g.what} ${g.how} call`}${g.gateway ? ' (AI gateway)' : ''}`));
    }
    for (const s of llm.inUse) {
      const f = s.app[0];
      if (f) evidence.push(m.evidence(f, `${s.lib.name} imported${/^(https?:|npm:|jsr:)/.test(String(f.data?.module ?? '')) ? ' by URL' : ''}`));
    }
    return {
      id, status: 'pass', confidence: m.calls.length > 0 || llm.inUse.some((s) => s.declared.length > 0) ? 'high' : 'medium',
      summary: `the code calls a model API: ${parts.join('; ')}`,
      evidence: evidence.slice(0, 12),
      details: {
        calls: m.calls.length,
        via: [...groups.values()].map((g) => ({ how: g.how, what: g.what, gateway: g.gateway, calls: g.calls.length })),
        libraries: llm.inUse.map((s) => s.lib.name),
        hints: llm.hints.map((h) => h.lib.name),
      },
    };
  },
};
