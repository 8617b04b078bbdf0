import { LiteralGroups } from '../../prefilter.js';
import type { Confidence, FindingSeverity } from '../../types.js';
import { fingerprintOf } from '../../redact.js';
import { characterClasses, shannonEntropy } from './entropy.js';
import { isLockfile, isPlaceholderKeyBody, isPlaceholderValue, KNOWN_PUBLIC_FINGERPRINTS } from './false-positives.js';
import { GENERIC_KEYWORD, GENERIC_MAX_LINE, isConfigLike, scanGenericLine, type ValueContext } from './generic.js';
import { RULES, type SecretRule } from './rules.js';

/**
 * Text → the secrets in it, with their exact spans. Pure and shared by the
 * working-tree scan and the history scan. The values returned here never leave
 * the detector: callers turn them into redacted findings at once.
 */
export interface RawSecret {
  rule: string;
  title: string;
  secret: string;
  /** Offsets of the secret's text (as written, e.g. a PEM body with its newlines). */
  start: number;
  end: number;
  confidence: Confidence;
  severity: FindingSeverity;
  failsInTests: boolean;
  informational: boolean;
  /** Not a finding (see Refinement.redactOnly): kept so every excerpt that shows its line hides it. */
  redactOnly?: boolean;
  note?: string;
  /** For the generic rule: the variable or key name. */
  name?: string;
}

interface CompiledRule {
  rule: SecretRule;
  re: RegExp;
}

