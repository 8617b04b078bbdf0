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

// Words that mark a value as an example rather than a credential.
const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|changeme|change[_-]me|change[_-]?this|changeit|replace[_-]?me|your[_-]?(?:own[_-]?)?(?:api|secret|token|key|pass|access|app|client|real|private)|insert[_-]?your|put[_-]?your|enter[_-]?your|redacted|fixme|todo|xxxx|\*\*\*|\.\.\.|<[^>]*>|fake|mock|test|notreal|not[_-]real|invalid|secret[_-]?here|key[_-]?here|token[_-]?here|goes[_-]?here|lorem|ipsum|abcdef|123456|qwerty|asdf/i;
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
// Interpolation and templating: the real value comes from elsewhere.
const INTERPOLATION = /\$\{|\{\{|\}\}|%s|%d|%\(|%\{|#\{|\$\(|\{\d*\}|^\$[A-Za-z_]|^@[A-Za-z_]+@$|^__[A-Z0-9_]+__$/;
// References to where the real value lives (environment, config, secret stores).
const REFERENCE =
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|system\.getenv|env\(|env\[|env\.|ENV\[|config\.|settings\.|secrets\.|vault:|arn:aws:secretsmanager|projects\/[^/]+\/secrets\/|op:\/\/|ref\+|sm:\/\/|awssm|!!secret|\$\{\{)/i;

/** True for values that are obviously not a real credential. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (INTERPOLATION.test(v)) return true;
  if (REFERENCE.test(v)) return true;
  if (isRepetitive(v)) return true;
  return false;
}

/** `aaaaaaaa`, `xxxxxxxx`, `0000`, `abababab`: too few distinct characters to be random. */
export function isRepetitive(value: string): boolean {
  const distinct = new Set(value).size;
  if (distinct <= 1) return true;
  if (value.length >= 8 && distinct <= 3) return true;
  return /^(.{1,4})\1{3,}$/.test(value);
}

/** Package versions and ranges (`1.3.0-canary.5`, `^2.1`, `v0.4.1+build.7`): a dependency named `tokenlens` is not a token. */
export function isVersionString(value: string): boolean {
  return /^(?:[~^=]|[<>]=?)?v?\d+(?:\.(?:\d+|x|\*)){1,3}(?:[-+][0-9A-Za-z.-]+)?$/.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
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

/** Identifier-like words (`bert-base-uncased`, `auth.token.expired`, `X-Api-Key`): no digits, no randomness. */
export function looksLikeWords(value: string): boolean {
  return /^[A-Za-z]+(?:[._:/ -][A-Za-z]+)*$/.test(value);
}

/** A random-looking token: long enough, mixed enough, high enough entropy. */
export function looksRandom(value: string, minLength: number, minEntropy: number): boolean {
  if (value.length < minLength) return false;
  if (characterClasses(value) < 2) return false;
  return shannonEntropy(value) >= minEntropy;
}
