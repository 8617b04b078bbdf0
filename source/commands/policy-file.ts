import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_POLICY, mergePolicy, PolicySchema, type Policy } from '../assessment/policy.js';
import { ASSESSMENT_DIR } from '../assessment/files.js';
import { sanitizeLine } from '../util/sanitize.js';
import { UsageError } from '../runtime/io.js';
import { readTextFileSafe, SafeReadError } from '../util/safe-read.js';

/**
 * The team's gate policy on disk: `.shipshape/policy.yaml` in the repository, or a
 * file named with `check --policy`. `check` applies all of it; the wizard uses the
 * waiver limit, so a waiver the gate would not honour is refused when it is given.
 */

const POLICY_FILE = 'policy.yaml';

export function repositoryPolicyFile(repoRoot: string): string {
  return path.join(repoRoot, ASSESSMENT_DIR, POLICY_FILE);
}

/**
 * The file's settings (only those it sets), undefined when an optional file is
 * absent. Problems are UsageErrors. `within`: the repository, for its own policy
 * file (a link out of it is not read); omitted for a file the user named.
 */
export function readPolicyFile(file: string, required: boolean, within?: string): Partial<Policy> | undefined {
  let text: string;
  try {
    text = readTextFileSafe(file, { maxBytes: 1024 * 1024, ...(within !== undefined && { within: [within] }) });
  } catch (error) {
    if (!(error instanceof SafeReadError)) throw error;
    if (!required && error.problem === 'missing') return undefined;
    throw new UsageError(`cannot read the policy file ${sanitizeLine(file, 300)}: it ${sanitizeLine(error.why, 300)}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    throw new UsageError(`policy file ${sanitizeLine(file, 300)} is not valid YAML: ${sanitizeLine(String((error as Error).message).split('\n')[0] ?? '', 200)}`);
  }
  const parsed = PolicySchema.partial().safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
    throw new UsageError(`policy file ${sanitizeLine(file, 300)}: ${sanitizeLine(problems, 600)} (keys: ${Object.keys(PolicySchema.shape).join(', ')})`);
  }
  return parsed.data;
}

/** The repository's policy for the wizard: a broken file is a note, not a stop (the gate reports it). */
export function wizardPolicy(repoRoot: string): { policy: Policy; warning: string | null } {
  try {
    return { policy: mergePolicy(readPolicyFile(repositoryPolicyFile(repoRoot), false, repoRoot)), warning: null };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { policy: DEFAULT_POLICY, warning: `${error.message}; the default policy applies in this session` };
  }
}
