import { shannonEntropy, characterClasses } from './entropy.js';
import {
  isExampleUuid,
  isHexHash,
  isIntegrityString,
  isPlaceholderValue,
  isPublicIdentifier,
  isUuid,
  isVersionString,
  looksLikeWords,
} from './false-positives.js';

/**
 * The generic rule: a secret-named variable, key or setting assigned a literal that
 * looks random. Gated three ways so it stays quiet on ordinary code: the name must
 * say "secret" (and not "secret_name", "token_url", "max_tokens"), the value must be
 * a literal (not a call, a type, an env lookup or an interpolation), and the value
 * must carry enough entropy for its kind.
 *
 * Hand-written scanning rather than one big regex: the name is found by a literal
 * keyword search and grown outwards, so the cost is linear in the line length.
 */
export interface GenericHit {
  /** Offsets of the value within the line. */
  start: number;
  end: number;
  value: string;
  name: string;
}

/** Longest line the generic rule reads (minified bundles and data blobs are skipped). */
export const GENERIC_MAX_LINE = 4000;

const KEYWORD =
  /authorization|passw|passphrase|pwd|_pass\b|secret|token|api_?key|apikey|access_?key|private_?key|auth_?key|credential|signing_?key|encryption_?key|master_?key|session_?key|service_?role|key\b/g;
/** Cheap whole-text gate (on lower-cased text) before looking line by line. */
export const GENERIC_KEYWORD =
  /authorization|passw|passphrase|pwd|pass\b|secret|token|api.?key|access.?key|private.?key|auth.?key|credential|signing.?key|encryption.?key|master.?key|session.?key|service.?role|key\b/;

const NAME_CHAR = /[A-Za-z0-9_.-]/;
// Normalised (lower-case, no separators) names that carry a secret.
const SECRET_NAME =
  /password|passwd|passphrase|pwd$|^pwd|secret|token|apikey|accesskey|privatekey|authkey|credential|signingkey|encryptionkey|masterkey|sessionkey|authorization$|^pass$|[a-z]pass$/;
// Names that mention a secret but hold something else.
const NOT_SECRET_NAME =
  /hash|digest|checksum|sha\d|salt|length|len$|size|^count|count$|^max|max$|^min|min$|type$|types|field|header|prefix|suffix|pattern|regex|label|placeholder|hint|path|file|dir$|url$|uri$|endpoint|name$|names|env$|var$|policy|expir|ttl|timeout|rotation|limit|enabled|required|format|valid|reset|input|column|param|kind|mode|strength|tokeniz|tokens$|id$|ids$|index|public|publishable|secretary|usage|budget|price|generator|provider|manager|factory|handler|method|strategy|ref$|version|message|error|text$|title|description|question|prompt|display$|displayname|displaytext|displaylabel|confirm|policy|forgot|change|new$|old$|pwdlen|encoding|algorithm|alg$|location|lookup|getter|setter|schema/;

// `*_KEY`, `*-key`, `stripeKey`: a key named for what it unlocks. Not `monkey`, not a bare `key`.
const KEY_SUFFIX = /[_.-]key$|[a-z0-9]Key$|[_.-]KEY$/;
// Keys that are not credentials: data-structure, storage and UI keys, public keys, git objects.
const NOT_KEY_NAME =
  /cache|storage|sort|primary|foreign|project|partition|idempoten|route|query|i18n|translation|map|hot|shortcut|react|unique|group|dedup|cursor|object|bucket|anon|site|lang|locale|table|column|row|state|event|redux|store|metric|counter|label|dict|hash|item|list|field|option|setting|config|component|element|node|entry|record|local|session|cookie|header|param|form|mode/;

const STRONG_NAME = /password|passwd|passphrase|secret|private|signing|encryption|jwt|session|apikey|master/;

export function isSecretName(name: string): boolean {
  const norm = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (norm.length === 0 || norm.length > 60) return false;
  if (NOT_SECRET_NAME.test(norm)) return false;
  if (SECRET_NAME.test(norm) || /servicerole/.test(norm)) return true;
  return isKeySuffixName(name) && !NOT_KEY_NAME.test(norm);
}

/** Named only by a `_KEY`/`Key` suffix (`STRIPE_KEY`, `category_key`): the value must carry the proof. */
function isKeySuffixName(name: string): boolean {
  return KEY_SUFFIX.test(name.replace(/^[^A-Za-z]+|[^A-Za-z0-9]+$/g, ''));
}

/**
 * Docs only: `Th1s-1s-4-F4ke-S3cr3t` spells "this is a fake secret". Letters that
 * read as prose (many vowels once digits are read back as letters) and spell a placeholder
 * word are a written example. Never applied outside docs, where keys are random.
 */