// `d` gives the exact offsets of the `secret` group, so excerpts can be redacted precisely.
const COMPILED: readonly CompiledRule[] = RULES.map((rule) => ({
  rule,
  re: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('d', '')}d`),
}));

// Case variants of the generic rule's words, cut to the shortest substring that
// still covers them ("ass" ⊂ password/Pass, "oken" ⊂ token/Token): the engine's
// prefilter costs one pass per literal on files that match none, so fewer is faster.
const GENERIC_CORES = ['://', 'key', 'Key', 'KEY', 'ass', 'ASS', 'ecret', 'ECRET', 'oken', 'OKEN', 'wd', 'WD'];
const GENERIC_RARE = ['redential', 'REDENTIAL', 'uthorization', 'UTHORIZATION'];

/** Literals of which every file worth scanning holds at least one: the detector's prefilter. */
export const PREFILTER: readonly string[] = [
  ...GENERIC_CORES,
  ...new Set(RULES.flatMap((r) => r.literals).filter((l) => !GENERIC_CORES.some((c) => l.includes(c)))),
  ...GENERIC_RARE,
];

// One pass over the bytes finds which rule literals occur (an automaton also sees literals
// that overlap each other, "key-----BEGIN", which one alternation regex steps over).
const ALL_LITERALS = [...new Set(RULES.flatMap((r) => r.literals))];
const LITERALS = new LiteralGroups(ALL_LITERALS.map((l) => [l]));

function presentLiterals(text: string): Set<string> {
  const present = new Set<string>();
  for (const g of LITERALS.groupsIn(text)) present.add(ALL_LITERALS[g] as string);
  return present;
}

// A 40-character AWS secret access key near an access key id.
const AWS_SECRET_NEARBY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/**
 * Past this many secrets a file is generated data, not hand-written code; stopping
 * keeps the overlap checks (quadratic in the count) cheap on hostile input.
 */
const MAX_PER_FILE = 300;
/** Matches one rule may examine in one file (each may cost a decode or a context check); hostile files repeat shapes. */
const MAX_MATCHES_PER_RULE = 3000;

export interface ScanTarget {
  base: string;
  ext: string;
  /** Documentation (markdown, MDX, docs folders): generic values need a qualified name and a long value. */
  docs?: boolean;
  /** A committed env file: every named value is deliberate. */
  env?: boolean;
}

export function findSecrets(text: string, file: ScanTarget): RawSecret[] {
  const found: RawSecret[] = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);

  const present = presentLiterals(text);
  for (const { rule, re } of COMPILED) {
    if (!rule.literals.some((l) => present.has(l))) continue;
    re.lastIndex = 0;
    let examined = 0;
    for (let m = re.exec(text); m !== null && found.length < MAX_PER_FILE && examined++ < MAX_MATCHES_PER_RULE; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      const span = m.indices?.groups?.['secret'];
      const secret = m.groups?.['secret'];
      if (!span || secret === undefined) continue;
      const [start, end] = span;
      if (overlaps(start, end)) continue;
      if (!passesValueChecks(rule, secret)) continue;
      if (rule.accept && !rule.accept(secret, m, text)) continue;
      const refined = rule.refine?.(m, text) ?? null;
      found.push({
        rule: refined?.rule ?? rule.id,
        title: refined?.title ?? rule.title,
        secret: rule.normalize ? rule.normalize(secret) : secret,
        start,
        end,
        confidence: rule.confidence,
        severity: refined?.severity ?? rule.severity,
        failsInTests: rule.failsInTests,
        informational: refined?.informational ?? false,
        ...(refined?.redactOnly ? { redactOnly: true } : {}),
        ...(refined?.note ? { note: refined.note } : {}),
      });
    }
  }

  for (const keyId of found.filter((f) => f.rule === 'aws-access-key-id')) {
    const pair = awsSecretNear(text, keyId.start);
    if (pair && !overlaps(pair.start, pair.end)) found.push(pair);
  }

  if (!isLockfile(file.base) && found.length < MAX_PER_FILE) {
    const ctx: ValueContext = { ...(file.docs ? { docs: true } : {}), ...(file.env ? { env: true } : {}) };
    found.push(...genericSecrets(text, isConfigLike(file.base, file.ext), overlaps, ctx));
  }
  return found.sort((a, b) => a.start - b.start);
}

function passesValueChecks(rule: SecretRule, secret: string): boolean {
  const body = rule.body ? rule.body(secret) : secret;
  if (KNOWN_PUBLIC_FINGERPRINTS.has(fingerprintOf(secret))) return false;
  if (rule.id === 'database-url' || rule.id === 'url-credentials') return true; // judged by accept()
  // A provider key's random part is judged by placeholder shapes only: letters that
  // happen to spell "test" or "fake" inside random characters are chance, not a sign.
  return rule.freeForm ? !isPlaceholderValue(body) : !isPlaceholderKeyBody(body);
}

function awsSecretNear(text: string, at: number): RawSecret | null {
  // Four lines either side of the key id.
  let from = at;
  for (let i = 0; i < 5 && from > 0; i++) from = text.lastIndexOf('\n', from - 1);
  let to = at;
  for (let i = 0; i < 5 && to !== -1; i++) to = text.indexOf('\n', to + 1);
  const windowStart = Math.max(0, from);
  const windowText = text.slice(windowStart, to === -1 ? text.length : to);
  AWS_SECRET_NEARBY.lastIndex = 0;
  for (let m = AWS_SECRET_NEARBY.exec(windowText); m !== null; m = AWS_SECRET_NEARBY.exec(windowText)) {
    const s = m[0];
    if (characterClasses(s) < 3 || shannonEntropy(s) < 4 || isPlaceholderKeyBody(s)) continue;
    const start = windowStart + m.index;
    return {
      rule: 'aws-secret-access-key',
      title: 'AWS secret access key',
      secret: s,
      start,
      end: start + s.length,
      confidence: 'high',
      severity: 'critical',
      failsInTests: true,
      informational: false,
    };
  }
  return null;
}

function genericSecrets(
  text: string,
  configLike: boolean,
  overlaps: (start: number, end: number) => boolean,
  ctx: ValueContext,
): RawSecret[] {
  const lower = text.toLowerCase();
  if (!GENERIC_KEYWORD.test(lower)) return [];
  const out: RawSecret[] = [];
  const keyword = new RegExp(GENERIC_KEYWORD.source, 'g');
  for (let m = keyword.exec(lower); m !== null && out.length < MAX_PER_FILE; m = keyword.exec(lower)) {
    const lineStart = lower.lastIndexOf('\n', m.index) + 1;
    let lineEnd = lower.indexOf('\n', m.index);
    if (lineEnd === -1) lineEnd = lower.length;
    keyword.lastIndex = lineEnd; // each line once
    if (lineEnd - lineStart > GENERIC_MAX_LINE) continue;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    for (const hit of scanGenericLine(line, configLike, ctx)) {
      const start = lineStart + hit.start;
      const end = lineStart + hit.end;
      if (overlaps(start, end) || out.some((o) => start < o.end && end > o.start)) continue;
      if (KNOWN_PUBLIC_FINGERPRINTS.has(fingerprintOf(hit.value))) continue;
      out.push({
        rule: 'generic-secret',
        title: `Secret-looking value assigned to "${hit.name}"`,
        secret: hit.value,
        start,
        end,
        confidence: 'medium',
        severity: 'medium',
        failsInTests: false,
        informational: false,
        name: hit.name,
      });
    }
  }
  return out;
}
