import { shannonEntropy, characterClasses } from './entropy.js';
import {
  isHexHash,
  isIntegrityString,
  isPlaceholderValue,
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

const KEYWORD = /authorization|passw|passphrase|pwd|_pass\b|secret|token|api_?key|apikey|access_?key|private_?key|auth_?key|credential|signing_?key|encryption_?key|master_?key|session_?key/g;
/** Cheap whole-text gate (on lower-cased text) before looking line by line. */
export const GENERIC_KEYWORD = /authorization|passw|passphrase|pwd|pass\b|secret|token|api.?key|access.?key|private.?key|auth.?key|credential|signing.?key|encryption.?key|master.?key|session.?key/;

const NAME_CHAR = /[A-Za-z0-9_.-]/;
// Normalised (lower-case, no separators) names that carry a secret.
const SECRET_NAME =
  /password|passwd|passphrase|pwd$|^pwd|secret|token|apikey|accesskey|privatekey|authkey|credential|signingkey|encryptionkey|masterkey|sessionkey|authorization$|^pass$|[a-z]pass$/;
// Names that mention a secret but hold something else.
const NOT_SECRET_NAME =
  /hash|digest|checksum|sha\d|salt|length|len$|size|^count|count$|^max|max$|^min|min$|type$|types|field|header|prefix|suffix|pattern|regex|label|placeholder|hint|path|file|dir$|url$|uri$|endpoint|name$|names|env$|var$|policy|expir|ttl|timeout|rotation|limit|enabled|required|format|valid|reset|input|column|param|kind|mode|strength|tokeniz|tokens$|id$|ids$|index|public|publishable|secretary|usage|budget|price|generator|provider|manager|factory|handler|method|strategy|ref$|version|message|error|text$|title|description|question|prompt|display|confirm|policy|forgot|change|new$|old$|pwdlen|encoding|algorithm|alg$|location|lookup|getter|setter|schema/;

const STRONG_NAME = /password|passwd|passphrase|secret|private|signing|encryption|jwt|session|apikey|master/;

export function isSecretName(name: string): boolean {
  const norm = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (norm.length === 0 || norm.length > 60) return false;
  return SECRET_NAME.test(norm) && !NOT_SECRET_NAME.test(norm);
}

function passwordKind(norm: string): boolean {
  return /password|passwd|passphrase|pwd|pass$/.test(norm);
}

/**
 * Is `value` (assigned to `name`) plausibly a real credential?
 * Passwords are judged more leniently than tokens: humans pick them.
 */
export function isLikelySecretValue(name: string, value: string): boolean {
  const norm = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const v = value.replace(/^(?:Bearer|Basic|Token|token|bearer)\s+/, '');
  if (v.length > 300 || /\s/.test(v)) return false;
  if (isPlaceholderValue(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false; // URLs: credentials in them are the URL rules' business
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(v)) return false; // file paths
  if (isUuid(v) || isIntegrityString(v) || isVersionString(v)) return false;
  if (isHexHash(v) && !STRONG_NAME.test(norm)) return false;
  if (/^\d+$/.test(v)) return false;
  if (looksLikeWords(v.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, ''))) return false;
  if (/^[A-Za-z_$][\w$]*\(.*\)$/.test(v)) return false; // a call, in an unquoted position
  if (passwordKind(norm)) {
    return v.length >= 6 && characterClasses(v) >= 2 && shannonEntropy(v) >= 2.3;
  }
  if (v.length < 12 || shannonEntropy(v) < 3.0) return false;
  // Random tokens carry digits; or, failing that, at least three character classes.
  return (/\d/.test(v) && /[A-Za-z]/.test(v)) || characterClasses(v) >= 3;
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

/** Scan one line for secret-named assignments. */
export function scanGenericLine(line: string, configLike: boolean): GenericHit[] {
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
    if (hit && isLikelySecretValue(name, hit.value)) hits.push({ ...hit, name });
  }
  return hits;
}

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
  if (line.startsWith(':=', p) || line.startsWith('=>', p)) op = line.slice(p, p + 2);
  else if (line[p] === '=' && line[p + 1] !== '=') op = '=';
  else if (line[p] === ':' && line[p + 1] !== ':') op = ':';
  else if (line[p] === ',' && quotedName) op = ','; // put("password", "…")
  else if (line[p] === '(' && quotedName === false && /^\s*["'`]/.test(line.slice(p + 1))) op = '('; // setPassword("…")
  if (op === '') return null;
  if (op === '=' && /[!<>=]/.test(line[p - 1] ?? '')) return null;
  p += op.length;
  while (line[p] === ' ' || line[p] === '\t') p++;
  // `password: str = "…"` / `apiKey: string = "…"`: skip a type annotation.
  if (op === ':') {
    const ann = /^[A-Za-z_][\w.<>[\]|, ]{0,40}?\s*=\s*/.exec(line.slice(p));
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
  if (!configLike && !connection && !shellLike) return null;
  const m = /^[^\s"'`,;&#]+/.exec(line.slice(p));
  if (!m) return null;
  return { start: p, end: p + m[0].length, value: m[0] };
}