function isLeetPlaceholder(v: string): boolean {
  const letters = v.toLowerCase().replace(/4/g, 'a').replace(/3/g, 'e').replace(/[01]/g, (d) => (d === '0' ? 'o' : 'i')).replace(/5/g, 's').replace(/[^a-z]/g, '');
  if (letters.length < 12) return false;
  const vowels = letters.replace(/[^aeiou]/g, '').length;
  return vowels / letters.length >= 0.35 && /fake|example|sample|dummy|placeholder|changeme|notreal|secretvalue|yoursecret/.test(letters);
}

const BARE_NAME = /^(?:token|accesstoken|authtoken|password|passwd|pwd|pass|secret|key|apikey|auth|authorization|credential|credentials|bearer|usertoken|sessiontoken|refreshtoken)$/;

/** The name says what a shape-only value (a UUID, bare hex) is: `ARK_API_KEY`, `POSTMARK_TOKEN`, not a bare `token`. */
function saysKeySecretOrToken(norm: string): boolean {
  return /key|secret|token|servicerole/.test(norm) && !/^(?:key|token|secret|id|uuid)$/.test(norm) && !/commit|revision|etag|sha$/.test(norm);
}

/**
 * A name that says API key, token or secret (not a password, not a bare `token`):
 * a long random value under it is a working key even in a file of test data.
 */
export function namesAKey(name: string): boolean {
  const norm = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return !passwordKind(norm) && saysKeySecretOrToken(norm);
}

function passwordKind(norm: string): boolean {
  return /password|passwd|passphrase|pwd|pass$/.test(norm);
}

/**
 * Is `value` (assigned to `name`) plausibly a real credential?
 * Passwords are judged more leniently than tokens: humans pick them.
 */
export interface ValueContext {
  /** A committed env file: every value there is deliberate, so shorter values and bare shapes count. */
  env?: boolean;
  /** Documentation: example payloads are full of random-looking sample values; demand a qualified name and a long value. */
  docs?: boolean;
}

export function isLikelySecretValue(name: string, value: string, ctx: ValueContext = {}): boolean {
  const norm = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const v = value.replace(/^(?:Bearer|Basic|Token|token|bearer)\s+/, '');
  if (v.length > 300 || /\s/.test(v)) return false;
  if (isPlaceholderValue(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false; // URLs: credentials in them are the URL rules' business
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(v)) return false; // file paths
  if (isIntegrityString(v) || isVersionString(v) || isPublicIdentifier(v)) return false;
  // Shapes alone (a UUID, bare hex) say nothing; the name they are assigned to does.
  const shapeOnly = isUuid(v) || isHexHash(v);
  if (shapeOnly) return !isExampleUuid(v) && (saysKeySecretOrToken(norm) || (isHexHash(v) && STRONG_NAME.test(norm)));
  if (/^\d+$/.test(v)) return false;
  if (looksLikeWords(v.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))) return false;
  if (/^[A-Za-z_$][\w$]*\(.*\)$/.test(v)) return false; // a call, in an unquoted position
  if (/^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$/.test(v) && !/\d/.test(v)) return false; // a member access: `editor.token`
  // In docs a bare `"token": "…"` or `password: …` is sample data; `STRIPE_SECRET=…` names a real credential.
  if (ctx.docs && BARE_NAME.test(norm)) return false;
  if (ctx.docs && isLeetPlaceholder(v)) return false;
  if (passwordKind(norm)) {
    return v.length >= 6 && characterClasses(v) >= 2 && shannonEntropy(v) >= 2.3;
  }
  // `category_key: "late_fees_30day"`: under a bare `_KEY` name, lower-case words joined by separators are an identifier.
  // A key named only by its suffix must look machine-made: digits among letters, not a slug.
  if (!SECRET_NAME.test(norm) && isKeySuffixName(name) && (/^[a-z0-9]+(?:[_.:-][a-z0-9]+)+$/.test(v) || !/[A-Za-z]/.test(v) || (!/\d/.test(v) && !looksUniform(v)))) return false;
  const min = ctx.env ? 8 : ctx.docs ? 16 : 12;
  if (v.length < min || shannonEntropy(v) < (ctx.env ? 2.5 : 3.0)) return false;
  // Random tokens carry digits, or three character classes; a long one may by chance have
  // neither (a uniform 32-character key has no digit 0.4% of the time): then both cases and high entropy.
  return (/\d/.test(v) && /[A-Za-z]/.test(v)) || characterClasses(v) >= 3 || looksUniform(v);
}

/**
 * Long, both cases, high entropy: random letters (a uniform 32-character key has no digit 0.4% of the time).
 * From 32 characters on the bar is lower: a random key with a word in it (`…Redacted…`) repeats letters,
 * and 32 uniform letters average 4.5 bits, far above any identifier that is not already read as words.
 */
