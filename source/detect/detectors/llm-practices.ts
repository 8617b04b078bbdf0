import { pathRole } from '../path-role.js';
import type { Finding, Signal } from '../types.js';
import { dataOf, type CallFact } from './llm/facts.js';
import { places, type LlmModel, type LlmSignal } from './llm/model.js';
import type { CodePattern, Lib } from './usage/spec.js';

/**
 * AI practices the code shows or lacks around its model calls: token-usage
 * recording (cost tracking), an evaluation suite, retrieval (which makes the
 * retrieval-access question apply), and moderation or guardrails. Each is judged
 * only where the code can disprove the question: finding one proves little about
 * how well it is done, finding none is a gap a person should confirm.
 */

export const PRACTICE_LIBS: readonly Lib[] = [
  // Evaluation suites usually live in dev dependencies and tests: declared anywhere counts.
  { name: 'promptfoo', group: 'evals', npm: ['promptfoo'], pypi: ['promptfoo'] },
  { name: 'Evalite', group: 'evals', npm: ['evalite'] },
  { name: 'autoevals', group: 'evals', npm: ['autoevals'], pypi: ['autoevals'] },
  { name: 'vitest-evals', group: 'evals', npm: ['vitest-evals'] },
  { name: 'DeepEval', group: 'evals', pypi: ['deepeval'] },
  { name: 'Ragas', group: 'evals', pypi: ['ragas'] },
  { name: 'Inspect', group: 'evals', pypi: ['inspect-ai'] },
  { name: 'TruLens', group: 'evals', pypi: ['trulens', 'trulens-eval'], py: ['trulens'] },
  { name: 'OpenAI Evals', group: 'evals', pypi: ['evals'], py: ['evals.api'] },
  { name: 'Phoenix evals', group: 'evals', npm: ['@arizeai/phoenix-evals'], pypi: ['arize-phoenix-evals'], py: ['phoenix.evals'] },
  // Vector stores and retrieval frameworks.
  { name: 'Pinecone', group: 'retrieval', npm: ['@pinecone-database/pinecone'], pypi: ['pinecone', 'pinecone-client'], py: ['pinecone'] },
  { name: 'Weaviate', group: 'retrieval', npm: ['weaviate-client', 'weaviate-ts-client'], pypi: ['weaviate-client'], py: ['weaviate'] },
  { name: 'Qdrant', group: 'retrieval', npm: ['@qdrant/js-client-rest'], pypi: ['qdrant-client'], py: ['qdrant_client'] },
  { name: 'Chroma', group: 'retrieval', npm: ['chromadb'], pypi: ['chromadb'] },
  { name: 'pgvector', group: 'retrieval', npm: ['pgvector'], pypi: ['pgvector'] },
  { name: 'Milvus', group: 'retrieval', npm: ['@zilliz/milvus2-sdk-node'], pypi: ['pymilvus'] },
  { name: 'LanceDB', group: 'retrieval', npm: ['@lancedb/lancedb', 'vectordb'], pypi: ['lancedb'] },
  { name: 'FAISS', group: 'retrieval', pypi: ['faiss-cpu', 'faiss-gpu'], py: ['faiss'] },
  { name: 'Upstash Vector', group: 'retrieval', npm: ['@upstash/vector'], pypi: ['upstash-vector'], py: ['upstash_vector'] },
  { name: 'Turbopuffer', group: 'retrieval', npm: ['@turbopuffer/turbopuffer'], pypi: ['turbopuffer'] },
  // Content screening.
  { name: 'Azure AI Content Safety', group: 'moderation', npm: ['@azure-rest/ai-content-safety'], pypi: ['azure-ai-contentsafety'], py: ['azure.ai.contentsafety'] },
  { name: 'Guardrails AI', group: 'moderation', pypi: ['guardrails-ai'], py: ['guardrails'], npm: ['@guardrails-ai/*'] },
  { name: 'NeMo Guardrails', group: 'moderation', pypi: ['nemoguardrails'] },
  { name: 'LLM Guard', group: 'moderation', pypi: ['llm-guard'], py: ['llm_guard'] },
  { name: 'Rebuff', group: 'moderation', pypi: ['rebuff'], npm: ['rebuff'] },
  { name: 'Lakera Guard', group: 'moderation', pypi: ['lakera-guard'], npm: ['@lakera/guard'] },
];

