import { stripHashComment } from '../../linear-text.js';
import type { EvaluateInput, Evidence, FileEntry, Finding, FindingSeverity, Signal } from '../../types.js';
import { redactSecret } from '../../redact.js';
import { sanitizeLine } from '../../../util/sanitize.js';
import { isPlaceholderValue } from './false-positives.js';
import { plural } from './report.js';
import { isTestPath } from '../../path-role.js';
import { findSecrets, type RawSecret } from './scan.js';

/**
 * secrets.env-committed: no tracked `.env`-style file holding values.
 *
 * "Holding values" means at least one variable with a real value. Empty values and
 * placeholders don't count, and neither do variables that are public by design:
 * framework-public prefixes (`NEXT_PUBLIC_`, `VITE_`, …) and plain runtime settings
 * (`PORT`, `NODE_ENV`, …), unless their name says secret. Templates (`.env.example`,
 * `.env.sample`, …) are meant to be committed and are skipped. Env files in test
 * fixtures and `.env.test` are listed but do not fail the signal, matching the
 * test-fixture rule of secrets.hardcoded.
 */
export const ENV_COMMITTED_ID = 'secrets.env-committed';
export const ENV_KIND = 'env-file';
/** One credential line of an env file (the file's own finding is ENV_KIND). */
const ENV_LINE_KIND = 'env-credential';

const TEMPLATE = /(?:^|[.\-_])(?:example|examples|sample|samples|template|templates|dist|default|defaults|tpl|tmpl|schema|skeleton|stub|vault)(?:$|[.\-_])/;

/** `.env`, `.env.local`, `.env.production`, `prod.env`, `.envrc` — but not `.env.example` and friends. */
export function isEnvFile(base: string): boolean {
  const b = base.toLowerCase();
  const envLike = b === '.env' || b === '.envrc' || b.startsWith('.env.') || (b.endsWith('.env') && b.length > 4);
  if (!envLike) return false;
  return !TEMPLATE.test(b.replace(/^\.env/, ''));
}

const PUBLIC_PREFIX = /^(?:NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_|VUE_APP_|STORYBOOK_)/;
const PLAIN_SETTING =
  /^(?:NODE_ENV|PORT|HOST|HOSTNAME|LOG_LEVEL|LOGLEVEL|DEBUG|TZ|ENV|ENVIRONMENT|APP_ENV|APP_NAME|APP_URL|BASE_URL|PYTHONPATH|PYTHONUNBUFFERED|FLASK_APP|FLASK_ENV|FLASK_DEBUG|RAILS_ENV|RACK_ENV|GO_ENV|NODE_OPTIONS|LANG|LC_ALL)$/;
const SECRET_WORD = /SECRET|PASSWORD|PASSWD|PRIVATE|TOKEN|API_?KEY|CREDENTIAL/i;

interface EnvValue {
  key: string;
  value: string;
  line: number;
}

/**
 * Assignments that carry a real value (see the module comment for what is exempt).
 * `credentials` (1-based line → counts or not) overrides the name rules: a service-role
 * key under `VITE_…` is still a secret, a public anon key under `SUPABASE_ANON_KEY` is not.
 */
export function valuesIn(text: string, credentials: ReadonlyMap<number, boolean> = new Map()): EnvValue[] {
  const out: EnvValue[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]{0,120})\s*=\s*(.*)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const key = m[1] ?? '';
    const value = unquote((m[2] ?? '').replace(/\r$/, ''));
    const credential = credentials.get(i + 1);
    if (credential === false) continue;
    if (credential !== true) {
      if (isPlaceholderValue(value)) continue;
      if ((PUBLIC_PREFIX.test(key) || PLAIN_SETTING.test(key) || isPlainSettingValue(value)) && !SECRET_WORD.test(key)) continue;
    }
    out.push({ key, value, line: i + 1 });
  }
  return out;
}

/** Credentials on an env file's lines, by the same rules as secrets.hardcoded (values stay in this module). */
function credentialsIn(file: FileEntry, text: string): { line: number; raw: RawSecret }[] {
  const found = findSecrets(text, { base: file.base, ext: file.ext, env: true }).filter((r) => r.redactOnly !== true);
  if (found.length === 0) return [];
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return found.map((raw) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= raw.start) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, raw };
  });
}

/**
 * Values no one could use as a credential, under a name that does not say secret:
 * numbers, booleans, plain words (`development`, `Full Stack Project`) and loopback
 * hosts or URLs without credentials (`http://localhost:8025`).
 */
function isPlainSettingValue(value: string): boolean {
  if (/^(?:-?\d+(?:\.\d+)?|true|false|yes|no|on|off)$/i.test(value)) return true;
  if (/^[A-Za-z]+(?:[ ._-][A-Za-z]+)*$/.test(value)) return true;
  return /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?(?:\/[^\s@]*)?$/i.test(value);
}

function unquote(raw: string): string {
  const v = raw.trim();
  const q = v[0];
  if (q === '"' || q === "'" || q === '`') {
    const end = v.indexOf(q, 1);
    return end === -1 ? v.slice(1) : v.slice(1, end);
  }
  return stripHashComment(v).trim();
}