function looksUniform(v: string): boolean {
  return v.length >= 20 && /[a-z]/.test(v) && /[A-Z]/.test(v) && shannonEntropy(v) >= (v.length >= 32 ? 3.75 : 4);
}

/** Files whose lines are `key = value` with unquoted values (env, YAML, properties, INI). */
export function isConfigLike(base: string, ext: string): boolean {
  return (
    base === '.env' ||
    base.startsWith('.env.') ||
    base.endsWith('.env') ||
    base === '.envrc' ||
    ['.yaml', '.yml', '.properties', '.ini', '.cfg', '.conf', '.toml', '.env'].includes(ext) ||
    base === 'dockerfile' ||
    base.endsWith('.dockerfile')
  );
}

const QUOTES = new Set(['"', "'", '`']);

/** Scan one line for secret-named assignments and env-lookup fallbacks. */
export function scanGenericLine(line: string, configLike: boolean, ctx: ValueContext = {}): GenericHit[] {
  if (line.length > GENERIC_MAX_LINE) return [];
  const lower = line.toLowerCase();
  const hits: GenericHit[] = [];
  let lastNameEnd = -1;
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(lower); m !== null; m = KEYWORD.exec(lower)) {
    let start = m.index;
    let end = m.index + m[0].length;
    if (start < lastNameEnd) continue;
    while (start > 0 && NAME_CHAR.test(line[start - 1] ?? '')) start--;
    while (end < line.length && NAME_CHAR.test(line[end] ?? '')) end++;
    lastNameEnd = end;
    KEYWORD.lastIndex = end;
    const name = line.slice(start, end).replace(/^[.-]+|[.-]+$/g, '');
    if (!isSecretName(name)) continue;
    const hit = readAssignment(line, start, end, configLike);
    if (hit && isLikelySecretValue(name, hit.value, ctx)) hits.push({ ...hit, name });
  }
  for (const hit of envFallbacks(line)) {
    if (hits.some((h) => h.start === hit.start)) continue;
    if (isSecretName(hit.name) && isLikelySecretValue(hit.name, hit.value, ctx)) hits.push(hit);
  }
  return hits.sort((a, b) => a.start - b.start);
}

// Environment lookups that can carry a default: `process.env.X`, `os.getenv("X"`, `ENV["X"]`, …
const ENV_LOOKUP =
  /(?:process\.env|import\.meta\.env)\.([A-Za-z_][A-Za-z0-9_]{0,80})|(?:Deno\.env\.get|os\.getenv|os\.environ\.get|ENV\.fetch|System\.getenv|getenv|env)\(\s{0,3}["'`]([A-Za-z_][A-Za-z0-9_]{0,80})["'`]|(?:os\.environ|ENV|process\.env|Bun\.env)\[\s{0,3}["'`]([A-Za-z_][A-Za-z0-9_]{0,80})["'`]\s{0,3}\]/g;

/**
 * `process.env.X || '…'`, `os.getenv("X", "…")`, `ENV.fetch("X", "…")`,
 * `os.environ.get("X") or "…"`: the default is a literal in the source, named by X.
 */
function envFallbacks(line: string): GenericHit[] {
  if (!/env/i.test(line)) return [];
  const out: GenericHit[] = [];
  ENV_LOOKUP.lastIndex = 0;
  for (let m = ENV_LOOKUP.exec(line); m !== null; m = ENV_LOOKUP.exec(line)) {
    const name = m[1] ?? m[2] ?? m[3] ?? '';
    let p = m.index + m[0].length;
    const skip = () => {
      while (line[p] === ' ' || line[p] === '\t') p++;
    };
    skip();
    if (m[2] !== undefined) {
      // Inside the call: a second argument is the default.
      if (line[p] === ',') {
        p++;
        skip();
        const lit = quotedAt(line, p);
        if (lit) out.push({ ...lit, name });
        continue;
      }
      if (line[p] !== ')') continue;
      p++;
      skip();
    }
    const op = /^(?:\|\||\?\?|\?:|or\b)/.exec(line.slice(p, p + 3));
    if (!op) continue;
    p += op[0].length;
    skip();
    const lit = quotedAt(line, p);
    if (lit) out.push({ ...lit, name });
  }
  return out;
}