export const PRACTICE_PATTERNS: readonly CodePattern[] = [
  // A member or subscript read (`response.usage.total_tokens`, `r["usage"]["total_tokens"]`, `result.usageMetadata`): a type
  // or column declaring `input_tokens: number` reads nothing, and a bare `.usage` is as often a football player's or a CLI's.
  // Strings are read too (a subscript's key is one), comments are not.
  { id: 'usage-read', group: 'usage', label: 'token usage read from a model response', langs: ['js', 'py', 'go', 'java', 'kotlin'], literal: ['tokens', 'Tokens', 'usage', 'Usage', 'TokenCount'], regex: /(?:\.\s*|\[\s*["'])(?:prompt_tokens|completion_tokens|total_tokens|input_tokens|output_tokens|promptTokens|completionTokens|totalTokens|inputTokens|outputTokens|prompt_token_count|candidates_token_count|promptTokenCount|candidatesTokenCount|PromptTokens|CompletionTokens|TotalTokens|InputTokens|OutputTokens)\b|\.(?:usage_metadata|usageMetadata|UsageMetadata)\b/ },
  { id: 'eval-config', group: 'evals', label: 'promptfoo configuration', langs: ['config', 'js'], literal: ['prompts', 'providers', 'tests'], regex: /^\s*(prompts|providers|tests)\s*:/, path: /(^|\/)promptfooconfig\.(ya?ml|js|ts|json)$/ },
  { id: 'eval-call', group: 'evals', label: 'evaluation run', langs: ['js', 'py'], literal: ['Eval(', 'evaluate(', 'evalite(', 'assert_test(', 'describeEval('], code: true, regex: /\bEval\(\s*["'`]|\blangsmith\b.*\bevaluate\(|\bevaluate\(\s*\w+\s*,\s*data\s*=|\bevalite\(|\bassert_test\(|\bdescribeEval\(/ },
  { id: 'vector-query', group: 'retrieval', label: 'vector similarity query', langs: ['js', 'py', 'go', 'java', 'kotlin'], literal: ['match_', 'similarity_search', 'similaritySearch', '<=>', '<->', 'as_retriever', 'asRetriever', 'VectorStoreIndex', 'vector_search', 'knn'], regex: /\.rpc\(\s*["'`]match_\w*|\bsimilarity_search\w*\(|\bsimilaritySearch\w*\(|\bas_retriever\(|\basRetriever\(|\bVectorStoreIndex\b|<=>|<->\s*\$?\d|\$vectorSearch|\bvector_search\(|\bknn\s*:/ },
  { id: 'moderation-call', group: 'moderation', label: 'moderation or guardrail check', langs: ['js', 'py', 'go', 'java', 'kotlin'], literal: ['moderation', 'Moderation', 'guardrail', 'Guardrail', 'safetySettings', 'safety_settings', 'commentanalyzer', 'lakera', 'llama-guard', 'LlamaGuard'], regex: /\bmoderations\.create\(|\/v1\/moderations|omni-moderation|text-moderation|\b(input|output)_guardrail\b|\b(input|output)Guardrails?\s*:|\bguardrailIdentifier\b|\bguardrailConfig\b|\bsafetySettings\s*:|\bsafety_settings\s*=|commentanalyzer\.googleapis|api\.lakera\.ai|llama-?guard/i },
];

/** Findings of a usage group in application code (with `anyRole`, anywhere, dev dependencies included). */
export const present = (m: LlmModel, group: string, anyRole = false): Finding[] => m.ctx.findings.filter((f) => f.data?.group === group && (anyRole || pathRole(f.path) === 'app') && (f.kind !== 'dep' || anyRole || f.data?.dev !== true));

export const usageTrackingSignal: LlmSignal = {
  meta: { id: 'llm.usage-tracking', title: 'Token usage recorded', passWhen: 'the code reads token usage from model responses, or a tracing tool or logging gateway records it (fail-only: the basis of cost tracking)' },
  evaluate(m): Signal {
    const id = 'llm.usage-tracking';
    const na = m.applicability(id);
    if (na) return na;
    const reads = present(m, 'usage').filter((f) => f.kind === 'pattern');
    const tracing = m.ctx.usage('tracing');
    const gateways = m.calls.filter((c) => /Helicone|Portkey|Cloudflare AI Gateway|OpenRouter|Vercel AI Gateway/.test(dataOf<CallFact>(c).via));
    if (reads.length > 0 || tracing.inUse.length > 0 || tracing.patterns.length > 0 || gateways.length > 0) {
      const evidence = [...reads.slice(0, 6).map((f) => m.evidence(f, 'token usage read')), ...tracing.inUse.flatMap((s) => (s.app[0] ? [m.evidence(s.app[0], `${s.lib.name} records usage per call`)] : [])), ...gateways.slice(0, 2).map((c) => m.evidence(c, `${dataOf<CallFact>(c).via} reports usage per request`))];
      return { id, status: 'pass', confidence: 'medium', summary: `token usage is recorded (${[reads.length > 0 ? `read in ${places(m, reads, 2)}` : '', tracing.inUse.map((s) => s.lib.name).join(', '), [...new Set(gateways.map((c) => dataOf<CallFact>(c).via))].join(', ')].filter(Boolean).join('; ')}); whether it is tracked per feature and tenant with a budget is for a person`, evidence: evidence.slice(0, 10) };
    }
    return { id, status: 'fail', confidence: 'medium', summary: `none of ${m.calls.length} model call(s) has its token usage read, and no LLM tracing tool or usage-reporting gateway is in use: spend cannot be tracked per feature`, evidence: m.calls.slice(0, 6).map((c) => m.evidence(c, 'usage of this call not recorded')) };
  },
};

export const evalsSignal: LlmSignal = {
  meta: { id: 'llm.evals', title: 'Evaluation suite', passWhen: 'an evaluation suite for prompts and models exists (promptfoo, DeepEval, Ragas, Evalite, Braintrust or LangSmith evaluations, …) (fail-only)' },
  evaluate(m): Signal {
    const id = 'llm.evals';
    const na = m.applicability(id);
    if (na) return na;
    const found = present(m, 'evals', true).filter((f) => f.kind === 'dep' || f.kind === 'import' || f.kind === 'pattern');
    const files = m.ctx.input.index.files.filter((f) => /(^|\/)(evals?|evaluations?)\/[^/]+\.(ts|js|py|ya?ml|json|jsonl)$|\.eval\.(ts|js|py)$|(^|\/)promptfooconfig\./.test(f.path)).slice(0, 4);
    if (found.length > 0 || files.length > 0) {
      return { id, status: 'pass', confidence: 'medium', summary: `an evaluation suite is present (${[...new Set(found.map((f) => String(f.data?.lib ?? f.data?.label ?? '')))].filter(Boolean).join(', ') || files.map((f) => f.path).join(', ')}); whether every prompt or model change must pass it is for a person`, evidence: [...found.slice(0, 6).map((f) => m.evidence(f, 'evaluation tooling')), ...files.map((f) => ({ path: f.path, sha256: m.ctx.input.hashOf(f.path), note: 'evaluation file' }))].slice(0, 8) };
    }
    return { id, status: 'fail', confidence: 'medium', summary: 'no evaluation suite found (no promptfoo, DeepEval, Ragas, Evalite, Braintrust/LangSmith evaluations, evals/ folder or *.eval.* files): prompt and model changes ship untested', evidence: m.calls.slice(0, 4).map((c) => m.evidence(c, 'model call with no evaluation found')) };
  },
};

export const retrievalSignal: LlmSignal = {
  meta: { id: 'llm.retrieval', title: 'Retrieval-augmented generation', passWhen: 'informational: the code retrieves context for the model (embeddings, vector store queries); not_applicable when it does not', informational: true },
  evaluate(m): Signal {
    const id = 'llm.retrieval';
    const na = m.applicability(id);
    if (na) return na;
    const stores = present(m, 'retrieval').filter((f) => f.kind === 'import' || f.kind === 'pattern');
    const embeddings = m.calls.filter((c) => dataOf<CallFact>(c).kind === 'embedding');
    if (stores.length === 0 && embeddings.length === 0) return { id, status: 'not_applicable', confidence: 'medium', summary: `no retrieval found: no embeddings call and no vector store query beside ${m.calls.length} model call(s)`, evidence: [] };
    return { id, status: 'pass', confidence: 'medium', summary: `retrieval in use: ${[stores.length > 0 ? `${[...new Set(stores.map((f) => String(f.data?.lib ?? f.data?.label)))].join(', ')} at ${places(m, stores, 2)}` : '', embeddings.length > 0 ? `${embeddings.length} embeddings call(s)` : ''].filter(Boolean).join('; ')}`, evidence: [...stores.slice(0, 6).map((f) => m.evidence(f, 'retrieval')), ...embeddings.slice(0, 4).map((c) => m.evidence(c, 'embeddings call'))] };
  },
};

export const moderationSignal: LlmSignal = {
  meta: { id: 'llm.moderation', title: 'Moderation or guardrails', passWhen: 'model input or output is screened by a moderation endpoint or guardrail library (fail-only)' },
  evaluate(m): Signal {
    const id = 'llm.moderation';
    const na = m.applicability(id);
    if (na) return na;
    const found = present(m, 'moderation').filter((f) => f.kind === 'import' || f.kind === 'pattern');
    if (found.length > 0) return { id, status: 'pass', confidence: 'medium', summary: `moderation or guardrails in use at ${places(m, found, 3)}; what they screen and whether decisions are logged is for a person`, evidence: found.slice(0, 8).map((f) => m.evidence(f, 'screening')) };
    // Azure OpenAI and Gemini filter content by default; a missing check in code does not disprove screening there.
    const filtered = m.calls.filter((c) => /Azure|Gemini|Vertex/.test(dataOf<CallFact>(c).via));
    if (filtered.length > 0) return { id, status: 'unknown', confidence: 'low', summary: `no moderation in code, but ${[...new Set(filtered.map((c) => dataOf<CallFact>(c).via))].join(', ')} applies default content filters`, evidence: filtered.slice(0, 4).map((c) => m.evidence(c, 'provider with default content filters')) };
    return { id, status: 'fail', confidence: 'medium', summary: `no moderation endpoint, guardrail library or safety setting around ${m.calls.length} model call(s)`, evidence: m.calls.slice(0, 4).map((c) => m.evidence(c, 'no screening found')) };
  },
};
