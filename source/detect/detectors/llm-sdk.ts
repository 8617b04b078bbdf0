import type { Detector, SignalMeta } from '../types.js';
import { createUsageDetector, usageSignal } from './usage/detector.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'llm.sdk', title: 'LLM SDK', passWhen: 'the code calls a large-language-model API', informational: true };

/**
 * Model-API clients, group "llm". Exported because every llm.* signal is
 * not_applicable without one: those detectors include this list to decide.
 */
export const LLM_LIBS: readonly Lib[] = [
  { name: 'OpenAI', npm: ['openai', '@azure/openai'], pypi: ['openai'], go: ['github.com/sashabaranov/go-openai', 'github.com/openai/openai-go'], maven: ['com.openai:*', 'com.theokanning.openai-gpt3-java:*', 'io.github.sashirestela:simple-openai', 'com.aallam.openai:*'], jvm: ['com.openai', 'com.theokanning.openai', 'io.github.sashirestela.openai', 'com.aallam.openai'] },
  { name: 'Anthropic', npm: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk'], pypi: ['anthropic'], go: ['github.com/anthropics/anthropic-sdk-go', 'github.com/liushuangls/go-anthropic'], maven: ['com.anthropic:*'], jvm: ['com.anthropic'] },
  { name: 'Google Gemini', npm: ['@google/generative-ai', '@google/genai', '@google-cloud/vertexai'], pypi: ['google-generativeai', 'google-genai', 'vertexai', 'google-cloud-aiplatform'], py: ['google.generativeai', 'google.genai', 'vertexai'], go: ['github.com/google/generative-ai-go', 'google.golang.org/genai', 'cloud.google.com/go/vertexai'], maven: ['com.google.genai:*', 'com.google.cloud:google-cloud-vertexai'], jvm: ['com.google.genai', 'com.google.cloud.vertexai'] },
  { name: 'Vercel AI SDK', npm: ['ai', '@ai-sdk/*', '@openrouter/ai-sdk-provider'] },
  { name: 'LangChain', npm: ['langchain', '@langchain/*'], pypi: ['langchain', 'langchain-*', 'langgraph'], py: ['langchain', 'langchain_core', 'langchain_openai', 'langchain_anthropic', 'langchain_community', 'langchain_google_genai', 'langchain_aws', 'langchain_ollama', 'langchain_mistralai', 'langgraph'], go: ['github.com/tmc/langchaingo'] },
  { name: 'LlamaIndex', npm: ['llamaindex', '@llamaindex/*'], pypi: ['llama-index', 'llama-index-*'], py: ['llama_index'] },
  { name: 'LangChain4j', maven: ['dev.langchain4j:*'], jvm: ['dev.langchain4j'] },
  { name: 'Spring AI', maven: ['org.springframework.ai:*'], jvm: ['org.springframework.ai'] },
  { name: 'Azure OpenAI / AI Inference', npm: ['@azure-rest/ai-inference'], pypi: ['azure-ai-inference'], py: ['azure.ai.inference'], maven: ['com.azure:azure-ai-openai', 'com.azure:azure-ai-inference'], jvm: ['com.azure.ai.openai', 'com.azure.ai.inference'] },
  { name: 'Amazon Bedrock', npm: ['@aws-sdk/client-bedrock-runtime'], go: ['github.com/aws/aws-sdk-go-v2/service/bedrockruntime'], maven: ['software.amazon.awssdk:bedrockruntime'], jvm: ['software.amazon.awssdk.services.bedrockruntime'] },
  { name: 'Amazon Bedrock (boto3)', broad: true, pypi: ['boto3'], requires: 'bedrock-runtime' },
  { name: 'Cohere', npm: ['cohere-ai'], pypi: ['cohere'], go: ['github.com/cohere-ai/cohere-go'] },
  { name: 'Mistral', npm: ['@mistralai/mistralai'], pypi: ['mistralai'] },
  { name: 'Groq', npm: ['groq-sdk'], pypi: ['groq'] },
  { name: 'LiteLLM', pypi: ['litellm'] },
  { name: 'Ollama', npm: ['ollama'], pypi: ['ollama'], go: ['github.com/ollama/ollama/api'] },
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

export const llmSdkDetector: Detector = createUsageDetector({
  id: 'llm-sdk',
  signals: [META],
  libs: LLM_LIBS,
  patterns: LLM_PATTERNS,
  evaluate: (ctx) => [
    usageSignal(ctx, {
      meta: META,
      group: 'llm',
      what: 'LLM SDK',
      looked: 'OpenAI, Anthropic, Gemini, Vercel AI SDK, LangChain, LlamaIndex, LiteLLM, Bedrock, LangChain4j, Spring AI, …',
      absent: { status: 'not_applicable', summary: 'no LLM SDK found in manifests or imports' },
    }),
  ],
});
