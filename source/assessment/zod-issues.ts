import type * as z from 'zod';

/**
 * Turn zod issues into lines a person can act on, naming the field the way they
 * would find it in the file: answers["auth.mfa"].state. The input values are never
 * echoed (they may be long or secret); key names are, and the caller sanitises them.
 */

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENT.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(top level)' : out;
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type': {
      const missing = / received undefined$/.test(issue.message);
      return missing ? `missing (expected ${issue.expected})` : issue.message.replace(/^Invalid input: /, '');
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_key':
      return `this key ${issue.issues[0]?.message ?? 'is not allowed'}`;
    case 'invalid_union': {
      // zod 4 reports a bad discriminator as a union issue carrying the accepted values.
      const { options, note } = issue as { options?: unknown; note?: unknown };
      if (note === 'No matching discriminator' && Array.isArray(options)) {
        return `expected one of ${options.map((v) => String(v)).join(', ')}`;
      }
      return 'does not match any accepted shape';
    }
    default:
      return issue.message;
  }
}

/** At most `limit` lines, plus a count of the rest. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], limit = 8): string[] {
  const lines = issues.slice(0, limit).map((issue) => `${formatPath(issue.path)}: ${describe(issue)}`);
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`);
  return lines;
}
