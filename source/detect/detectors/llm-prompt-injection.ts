import { dataOf, type InjectionFact } from './llm/facts.js';
import { places, type LlmSignal } from './llm/model.js';

/** Request input inside the instructions lets a user rewrite them (OWASP LLM01). */
export const promptInjectionSignal: LlmSignal = {
  meta: { id: 'llm.prompt-injection-surface', title: 'Request input kept out of instructions', passWhen: 'request input is not interpolated into system-role messages or instructions (fail-only)' },
  evaluate(m) {
    const id = 'llm.prompt-injection-surface';
    const na = m.applicability(id);
    if (na) return na;
    const found = m.facts('llm-injection');
    if (found.length > 0) {
      // One evidence item per place, naming every input that reaches it.
      const byPlace = new Map<string, { first: (typeof found)[number]; inputs: string[] }>();
      for (const f of found) {
        const at = m.where(f);
        const input = dataOf<InjectionFact>(f).input;
        const seen = byPlace.get(at);
        if (!seen) byPlace.set(at, { first: f, inputs: [input] });
        else if (!seen.inputs.includes(input)) seen.inputs.push(input);
      }
      const evidence = [...byPlace.values()].slice(0, 12).map(({ first, inputs }) => m.evidence(first, `request input (${inputs.join(', ')}) in a system-role message`));
      return { id, status: 'fail', confidence: 'medium', summary: `request input goes into the system message or instructions at ${places(m, found)}`, evidence };
    }
    return { id, status: 'pass', confidence: 'low', summary: `no request input found in the system messages or instructions of ${m.chatCalls.length} model call(s) (only prompts built in the calling function are read)`, evidence: m.chatCalls.slice(0, 4).map((c) => m.evidence(c, 'system message read')) };
  },
};
