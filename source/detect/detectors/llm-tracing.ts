import type { Detector, Signal, SignalMeta } from '../types.js';
import { LLM_LIBS, LLM_PATTERNS } from './llm-sdk.js';
import { createUsageDetector, usageSignal, type UsageContext } from './usage/detector.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'llm.tracing', title: 'Prompt-level tracing', passWhen: 'prompt-level tracing (Langfuse, LangSmith, Helicone, OpenLLMetry, Phoenix, …)' };

const LIBS: Lib[] = [
  { name: 'Langfuse', npm: ['langfuse', 'langfuse-node', 'langfuse-langchain', 'langfuse-vercel', '@langfuse/*'], pypi: ['langfuse'], go: ['github.com/henomis/langfuse-go'], maven: ['com.langfuse:*'], jvm: ['com.langfuse'] },
  { name: 'LangSmith', npm: ['langsmith'], pypi: ['langsmith'] },
  { name: 'Helicone', npm: ['@helicone/*'], pypi: ['helicone'] },
  { name: 'OpenLLMetry (Traceloop)', npm: ['@traceloop/*'], pypi: ['traceloop-sdk'], py: ['traceloop'], go: ['github.com/traceloop/go-openllmetry'] },
  { name: 'OpenInference / Arize Phoenix', npm: ['@arizeai/*'], pypi: ['arize-phoenix', 'arize-phoenix-otel', 'openinference-*', 'arize'], py: ['phoenix', 'openinference', 'arize'], maven: ['com.arize:*'], jvm: ['com.arize'] },
  { name: 'Weights & Biases Weave', npm: ['weave'], pypi: ['weave'] },
  { name: 'PromptLayer', npm: ['promptlayer'], pypi: ['promptlayer'] },
  { name: 'Lunary', npm: ['lunary'], pypi: ['lunary'] },
  { name: 'Braintrust', npm: ['braintrust'], pypi: ['braintrust'] },
  { name: 'Opik', npm: ['opik'], pypi: ['opik'] },
  { name: 'AgentOps', npm: ['agentops'], pypi: ['agentops'] },
  { name: 'Laminar', npm: ['@lmnr-ai/lmnr'], pypi: ['lmnr'] },
  { name: 'PostHog LLM analytics', npm: ['@posthog/ai'], pypi: [] },
  // OpenTelemetry instrumentations of model SDKs record each prompt and completion as spans (exported by whatever OTel distro is set up).
  {
    name: 'OpenTelemetry model-SDK instrumentation',
    npm: ['@opentelemetry/instrumentation-openai', '@elastic/opentelemetry-instrumentation-openai', '@azure/opentelemetry-instrumentation-azure-sdk'],
    pypi: ['opentelemetry-instrumentation-openai', 'opentelemetry-instrumentation-openai-v2', 'opentelemetry-instrumentation-openai-agents', 'opentelemetry-instrumentation-anthropic', 'opentelemetry-instrumentation-bedrock', 'opentelemetry-instrumentation-vertexai', 'opentelemetry-instrumentation-google-genai', 'opentelemetry-instrumentation-google-generativeai', 'opentelemetry-instrumentation-langchain', 'opentelemetry-instrumentation-llamaindex', 'opentelemetry-instrumentation-mistralai', 'opentelemetry-instrumentation-groq', 'opentelemetry-instrumentation-cohere', 'opentelemetry-instrumentation-ollama', 'opentelemetry-instrumentation-together', 'opentelemetry-instrumentation-replicate', 'opentelemetry-instrumentation-crewai'],
    py: ['opentelemetry.instrumentation.openai', 'opentelemetry.instrumentation.openai_v2', 'opentelemetry.instrumentation.openai_agents', 'opentelemetry.instrumentation.anthropic', 'opentelemetry.instrumentation.bedrock', 'opentelemetry.instrumentation.vertexai', 'opentelemetry.instrumentation.google_genai', 'opentelemetry.instrumentation.google_generativeai', 'opentelemetry.instrumentation.langchain', 'opentelemetry.instrumentation.llamaindex', 'opentelemetry.instrumentation.mistralai', 'opentelemetry.instrumentation.groq', 'opentelemetry.instrumentation.cohere', 'opentelemetry.instrumentation.ollama', 'opentelemetry.instrumentation.together', 'opentelemetry.instrumentation.replicate', 'opentelemetry.instrumentation.crewai'],
  },
  { name: 'MLflow tracing', broad: true, pypi: ['mlflow'], requires: 'mlflow-trace' },
  { name: 'Logfire LLM instrumentation', broad: true, pypi: ['logfire'], requires: 'logfire-llm' },
  ...LLM_LIBS,
];

