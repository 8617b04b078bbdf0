import type { SignalMeta } from '../types.js';
import { dataOf, type CallFact } from './llm/facts.js';
import type { LlmSignal } from './llm/model.js';
import { usageSignal } from './usage/detector.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'llm.tracing', title: 'Prompt-level tracing', passWhen: 'prompt-level tracing (Langfuse, LangSmith, Helicone, OpenLLMetry, Phoenix, …)' };

export const TRACING_LIBS: readonly Lib[] = [
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
].map((l) => ({ ...l, group: 'tracing' }));

export const TRACING_PATTERNS: readonly CodePattern[] = [
  { id: 'helicone-proxy', group: 'tracing', label: 'Helicone proxy base URL', langs: ['js', 'py', 'go', 'java', 'kotlin', 'config'], literal: ['helicone.ai', 'Helicone-Auth'], regex: /helicone\.ai|Helicone-Auth/ },
  { id: 'ai-sdk-telemetry', group: 'tracing', label: 'Vercel AI SDK experimental_telemetry', langs: ['js'], literal: ['experimental_telemetry'], regex: /experimental_telemetry\s*:\s*\{[^}]*isEnabled\s*:\s*true|experimental_telemetry\s*:\s*\{\s*$/ },
  { id: 'mlflow-trace', group: 'aux', label: 'mlflow autolog/trace', langs: ['py'], literal: ['mlflow'], regex: /mlflow\.\w+\.autolog\(|@mlflow\.trace\b|mlflow\.start_span\(/ },
  { id: 'logfire-llm', group: 'aux', label: 'logfire.instrument_openai/anthropic', langs: ['py'], literal: ['instrument_'], regex: /logfire\.instrument_(openai|anthropic|pydantic_ai|litellm)/ },
  { id: 'spring-ai-observations', group: 'tracing', label: 'Spring AI observations', langs: ['config'], literal: ['spring.ai', 'observations'], regex: /spring\.ai\.chat\.(client\.)?observations|^\s+observations:\s*$/, fileAlso: /spring\.ai|\bai:/ },
  { id: 'agents-tracing-off', group: 'aux', label: 'Agents SDK tracing disabled', langs: ['py', 'js', 'config'], literal: ['tracing_disabled', 'TracingDisabled', 'DISABLE_TRACING'], regex: /set_tracing_disabled\(\s*True|setTracingDisabled\(\s*true|OPENAI_AGENTS_DISABLE_TRACING\s*[=:]\s*["']?(1|true)/ },
  // Only a hint: the variable may be set where it is never read.
  { id: 'langsmith-env', group: 'tracing', label: 'LANGCHAIN_TRACING_V2 / LANGSMITH_TRACING', langs: ['config', 'js', 'py'], literal: ['LANGCHAIN_TRACING', 'LANGSMITH_TRACING'], regex: /(LANGCHAIN_TRACING_V2|LANGSMITH_TRACING)\b/, weak: true },
];

export const tracingSignal: LlmSignal = {
  meta: META,
  evaluate(m) {
    const na = m.applicability(META.id);
    if (na) return na;
    const s = usageSignal(m.ctx, { meta: META, group: 'tracing', what: 'prompt-level tracing', looked: 'Langfuse, LangSmith, Helicone, OpenLLMetry, Phoenix/OpenInference, Weave, PromptLayer, Lunary, Braintrust, Opik, …' });
    // Calls routed through a gateway that logs every request (Helicone, Portkey, Cloudflare AI Gateway) are traced there;
    // the OpenAI Agents SDK traces every run unless tracing is switched off.
    const logged = m.calls.filter((c) => /Helicone|Portkey|Cloudflare AI Gateway|OpenAI Agents SDK/.test(dataOf<CallFact>(c).via));
    const disabled = m.ctx.findings.some((f) => f.kind === 'pattern' && f.data?.pattern === 'agents-tracing-off');
    if (s.status !== 'pass' && logged.length > 0 && !disabled) {
      return { ...s, status: 'pass', confidence: 'medium', summary: `prompt-level tracing built in: ${[...new Set(logged.map((c) => dataOf<CallFact>(c).via))].join(', ')} records each request`, evidence: logged.slice(0, 6).map((c) => m.evidence(c, /Agents SDK/.test(dataOf<CallFact>(c).via) ? 'Agents SDK run: traced by default' : 'routed through a logging AI gateway')) };
    }
    if (s.status === 'fail') return { ...s, evidence: m.calls.slice(0, 6).map((c) => m.evidence(c, 'model call with no prompt tracing around it')) };
    return s;
  },
};
