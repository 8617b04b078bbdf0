import { describe, expect, it } from 'vitest';
import type { HistoryLine } from '../../source/assessment/gate-history.js';
import { sectionTrendLines } from '../../source/commands/history.js';

const run = (at: string, sections?: HistoryLine['sections']): HistoryLine => ({
  at,
  commit: null,
  dirty: false,
  assessment: '.shipshape/a.json',
  checklist: 'c@1',
  passed: true,
  verdict: 'ready',
  score: 50,
  failures: 0,
  warnings: 0,
  answered: 1,
  applicable: 1,
  ...(sections && { sections }),
});

describe('history: per-section trend', () => {
  it('draws a sparkline per section over the runs that recorded sections, with first → last and the direction', () => {
    const lines = sectionTrendLines([
      run('2025-05-01T00:00:00Z'),
      run('2025-05-02T00:00:00Z', [
        { id: 'auth', score: 10 },
        { id: 'gone', score: 90 },
      ]),
      run('2025-05-03T00:00:00Z', [
        { id: 'auth', score: 60 },
        { id: 'ops', score: null },
      ]),
      run('2025-05-04T00:00:00Z', [
        { id: 'auth', score: 100 },
        { id: 'ops', score: 40 },
        { id: '\u001b[31mevil', score: 5 },
      ]),
    ]);
    expect(lines).toEqual([
      'per section, last 3 runs\n',
      '  auth     ▁▅█  10% → 100% ▲\n',
      '  ops        ▄  40%\n',
      '  evil       ▁  5%\n',
      '  gone     █    90%\n',
    ]);
  });

  it('draws nothing when no run recorded sections (files written before this trend)', () => {
    expect(sectionTrendLines([run('2025-05-01T00:00:00Z')])).toEqual([]);
  });
});
