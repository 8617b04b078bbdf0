import { describe, expect, it } from 'vitest';
import { setAnswer } from '../../source/assessment/answers.js';
import { evaluateGate } from '../../source/assessment/gate.js';
import { DEFAULT_POLICY } from '../../source/assessment/policy.js';
import { byNaturalOrder } from '../../source/util/compare.js';
import { alice, assessment, checklist, NOW, question } from '../helpers/builders.js';

describe('gate output order (defect 5)', () => {
  it('findings of one severity are ordered by code units, not by the locale ("ops-a", "ops.z", "ops_b", "opsa")', () => {
    // ICU's order for these is ops_b, ops-a, ops.z, opsa: punctuation weighs differently per locale and ICU version.
    const ids = ['opsa', 'ops_b', 'ops.z', 'ops-a'];
    const list = checklist(ids.map((id) => question(id, { severity: 'blocker' })));
    let a = assessment(list);
    for (const id of ids) a = setAnswer(a, id, { state: 'no' }, alice);
    const r = evaluateGate({ assessment: a, checklist: list, reconciled: null, policy: DEFAULT_POLICY, now: NOW, detectionOnly: false });
    expect(r.failures.map((f) => f.question)).toEqual(['ops-a', 'ops.z', 'ops_b', 'opsa']);
  });

  it('control ids sort naturally without a locale (crosswalk)', () => {
    expect(['CC6.10', 'CC6.9', 'CC6.1', 'A1.2', '164.312(b)', '164.312(a)(1)'].sort(byNaturalOrder)).toEqual([
      '164.312(a)(1)',
      '164.312(b)',
      'A1.2',
      'CC6.1',
      'CC6.9',
      'CC6.10',
    ]);
  });
});