/** collect step for env files: names and counts only; the value is redacted in the excerpt. */
export function collectEnvFile(file: FileEntry, text: string): Finding[] {
  const creds = credentialsIn(file, text);
  const counted = new Map<number, boolean>();
  for (const c of creds) counted.set(c.line, counted.get(c.line) === true || !c.raw.informational);
  const values = valuesIn(text, counted);
  const credentialLines = creds.filter((c) => !c.raw.informational);
  // Point at the line a reviewer worries about: a credential first, then a secret-named key.
  const firstLine = credentialLines[0]?.line;
  const first = values.find((v) => v.line === firstLine) ?? values.find((v) => SECRET_WORD.test(v.key)) ?? values[0];
  const testLike = isTestPath(file.path) || /^\.env\.test(?:\.|$)/.test(file.base);
  const lineFindings: Finding[] = credentialLines.map(({ line, raw }) => {
    const key = values.find((v) => v.line === line)?.key ?? '';
    return {
      kind: ENV_LINE_KIND,
      path: file.path,
      line,
      excerpt: sanitizeLine(`${key ? `${key}=` : ''}${redactSecret(raw.secret).display}`),
      data: { key: sanitizeLine(key, 80), title: sanitizeLine(raw.title, 120), rule: raw.rule, severity: raw.severity, tracked: file.tracked, testLike },
    };
  });
  return [
    ...lineFindings,
    {
      kind: ENV_KIND,
      path: file.path,
      ...(first ? { line: first.line, excerpt: sanitizeLine(`${first.key}=${redactSecret(first.value).display}`) } : {}),
      data: {
        values: values.length,
        keys: sanitizeLine(
          values
            .slice(0, 8)
            .map((v) => v.key)
            .join(', '),
          200,
        ),
        tracked: file.tracked,
        testLike,
        credentialLines: credentialLines.length,
      },
    },
  ];
}

export function envCommittedSignal(input: EvaluateInput): Signal {
  const envFindings = input.findings.filter((f) => f.kind === ENV_KIND);
  const tracked = envFindings.filter((f) => f.data?.['tracked'] === true);
  const holding = tracked.filter((f) => Number(f.data?.['values'] ?? 0) > 0);
  const failing = holding.filter((f) => f.data?.['testLike'] !== true);
  const lineFindings = input.findings.filter((f) => f.kind === ENV_LINE_KIND && f.data?.['tracked'] === true);
  const evidence: Evidence[] = tracked.flatMap((f): Evidence[] => {
    const n = Number(f.data?.['values'] ?? 0);
    const keys = String(f.data?.['keys'] ?? '');
    const testLike = f.data?.['testLike'] === true;
    const sha256 = input.hashes.get(f.path) ?? input.hashOf(f.path);
    // Each credential line is cited on its own, with what it is.
    const lines = lineFindings.filter((l) => l.path === f.path);
    if (lines.length > 0) {
      return lines.map((l) => ({
        path: l.path,
        ...(l.line !== undefined ? { line: l.line } : {}),
        ...(l.excerpt !== undefined ? { excerpt: l.excerpt } : {}),
        sha256,
        note: `${String(l.data?.['title'] ?? 'credential')}; tracked env file, ${plural(n, 'value')}${testLike ? '; test fixture' : ''}`,
        ...(typeof l.data?.['severity'] === 'string' ? { severity: l.data['severity'] as FindingSeverity } : {}),
        ...(testLike ? { apart: 'test-fixture' as const } : {}),
      }));
    }
    let note = n > 0 ? `tracked, ${plural(n, 'value')}: ${keys}` : 'tracked, no secret values (empty, placeholder or public settings)';
    if (n > 0 && testLike) note += '; test fixture';
    return [
      {
        path: f.path,
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.excerpt !== undefined ? { excerpt: f.excerpt } : {}),
        sha256,
        note,
        ...(n > 0 && testLike ? { apart: 'test-fixture' as const } : {}),
      },
    ];
  });
  const prefix = input.git.isRepository ? '' : 'Not a git repository, so every env file present counts as committed: ';
  let summary: string;
  if (failing.length > 0) {
    summary = `${prefix}${plural(failing.length, 'tracked env file')} holding values: ${failing
      .slice(0, 3)
      .map((f) => f.path)
      .join(', ')}${failing.length > 3 ? ', …' : ''}`;
  } else if (tracked.length > 0) {
    const testOnly = holding.length > 0 ? `; ${holding.length} in test fixtures` : '';
    summary = `${prefix}${plural(tracked.length, 'tracked env file')}, none holding real values${testOnly}`;
  } else {
    summary = `${prefix}No tracked .env files (templates such as .env.example excepted)`;
  }
  return {
    id: ENV_COMMITTED_ID,
    status: failing.length > 0 ? 'fail' : 'pass',
    summary: sanitizeLine(summary, 300),
    confidence: input.git.isRepository ? 'high' : 'medium',
    evidence,
    details: { trackedEnvFiles: tracked.length, holdingValues: holding.length, untracked: envFindings.length - tracked.length },
  };
}
