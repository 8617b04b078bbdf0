import type { Signal } from '../detect/types.js';
import { sanitizeLine } from '../util/sanitize.js';

/**
 * "Does the service call AI models?", inferred once from the scan for every place
 * that pre-fills the scope (the wizard, the scope screen's note, the CI gate
 * without a saved review). `ai` is null when the scan cannot tell.
 */
export interface AiScopeInference {
  ai: boolean | null;
  /** One line for a person: what the scan found and how the code reaches a model. */
  words: string;
}

interface Via { how?: unknown; what?: unknown; calls?: unknown }

export function inferAiScope(signals: readonly Signal[]): AiScopeInference {
  const sdk = signals.find((s) => s.id === 'llm.sdk');
  if (!sdk) return { ai: null, words: 'the scan did not report model calls' };
  if (sdk.status === 'not_applicable') return { ai: false, words: 'the scan found no model calls (no model SDK, no HTTP call to a model endpoint or AI gateway)' };
  if (sdk.status !== 'pass') return { ai: null, words: `the scan could not tell: ${sanitizeLine(sdk.summary, 120)}` };
  const via = Array.isArray(sdk.details?.via) ? (sdk.details.via as Via[]) : [];
  const parts = via.slice(0, 3).map((v) => `${String(v.what ?? '?')} (${String(v.how ?? '?')}, ${Number(v.calls ?? 0)} call${Number(v.calls) === 1 ? '' : 's'})`);
  const more = via.length > 3 ? ` and ${via.length - 3} more` : '';
  const libs = Array.isArray(sdk.details?.libraries) ? (sdk.details.libraries as unknown[]).map(String) : [];
  const found = parts.length > 0 ? `${parts.join(', ')}${more}` : libs.length > 0 ? `${libs.slice(0, 3).join(', ')} imported` : sanitizeLine(sdk.summary, 120);
  const first = sdk.evidence[0];
  return { ai: true, words: sanitizeLine(`the scan found model calls: ${found}${first ? `, e.g. ${first.path}:${first.line ?? 1}` : ''}`, 200) };
}
