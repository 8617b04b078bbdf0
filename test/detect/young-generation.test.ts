import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../source/detect/young-generation.ts');
const MB = 1024 * 1024;

/**
 * In a fresh process (the young generation never shrinks, so a test process's own
 * would say nothing): churn objects that survive a scavenge or two, as a scan does,
 * and report the new space's size after each step.
 */
function youngSizes(steps: string, nodeFlags: string[] = []): number[] {
  const script = `
    import v8 from 'node:v8';
    const { holdYoungGeneration, checkYoungGeneration } = await import(${JSON.stringify(MODULE)});
    const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const churn = () => { let keep = []; for (let i = 0; i < 4e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 200000) keep = []; if (i % 50000 === 0) checkYoungGeneration(); } };
    const out = []; let release = () => {};
    for (const step of ${JSON.stringify(steps)}.split(' ')) {
      if (step === 'hold') release = holdYoungGeneration();
      else if (step === 'release') release();
      else { churn(); out.push(size()); }
    }
    console.log(JSON.stringify(out));`;
  const out = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(out) as number[];
}

describe('holding the young generation during a scan', () => {
  it('stops its growth at 16 MB, and lets it grow again once released', () => {
    const [held, released] = youngSizes('hold churn release churn');
    expect(held).toBeLessThanOrEqual(16 * MB);
    expect(released).toBeGreaterThan(16 * MB);
  });

  it('without a hold the same churn grows it past the cap (so the test above can fail)', () => {
    const [free] = youngSizes('churn');
    expect(free).toBeGreaterThan(16 * MB);
  });

  it('leaves alone a process started with its own semi-space size', () => {
    const [held] = youngSizes('hold churn', ['--max-semi-space-size=32']);
    expect(held).toBeGreaterThan(16 * MB);
  });
});
