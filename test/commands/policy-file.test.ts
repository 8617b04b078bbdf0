import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../source/assessment/policy.js';
import { wizardPolicy } from '../../source/commands/policy-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function repo(policy?: string): string {
  const d = mkdtempSync(path.join(tmpdir(), 'shipshape-policy-'));
  dirs.push(d);
  if (policy !== undefined) {
    mkdirSync(path.join(d, '.shipshape'));
    writeFileSync(path.join(d, '.shipshape', 'policy.yaml'), policy);
  }
  return d;
}

describe('the policy the wizard applies', () => {
  it('is the repository policy file when there is one, else the default', () => {
    expect(wizardPolicy(repo('max_waiver_days: 30\n'))).toEqual({ policy: { ...DEFAULT_POLICY, max_waiver_days: 30 }, warning: null });
    expect(wizardPolicy(repo('max_waiver_days: null\n')).policy.max_waiver_days).toBeNull();
    expect(wizardPolicy(repo())).toEqual({ policy: DEFAULT_POLICY, warning: null });
  });

  it('a broken policy file is a warning and the default policy, not a stop', () => {
    const bad = wizardPolicy(repo('max_waiver_days: soon\n'));
    expect(bad.policy).toEqual(DEFAULT_POLICY);
    expect(bad.warning).toMatch(/policy\.yaml: max_waiver_days: .*; the default policy applies in this session/);
    expect(wizardPolicy(repo('max_waiver_days: [\n')).warning).toMatch(/not valid YAML/);
    // A huge number meant as "no limit" would put dates past year 9999: refused, with the way to say it.
    const huge = wizardPolicy(repo('max_waiver_days: 100000000\n'));
    expect(huge.policy).toEqual(DEFAULT_POLICY);
    expect(huge.warning).toMatch(/at most 3650 \(ten years\); null means no limit/);
  });
});
