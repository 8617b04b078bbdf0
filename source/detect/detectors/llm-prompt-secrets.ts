import { dataOf, type PromptSecretFact } from './llm/facts.js';
import { places, type LlmSignal } from './llm/model.js';

/** Anything in the context can be talked out of the model or lands in provider logs. */
export const promptSecretsSignal: LlmSignal = {
  meta: { id: 'llm.prompt-secrets', title: 'No secrets in prompts', passWhen: 'no secret, key or connection string is interpolated into prompt text (fail-only)' },
  evaluate(m) {
    const id = 'llm.prompt-secrets';
    const na = m.applicability(id);
    if (na) return na;
    const found = m.facts('llm-prompt-secret');
    if (found.length > 0) {
      return { id, status: 'fail', confidence: 'high', summary: `secret(s) interpolated into prompt text: ${[...new Set(found.map((f) => dataOf<PromptSecretFact>(f).name))].slice(0, 5).join(', ')} at ${places(m, found)}`, evidence: found.slice(0, 12).map((f) => m.evidence(f, `${dataOf<PromptSecretFact>(f).name} goes into the prompt`)) };
    }
    return { id, status: 'pass', confidence: 'low', summary: `no environment secret or connection string found in the prompts of ${m.chatCalls.length} model call(s) (prompts built in other functions are not followed)`, evidence: m.chatCalls.slice(0, 4).map((c) => m.evidence(c, 'prompt read')) };
  },
};
