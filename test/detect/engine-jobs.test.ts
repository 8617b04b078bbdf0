import { describe, expect, it } from 'vitest';
import { SelectionPool, toJob } from '../../source/detect/engine-jobs.js';
import { makeEntry } from '../../source/detect/walk.js';

describe('the list of files waiting to be read', () => {
  it('shares one array between files with the same selection, and keeps different ones apart', () => {
    const pool = new SelectionPool();
    const a = pool.intern([0, 3, 7]);
    expect(pool.intern([0, 3, 7])).toBe(a);
    expect(pool.intern([0, 3])).not.toBe(a);
    expect(pool.intern([0, 37])).not.toBe(pool.intern([0, 3, 7]));
    expect(pool.intern([])).toEqual([]);
  });

  it('derives the path to open only when a job is made', () => {
    const entry = makeEntry('src/a.ts', 10, true);
    const asked: string[] = [];
    const job = toJob({ entry, detectors: [1] }, (e) => (asked.push(e.path), `/root/${e.path}`));
    expect(job).toEqual({ entry, fsPath: '/root/src/a.ts', detectors: [1] });
    expect(asked).toEqual(['src/a.ts']);
  });
});