const PATTERNS: CodePattern[] = [
  { id: 'helicone-proxy', label: 'Helicone proxy base URL', langs: ['js', 'py', 'go', 'java', 'kotlin', 'config'], literal: ['helicone.ai', 'Helicone-Auth'], regex: /helicone\.ai|Helicone-Auth/ },
  { id: 'ai-sdk-telemetry', label: 'Vercel AI SDK experimental_telemetry', langs: ['js'], literal: ['experimental_telemetry'], regex: /experimental_telemetry\s*:\s*\{[^}]*isEnabled\s*:\s*true|experimental_telemetry\s*:\s*\{\s*$/ },
  { id: 'mlflow-trace', group: 'aux', label: 'mlflow autolog/trace', langs: ['py'], literal: ['mlflow'], regex: /mlflow\.\w+\.autolog\(|@mlflow\.trace\b|mlflow\.start_span\(/ },
  { id: 'logfire-llm', group: 'aux', label: 'logfire.instrument_openai/anthropic', langs: ['py'], literal: ['instrument_'], regex: /logfire\.instrument_(openai|anthropic|pydantic_ai|litellm)/ },
  { id: 'spring-ai-observations', label: 'Spring AI observations', langs: ['config'], literal: ['spring.ai', 'observations'], regex: /spring\.ai\.chat\.(client\.)?observations|^\s+observations:\s*$/, fileAlso: /spring\.ai|\bai:/ },
  // Only a hint: the variable may be set where it is never read.
  { id: 'langsmith-env', label: 'LANGCHAIN_TRACING_V2 / LANGSMITH_TRACING', langs: ['config', 'js', 'py'], literal: ['LANGCHAIN_TRACING', 'LANGSMITH_TRACING'], regex: /(LANGCHAIN_TRACING_V2|LANGSMITH_TRACING)\b/, weak: true },
  ...LLM_PATTERNS,
];

/** Shared by every llm.* signal: decides not_applicable / unknown from the llm group. */
export function llmApplicability(ctx: UsageContext, id: string): Signal | null {
  const llm = ctx.usage('llm');
  if (llm.inUse.length > 0) return null;
  if (llm.hints.length > 0) {
    const h = llm.hints[0];
    const f = h?.declared[0] ?? h?.test[0] ?? h?.example[0];
    return {
      id, status: 'unknown', confidence: 'low',
      summary: `an LLM SDK is declared or used outside application code (${llm.hints.map((x) => `${x.lib.name}: ${x.reason ?? ''}`).join('; ')}); cannot tell`,
      evidence: f ? [ctx.evidence(f, h?.reason)] : [],
    };
  }
  return { id, status: 'not_applicable', confidence: 'high', summary: 'no LLM SDK in use', evidence: [] };
}

export const llmTracingDetector: Detector = createUsageDetector({
  id: 'llm-tracing',
  signals: [META],
  libs: LIBS,
  patterns: PATTERNS,
  evaluate(ctx) {
    const na = llmApplicability(ctx, META.id);
    if (na) return [na];
    return [usageSignal(ctx, { meta: META, what: 'prompt-level tracing', looked: 'Langfuse, LangSmith, Helicone, OpenLLMetry, Phoenix/OpenInference, Weave, PromptLayer, Lunary, Braintrust, Opik, …' })];
  },
});
