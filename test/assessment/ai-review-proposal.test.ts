import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecklist } from '../../source/checklist/load.js';
import { proposeAnswer } from '../../source/assessment/propose.js';
import type { Signal } from '../../source/detect/types.js';

const checklist = loadChecklist(path.resolve(import.meta.dirname, '../../checklists/ai-production-readiness.yaml'));
const question = checklist.questions.find((q) => q.id === 'supply-chain.ai-changes-reviewed');

describe('supply-chain.ai-changes-reviewed', () => {
  it('is never proposed yes on merges alone, whatever the routes', () => {
    expect(question).toBeDefined();
    for (const status of ['pass', 'fail', 'unknown', 'not_applicable'] as const) {
      const s: Signal = { id: 'ai.assisted-commits', status, confidence: 'high', summary: '40 of 40 came through pull-request merges', evidence: [], details: { via_pull_request: 40, via_other_merge: 0, direct: 0, review_shown: 0 } };
      const p = proposeAnswer(question!, new Map([[s.id, s]]));
      expect(p?.state).not.toBe('yes');
    }
  });
});