/** `expr || 'literal'` / `expr ?? "literal"` starting at `p`: the literal, or null. Bounded to one short expression. */
function defaultLiteral(line: string, p: number): { start: number; end: number; value: string } | null {
  const m = /^[A-Za-z_$][\w$.?!()[\]'"]{0,120}?\s{0,3}(?:\|\||\?\?)\s{0,3}/.exec(line.slice(p, p + 140));
  if (!m) return null;
  return quotedAt(line, p + m[0].length);
}

/** The string literal starting at `p` (its content's offsets), or null. */
function quotedAt(line: string, p: number): { start: number; end: number; value: string } | null {
  const q = line[p] ?? '';
  if (!QUOTES.has(q)) return null;
  let e = p + 1;
  while (e < line.length && line[e] !== q) e += line[e] === '\\' ? 2 : 1;
  if (e >= line.length) return null;
  return { start: p + 1, end: e, value: line.slice(p + 1, e) };
}

// `getApiKeys("org-id")`, `verifyPassword("guess")`: calls that read or check, not ones that set a value.
const READER_CALL = /^(?:get|fetch|load|find|check|validate|verify|is|has|create|delete|remove|revoke|update|list|parse|read|hash|compare|generate|rotate|refresh|decode|encode|sign|count|lookup|search|query|require|assert|expect|mock)[A-Z_]/;

function readAssignment(
  line: string,
  nameStart: number,
  nameEnd: number,
  configLike: boolean,
): { start: number; end: number; value: string } | null {
  let p = nameEnd;
  const before = line[nameStart - 1] ?? '';
  const quotedName = QUOTES.has(before) && line[p] === before;
  if (quotedName) p++;
  if (line[p] === ']') p++; // settings["API_KEY"] = …
  while (line[p] === ' ' || line[p] === '\t') p++;
  // Operator.
  let op = '';
  // `<password>value</password>` (Maven settings, .NET config).
  if (line[nameStart - 1] === '<' && line[p] === '>') {
    const close = line.indexOf('</', p + 1);
    const value = close === -1 ? '' : line.slice(p + 1, close);
    return value !== '' && !/[<>]/.test(value) ? { start: p + 1, end: close, value } : null;
  }
  if (line.startsWith(':=', p) || line.startsWith('=>', p)) op = line.slice(p, p + 2);
  else if (line[p] === '=' && line[p + 1] !== '=') op = '=';
  else if (line[p] === ':' && line[p + 1] !== ':') op = ':';
  else if (line[p] === ',' && quotedName) op = ','; // put("password", "…")
  else if (line[p] === '(' && quotedName === false && /^\s*["'`]/.test(line.slice(p + 1)) && !READER_CALL.test(line.slice(nameStart, nameEnd))) op = '('; // setPassword("…")
  if (op === '') return null;
  if (op === '=' && /[!<>=]/.test(line[p - 1] ?? '')) return null;
  p += op.length;
  while (line[p] === ' ' || line[p] === '\t') p++;
  // `password: str = "…"` / `apiKey: string = "…"`: skip a type annotation.
  if (op === ':') {
    const ann = /^&?(?:'static\s+)?[A-Za-z_][\w.<>[\]|, ]{0,40}?\s*=\s*/.exec(line.slice(p));
    if (ann && !QUOTES.has(line[p] ?? '')) p += ann[0].length;
  }
  // String-literal prefixes: b"…", r'…', u"…" (f-strings interpolate: the placeholder check rejects `{`).
  if (/[bBrRuUfF]/.test(line[p] ?? '') && QUOTES.has(line[p + 1] ?? '')) p++;
  const q = line[p] ?? '';
  if (QUOTES.has(q)) {
    let e = p + 1;
    while (e < line.length && line[e] !== q) e += line[e] === '\\' ? 2 : 1;
    if (e >= line.length) return null;
    const value = line.slice(p + 1, e);
    const bearer = /^(?:Bearer|Basic|Token|token|bearer)\s+/.exec(value);
    const off = bearer ? bearer[0].length : 0;
    return { start: p + 1 + off, end: e, value: value.slice(off) };
  }
  // Unquoted values: only where the file format has them (env, YAML, properties),
  // inside connection strings (`;Password=…`, `?password=…`), or `KEY=value` lines.
  const connection = /[;?&]/.test(line[nameStart - 1] ?? '');
  // Badge URLs carry read-only "graph" tokens that are published on purpose (Codecov et al.).
  if (connection && /badge|codecov\.io/i.test(/\S*$/.exec(line.slice(0, nameStart))?.[0] ?? '')) return null;
  // Shell syntax has no spaces around `=`; `X = value` in code is an expression, not a literal.
  const shellLike =
    /^\s*(?:export\s+|ENV\s+|ARG\s+|set\s+|-\s+)?$/.test(line.slice(0, nameStart)) &&
    op === '=' &&
    line[nameEnd] === '=' &&
    p === nameEnd + 1;
  // `password: user.password || '<literal>'`: an expression whose default is a literal.
  const fallback = defaultLiteral(line, p);
  if (fallback) return fallback;
  if (!configLike && !connection && !shellLike) return null;
  // `presignToken={editor.token}`: a JSX attribute expression, not a literal.
  if (line[p] === '{' || line[p] === '(' || line[p] === '[') return null;
  const m = /^[^\s"'`,;&#]+/.exec(line.slice(p));
  if (!m) return null;
  return { start: p, end: p + m[0].length, value: m[0] };
}
