import type { Finding } from '../../types.js';
import { redactSecret } from '../../redact.js';
import { sanitizeLine } from '../../../util/sanitize.js';
import { findSecrets, type RawSecret } from './scan.js';
import { suppressionAt } from './suppression.js';
import { isTestPath } from '../../path-role.js';
import { isEnvFile } from './env-files.js';
import { namesAKey } from './generic.js';
import { isDocsPath, testDataName, testDataReason } from './paths.js';

/**
 * Text of one file → secret findings, redacted before they leave this module
 * (findings cross worker boundaries and are written to JSON).
 *
 * Test fixtures: a finding under test/, fixtures/, `*_test.go`, … is marked
 * `testFixture` and does not fail secrets.hardcoded on its own — fixtures are full
 * of fake keys and generated TLS keys — unless its rule is a live provider-shaped
 * credential (`failsInTests`: `sk_live_`, an AWS key pair, a GitHub token, …),
 * because such a key works wherever it is committed.
 */
export const SECRET_KIND = 'secret';

export interface CollectOptions {
  /** Maps a 0-based line index of `text` to the line number reported (history hunks are not contiguous). */
  lineNumber?: (index: number) => number;
  /** Extra context for the finding (history: the commit). */
  extra?: Record<string, string | number | boolean | null>;
}

export function collectSecrets(path: string, base: string, ext: string, text: string, opts: CollectOptions = {}): Finding[] {
  const docs = isDocsPath(path);
  const env = isEnvFile(base);
  const raw = findSecrets(text, { base, ext, ...(docs ? { docs } : {}), ...(env ? { env } : {}) });
  if (raw.length === 0) return [];
  const lines = new LineTable(text);
  const where: PathContext = { testFixture: isTestPath(path), testData: testDataReason(path), docs };
  // Redact-only values (session tokens) are no findings, but hide them in the excerpts of the rest.
  return raw.filter((r) => r.redactOnly !== true).map((r) => toFinding(path, r, raw, lines, where, opts));
}

interface PathContext {
  testFixture: boolean;
  /** Why the file is test data outside a test folder, or null. */
  testData: string | null;
  docs: boolean;
}

function toFinding(
  path: string,
  r: RawSecret,
  all: readonly RawSecret[],
  lines: LineTable,
  where: PathContext,
  opts: CollectOptions,
): Finding {
  const { testFixture } = where;
  // `TEST_USER_PASSWORD`, `demoPassword`: the name says test data, wherever it is.
  const testData = where.testData ?? (r.name !== undefined ? testDataName(r.name) : null);
  const idx = lines.indexOf(r.start);
  const red = redactSecret(r.secret);
  const suppression = suppressionAt([lines.text(idx - 1), lines.text(idx)], 1);
  const suppressed = suppression?.honoured === true;
  // A file of test data outside test folders (`api-test.html`) can still hold a working key under a key's name.
  const keyInTestData = where.testData !== null && r.rule === 'generic-secret' && r.name !== undefined && namesAKey(r.name) && testDataName(r.name) === null && r.secret.length >= 20;
  const fails = !r.informational && !suppressed && ((!testFixture && testData === null) || r.failsInTests || keyInTestData);
  let reason = suppression?.reason ?? null;
  // A reason is repo text: make sure it cannot smuggle the secret out.
  if (reason !== null && r.secret.length >= 4) reason = reason.split(r.secret).join(red.display);
  return {
    kind: SECRET_KIND,
    path,
    line: (opts.lineNumber ?? ((i: number) => i + 1))(idx),
    excerpt: excerptFor(r, all, lines, idx),
    data: {
      rule: r.rule,
      title: sanitizeLine(r.title, 120),
      confidence: r.confidence,
      // Public by design: shown for the record, never a risk level of its own.
      severity: r.informational ? 'low' : r.severity,
      fingerprint: red.fingerprint,
      length: red.length,
      prefix: red.prefix,
      display: red.display,
      testFixture,
      testData,
      docs: where.docs,
      informational: r.informational,
      suppressed,
      suppressionReason: reason,
      suppressionProblem: suppression && !suppression.honoured ? 'suppression comment lacks a reason' : null,
      fails,
      note: r.note ?? null,
      ...(r.name !== undefined ? { name: sanitizeLine(r.name, 80) } : {}),
      ...opts.extra,
    },
  };
}

const EXCERPT_CONTEXT = 70;

/** The finding's line with every secret on it replaced by its redacted form, trimmed around the hit. */
export function excerptFor(r: RawSecret, all: readonly RawSecret[], lines: LineTable, idx: number): string {
  const lineStart = lines.start(idx);
  const text = lines.text(idx);
  const lineEnd = lineStart + text.length;
  const onLine = all.filter((o) => o.start < lineEnd + 1 && o.end > lineStart).sort((a, b) => a.start - b.start);
  let out = '';
  let pos = lineStart;
  let targetAt = 0;
  for (const o of onLine) {
    const s = Math.max(o.start, lineStart);
    if (s < pos) continue;
    out += text.slice(pos - lineStart, s - lineStart);
    if (o === r) targetAt = out.length;
    out += redactSecret(o.secret).display;
    pos = Math.min(o.end, lineEnd);
  }
  out += text.slice(pos - lineStart);
  const from = Math.max(0, targetAt - EXCERPT_CONTEXT);
  const windowed = (from > 0 ? '…' : '') + out.slice(from, targetAt + EXCERPT_CONTEXT * 2).trim();
  const excerpt = sanitizeLine(windowed, 240);
  // Belt and braces: never let a value through, whatever the line looked like.
  return all.some((o) => o.secret.length >= 8 && excerpt.includes(o.secret)) ? redactSecret(r.secret).display : excerpt;
}

/** Line lookups by offset, built once per file with findings. */
export class LineTable {
  private readonly starts: number[] = [0];
  constructor(private readonly source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  indexOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  start(idx: number): number {
    return this.starts[idx] ?? this.source.length;
  }
  text(idx: number): string {
    if (idx < 0 || idx >= this.starts.length) return '';
    const s = this.starts[idx] ?? 0;
    const e = this.starts[idx + 1];
    return this.source.slice(s, e === undefined ? undefined : e - 1).replace(/\r$/, '');
  }
}
