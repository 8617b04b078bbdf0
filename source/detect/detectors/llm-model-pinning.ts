import { dataOf, type ModelFact } from './llm/facts.js';
import { judgeModelId } from './llm/model-ids.js';
import type { LlmSignal } from './llm/model.js';

/** Floating aliases change behaviour under a deployed prompt without any change in the repository. */
export const modelPinningSignal: LlmSignal = {
  meta: { id: 'llm.model-pinning', title: 'Model versions pinned', passWhen: 'model ids are pinned versions or dated snapshots, not floating aliases' },
  evaluate(m) {
    const id = 'llm.model-pinning';
    const na = m.applicability(id);
    if (na) return na;
    const seen = new Set<string>();
    const judged = m.facts('llm-model').flatMap((f) => {
      const key = `${f.path}:${f.line}:${dataOf<ModelFact>(f).model}`;
      if (seen.has(key)) return [];
      seen.add(key);
      const v = judgeModelId(dataOf<ModelFact>(f).model);
      return v ? [{ f, v }] : [];
    });
    if (judged.length === 0) return { id, status: 'unknown', confidence: 'low', summary: 'no recognisable model id found where models are chosen (it may come from configuration)', evidence: [] };
    const floating = judged.filter((j) => !j.v.pinned);
    const ids = (list: typeof judged) => [...new Set(list.map((j) => j.v.id))];
    const details = { models: ids(judged), floating: ids(floating) };
    if (floating.length > 0) {
      return { id, status: 'fail', confidence: 'high', summary: `floating model alias(es) in use: ${ids(floating).slice(0, 6).join(', ')}`, evidence: floating.slice(0, 12).map((j) => m.evidence(j.f, `${j.v.id}: ${j.v.why}`)), details };
    }
    return { id, status: 'pass', confidence: 'medium', summary: `model ids are pinned: ${ids(judged).slice(0, 6).join(', ')}`, evidence: judged.slice(0, 8).map((j) => m.evidence(j.f, `${j.v.id}: ${j.v.why}`)), details };
  },
};
