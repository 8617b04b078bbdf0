import { characterClasses, shannonEntropy } from './entropy.js';

/**
 * Known sources of false positives, kept in one place so every rule (and the
 * history scan) rejects the same things: placeholders, references to where the
 * real value lives, and high-entropy strings that are not credentials (hashes,
 * UUIDs, integrity strings).
 */

/** Dependency lockfiles: full of integrity hashes and registry URLs, never hand-written secrets. */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'poetry.lock',
  'pipfile.lock',
  'pdm.lock',
  'uv.lock',
  'go.sum',
  'cargo.lock',
  'gemfile.lock',
  'composer.lock',
  'packages.lock.json',
  'gradle.lockfile',
  'mix.lock',
  'pubspec.lock',
  'podfile.lock',
  'flake.lock',
  'conda-lock.yml',
]);

export function isLockfile(base: string): boolean {
  return LOCKFILES.has(base.toLowerCase()) || base.toLowerCase().endsWith('.lockfile');
}

// Words that mark a value as an example, counted only as whole tokens (see tokensOf):
// as letters inside a random string they are chance, not a sign.
const PLACEHOLDER_TOKENS = new Set([
  'example', 'examples', 'sample', 'samples', 'dummy', 'placeholder', 'placeholders', 'changeme', 'changethis', 'changeit',
  'replaceme', 'redacted', 'fixme', 'todo', 'tbd', 'fake', 'mock', 'mocked', 'test', 'testing', 'notreal', 'invalid',
  'lorem', 'ipsum', 'qwerty', 'asdf', 'asdfgh', 'asdfghjkl', 'foo', 'foobar', 'your', 'yours', 'here', 'insert', 'replace',
  'enter', 'demo', 'xxx', 'xxxx', 'tbc', 'unset', 'none', 'null', 'nil', 'undefined', 'redact', 'hidden', 'masked',
]);
// Words that start or end a camel-case or run-together placeholder (`yourApiKey`, `testkey123`, `myFakeToken`).
const PLACEHOLDER_AFFIX = /^(?:your|my|test|fake|mock|dummy|example|sample|demo|dev|local|placeholder|insert|enter|replace|change)|(?:here|example|placeholder|changeme)$/;
// Whole values that are never secrets on their own.
const PLACEHOLDER_VALUES = new Set([
  'password',
  'passwd',
  'pass',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'key',
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  'n/a',
  'na',
  'tbd',
  'foo',
  'bar',
  'baz',
  'foobar',
  'qux',
  'admin',
  'root',
  'user',
  'username',
  'guest',
  'default',
  'empty',
  'string',
  'required',
  'optional',
]);
// Default and demo passwords: one of these words, then digits or symbols at most (`password123!`, `Admin2024`, `p@ssw0rd`).
const DEFAULT_PASSWORD_WORDS = new Set([
  'password', 'passwd', 'pass', 'admin', 'administrator', 'root', 'secret', 'letmein', 'welcome', 'qwerty', 'test',
  'demo', 'user', 'guest', 'changeme', 'default', 'login', 'master', 'abc', 'iloveyou', 'sample', 'example', 'dev',
  'local', 'postgres', 'mysql', 'supabase', 'temp', 'temporary',
]);
// Interpolation and templating: the real value comes from elsewhere.
const INTERPOLATION = /\$\{|\{\{|\}\}|%s|%d|%\(|%\{|#\{|\$\(|\{\d*\}|^\$[A-Za-z_]|^@[A-Za-z_]+@$|^__[A-Z0-9_]+__$/;
// Template slots: `<your-key>`, `[password]`, `{env}:NAME`, `{{ secrets.X }}`: brackets around a word.
const TEMPLATE_SLOT = /<[^<>]{0,80}>|\[[A-Za-z][A-Za-z0-9 _.-]{0,60}\]|\{[A-Za-z][A-Za-z0-9 _.:-]{0,60}\}/;
// Masked or elided values: `sk-…****`, `eyJhbGci...`, `••••`, six x's in a row, or x's padding the end (`PAYKEY_TESTxxxxx`).
const MASKED = /\*{3}|\.\.\.|…|•|●|[xX]{6}|[xX]{5}(?![A-Za-z0-9])/;
// References to where the real value lives (environment, config, secret stores).
const REFERENCE =
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|system\.getenv|env\(|env\[|env\.|ENV\[|config\.|settings\.|secrets\.|vault:|arn:aws:secretsmanager|projects\/[^/]+\/secrets\/|op:\/\/|ref\+|sm:\/\/|awssm|!!secret|\$\{\{)/i;

/**
 * The tokens of a value, for whole-word placeholder checks: split on anything that
 * is not a letter or digit, and, for tokens shaped like words (`testToken123`,
 * `yourApiKey`), at camel-case humps. A random string is left whole: `k8FtestQ2`
 * is one token, so the letters "test" inside it mean nothing.
 */
export function tokensOf(value: string): string[] {
  const out: string[] = [];
  for (const raw of value.split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    if (WORD_SHAPED.test(raw)) {
      for (const part of raw.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)/)) out.push(part.toLowerCase());
      if (raw !== raw.toLowerCase() || /\d/.test(raw)) out.push(raw.toLowerCase());
    } else {
      out.push(raw.toLowerCase());
    }
  }
  return out;
}
// Lower-case or camel-case words with at most a short number at the end: `testToken123`, `yourapikey`, `API`.
// Each hump has three or more letters, so random characters (`aZbQxTe`) are almost never word-shaped.
const WORD_SHAPED = /^(?:[A-Za-z][a-z]+(?:[A-Z][a-z]{2,}){0,6}|[A-Z]{2,12})\d{0,6}$/;

/** True for values that are obviously not a real credential. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) return true;
  if (PLACEHOLDER_TOKENS.has(lower.replace(/[^a-z0-9]/g, ''))) return true; // `change-this`, `replace_me`
  if (INTERPOLATION.test(v) || TEMPLATE_SLOT.test(v) || MASKED.test(v)) return true;
  if (REFERENCE.test(v)) return true;
  if (isRepetitive(v) || isSequenceDummy(v) || isDefaultPassword(v)) return true;
  if (/EXAMPLE(?:KEY)?$/.test(v)) return true; // AWS's documented keys
  for (const t of tokensOf(v)) if (PLACEHOLDER_TOKENS.has(t) || /^x{3,}$/.test(t)) return true;
  // `yourApiKey`, `testkey123`: judged on the token as written (its case is what makes it word-shaped).
  // A bare `dev` or `my` between separators says nothing (`dev_sim_7f3a…` is a dev credential); glued to a word it does.
  for (const raw of v.split(/[^\p{L}\p{N}]+/u)) {
    if (!WORD_SHAPED.test(raw)) continue;
    const affix = PLACEHOLDER_AFFIX.exec(raw.toLowerCase());
    if (affix && (affix[0].length < raw.length || PLACEHOLDER_TOKENS.has(affix[0]))) return true;
  }
  return false;
}

/**
 * For the random part of a provider-format key (`ghp_<body>`): only the shapes of a
 * placeholder count (elided, masked, bracketed, repetitive, a whole placeholder word
 * between separators, AWS's documented `…EXAMPLE` keys), never letters that happen
 * to spell a word inside the random characters.
 */
export function isPlaceholderKeyBody(body: string): boolean {
  if (body.length === 0) return true;
  if (INTERPOLATION.test(body) || TEMPLATE_SLOT.test(body) || MASKED.test(body)) return true;
  if (isRepetitive(body) || isSequenceDummy(body)) return true;
  if (/EXAMPLE(?:KEY)?$/.test(body)) return true;
  const parts = body.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  // Only separated words count (`your-key-here`); a body without separators is one random token.
  if (parts.length > 1 || /^[a-z]+$/i.test(body)) {
    for (const p of parts) if (PLACEHOLDER_TOKENS.has(p.toLowerCase()) || /^x{3,}$/i.test(p)) return true;
  }
  return false;
}

/** `password123!`, `Admin2024`, `p@ssw0rd`, `p@ss#word`: a default word dressed with digits and symbols. */
function isDefaultPassword(value: string): boolean {
  if (value.length > 40) return false;
  const lower = value.toLowerCase();
  const leet = lower.replace(/@/g, 'a').replace(/0/g, 'o').replace(/\$/g, 's').replace(/3/g, 'e').replace(/1/g, 'i');
  return [lower, leet].some((v) => DEFAULT_PASSWORD_WORDS.has(v.replace(/[^a-z]/g, '')));
}

/** `abc123def456`, `acme_abcd1234`: made of ascending runs, the way people type a dummy value (after a short product prefix). */
function isSequenceDummy(value: string): boolean {
  const rest = /^[A-Za-z]{1,8}[_-](.+)$/.exec(value)?.[1];
  return sequenceShare(value) || (rest !== undefined && sequenceShare(rest));
}

function sequenceShare(value: string): boolean {
  const s = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (s.length < 6) return false;
  const next = (c: string) => (c === '9' ? '0' : String.fromCharCode(c.charCodeAt(0) + 1));
  let inRuns = 0;
  let run = 1;
  for (let i = 1; i <= s.length; i++) {
    if (i < s.length && s[i] === next(s[i - 1] ?? '')) {
      run++;
      continue;
    }
    if (run >= 3) inRuns += run;
    run = 1;
  }
  return inRuns >= s.length * 0.8;
}

/** `aaaaaaaa`, `xxxxxxxx`, `0000`, `abababab`: too few distinct characters to be random. */
export function isRepetitive(value: string): boolean {
  const distinct = new Set(value).size;
  if (distinct <= 1) return true;
  if (value.length >= 8 && distinct <= 3) return true;
  return /^(.{1,4})\1{3,}$/.test(value);
}

/**
 * Identifiers that are public by design though they sit under key-like names:
 * AdMob/AdSense publisher ids, analytics and tag-manager ids, publishable keys
 * (Stripe/Clerk `pk_`, Mapbox `pk.`, PostHog `phc_`). Not reCAPTCHA: its site and
 * secret keys share one shape.
 */
const PUBLIC_IDENTIFIER =
  /^(?:(?:ca-)?(?:app-)?pub-\d{16}(?:[~/]\d{10})?|G-[A-Z0-9]{6,12}|UA-\d{4,10}-\d{1,4}|GTM-[A-Z0-9]{5,9}|pk_(?:live|test)_[A-Za-z0-9]{10,}|pk\.eyJ[A-Za-z0-9_.-]{10,}|phc_[A-Za-z0-9]{20,60})$/;
export function isPublicIdentifier(value: string): boolean {
  return PUBLIC_IDENTIFIER.test(value);
}

/** Package versions and ranges (`1.3.0-canary.5`, `^2.1`, `v0.4.1+build.7`): a dependency named `tokenlens` is not a token. */
export function isVersionString(value: string): boolean {
  return /^(?:[~^=]|[<>]=?)?v?\d+(?:\.(?:\d+|x|\*)){1,3}(?:[-+][0-9A-Za-z.-]+)?$/.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// UUIDs printed in RFCs, Wikipedia and countless READMEs.
const EXAMPLE_UUIDS = new Set(['550e8400-e29b-41d4-a716-446655440000', '123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-12d3-a456-426655440000', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', '6ba7b810-9dad-11d1-80b4-00c04fd430c8']);
/** A UUID that is documentation, not a key: a famous example, the nil UUID, or a typed-in sequence. */
export function isExampleUuid(value: string): boolean {
  const v = value.toLowerCase();
  return EXAMPLE_UUIDS.has(v) || isRepetitive(v.replace(/-/g, '')) || isSequenceDummy(v) || /(?:0000-){3}|1234-|-1234|abcd-/.test(v);
}

/** Hex strings of hash lengths: md5 is ambiguous (many API keys are 32 hex), so only SHA-1/256/384/512. */
export function isHexHash(value: string): boolean {
  return /^[0-9a-f]+$/i.test(value) && [40, 64, 96, 128].includes(value.length);
}

/** Subresource-integrity strings (`sha512-…`), as found in lockfiles and HTML. */
export function isIntegrityString(value: string): boolean {
  return /^sha(?:1|256|384|512)-[A-Za-z0-9+/=]{20,}$/.test(value);
}

/** Well-known public values that match a rule's shape (stored as fingerprints, so this file holds no keys). */
export const KNOWN_PUBLIC_FINGERPRINTS = new Set<string>([
  // Azurite / Azure Storage Emulator's documented account key (public by design).
  '0011cc25eb43',
]);

/** Database and URL passwords that are development defaults, not secrets anyone guards. */
const DEFAULT_DEV_PASSWORDS = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'root',
  'admin',
  'password',
  'pass',
  'pwd',
  'secret',
  'guest',
  'test',
  'dev',
  'local',
  'example',
  'changeme',
  'changethis',
  'changeit',
  'user',
  'mongo',
  'redis',
  'rabbitmq',
]);

/** For `scheme://user:pass@host` URLs: is the password part a placeholder or dev default? */
export function isPlaceholderUrlPassword(user: string, password: string): boolean {
  const p = decodeSafely(password);
  if (p.length === 0) return true;
  if (p === user) return true;
  if (DEFAULT_DEV_PASSWORDS.has(p.toLowerCase())) return true;
  if (/^[*x•.]+$/i.test(p)) return true;
  return isPlaceholderValue(p);
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Plainly words (`bert-base-uncased`, `auth.token.expired`, `Contraseña`, `my_api_key_2`):
 * letters in any script, split by separators, with at most short numbers beside them.
 */
export function looksLikeWords(value: string): boolean {
  const tokens = value.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
  if (tokens.length === 0) return false;
  let words = 0;
  for (const t of tokens) {
    if (/^\p{L}+$/u.test(t) && isWordShaped(t)) words++;
    else if (!/^\d{1,4}$/.test(t)) return false;
  }
  return words > 0;
}

/**
 * Letters a person would write: one case, or capitalised, or camel-case humps, not random case flips.
 * Random letters fall into camel shape now and then (`aDgiwKdiBpWmxCvRagDy`); their humps
 * lack vowels (`Wmx`, `Cv`), where a written name has at most one such abbreviation.
 */
function isWordShaped(t: string): boolean {
  if (/^[\p{Lu}\p{Lo}]+$/u.test(t)) return true;
  if (!/^\p{Lu}?[\p{Ll}\p{Lo}\p{Lm}]*(?:\p{Lu}[\p{Ll}\p{Lo}\p{Lm}]+)*$/u.test(t)) return false;
  const humps = t.match(/\p{Lu}[\p{Ll}\p{Lo}\p{Lm}]+/gu) ?? [];
  return humps.length < 4 || humps.filter((h) => !/[aeiou]/i.test(h)).length < 2;
}

/** A random-looking token: long enough, mixed enough, high enough entropy. */
export function looksRandom(value: string, minLength: number, minEntropy: number): boolean {
  if (value.length < minLength) return false;
  if (characterClasses(value) < 2) return false;
  return shannonEntropy(value) >= minEntropy;
}
