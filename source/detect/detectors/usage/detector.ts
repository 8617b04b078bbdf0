import { sanitizeLine } from '../../../util/sanitize.js';
import { redactIn } from '../../redact.js';
import { findSecrets } from '../secrets/scan.js';
import type { Confidence, Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal, SignalMeta, SignalStatus } from '../../types.js';
import { pathRole } from '../../path-role.js';
import { langOf, type Lang } from './files.js';
import { extractImports } from './imports.js';
import { isManifest, parseManifest } from './manifests.js';
import { mask } from './mask.js';
import { groupOf, libMatcher, prefilterOf, type CodePattern, type Lib, type LibMatcher } from './spec.js';

/** What a per-file extra collector gets: the file's language and its comment-masked text. */
export interface SourceView {
  file: FileEntry;
  text: string;
  lang: Lang;
  masked: string;
  lines: string[];
  maskedLines: string[];
}

export interface UsageDetectorConfig {
  id: string;
  signals: readonly SignalMeta[];
  libs: readonly Lib[];
  patterns?: readonly CodePattern[];
  /** Extra literals for the prefilter (what `collectExtra` looks for). */
  prefilter?: readonly string[];
  /** Per-file analysis beyond imports and patterns (e.g. LLM call sites). */
  collectExtra?: (view: SourceView) => Finding[];
  evaluate(ctx: UsageContext): Signal[];
}

export interface LibStatus {
  lib: Lib;
  declared: Finding[];
  app: Finding[];
  test: Finding[];
  example: Finding[];
  /** Why it does not count (set only for hints). */
  reason?: string;
}

export interface GroupUsage {
  inUse: LibStatus[];
  hints: LibStatus[];
  /** Strong pattern findings in application code. */
  patterns: Finding[];
  /** Weak patterns, or patterns seen only in tests/examples. */
  weakPatterns: Finding[];
}

export interface UsageContext {
  input: EvaluateInput;
  findings: Finding[];
  usage(group?: string): GroupUsage;
  evidence(f: Finding, note?: string): Evidence;
}

const MAX_PER_PATTERN_PER_FILE = 3;

/**
 * An evidence excerpt: the trimmed line with any credential on it redacted (a
 * client constructed with a literal key sits on the same line as `maxRetries`),
 * then sanitised for the terminal.
 */
export function excerptOf(line: string | undefined, file: Pick<FileEntry, 'base' | 'ext'>): string {
  let text = (line ?? '').trim().slice(0, 1000);
  for (const s of findSecrets(text, file)) text = redactIn(text, s.secret);
  return sanitizeLine(text, 160);
}

export function createUsageDetector(cfg: UsageDetectorConfig): Detector {
  const patterns = cfg.patterns ?? [];
  const libsWithConfig = cfg.libs.filter((l) => (l.config ?? []).length > 0);
  const matcher = libMatcher(cfg.libs);
  return {
    id: cfg.id,
    signals: cfg.signals,
    prefilter: prefilterOf(cfg.libs, patterns, cfg.prefilter),
    selects: (f) => isManifest(f) || langOf(f) !== null,
    collect(file, text) {
      if (isManifest(file)) return collectManifest(file, text, matcher);
      const lang = langOf(file);
      if (!lang) return [];
      const masked = mask(text, lang);
      const lines = text.split('\n');
      const maskedLines = masked.split('\n');
      const out: Finding[] = [];
      for (const imp of extractImports(masked, lang)) {
        for (const lib of matcher.byImport(lang, imp.module)) {
          out.push({ kind: 'import', path: file.path, line: imp.line, excerpt: excerptOf(lines[imp.line - 1], file), data: { lib: lib.name, group: groupOf(lib), module: imp.specifier ?? imp.module, lang } });
        }
      }
      if (lang === 'config') {
        for (const lib of libsWithConfig) {
          const i = maskedLines.findIndex((l) => (lib.config ?? []).some((c) => l.includes(c)));
          if (i >= 0) out.push({ kind: 'import', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { lib: lib.name, group: groupOf(lib), module: 'config', lang } });
        }
      }
      let codeLines: string[] | undefined;
      for (const p of patterns) {
        if (!p.langs.includes(lang)) continue;
        if (p.path && !p.path.test(file.path)) continue;
        if (!p.literal.some((l) => text.includes(l))) continue;
        if (p.fileAlso && !p.fileAlso.test(masked)) continue;
        let n = 0;
        const scanned = p.code ? (codeLines ??= mask(text, lang, { strings: true }).split('\n')) : maskedLines;
        for (let i = 0; i < scanned.length && n < MAX_PER_PATTERN_PER_FILE; i++) {
          if (!matchesAt(p, scanned, i)) continue;
          out.push({ kind: 'pattern', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { pattern: p.id, label: p.label, group: groupOf(p), weak: p.weak === true } });
          n++;
        }
        // A path pattern (a route file) counts once even when no line matches the regex.
        if (p.path && !p.lineRequired && n === 0) out.push({ kind: 'pattern', path: file.path, line: 1, excerpt: excerptOf(lines[0], file), data: { pattern: p.id, label: p.label, group: groupOf(p), weak: p.weak === true } });
      }
      if (cfg.collectExtra) out.push(...cfg.collectExtra({ file, text, lang, masked, lines, maskedLines }));
      return out;
    },
    evaluate(input) {
      const evidence = (f: Finding, note?: string): Evidence => ({
        path: f.path,
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.excerpt !== undefined ? { excerpt: f.excerpt } : {}),
        sha256: input.hashes.get(f.path) ?? input.hashOf(f.path),
        ...(note ? { note } : {}),
      });
      const ctx: UsageContext = {
        input,
        findings: input.findings,
        evidence,
        usage: (group = 'main') => resolveUsage(cfg.libs, patterns, input.findings, group),
      };
      return cfg.evaluate(ctx);
    },
  };
}

/** Does pattern `p` match starting on line `i` (running onto following lines when it has a span)? */
function matchesAt(p: CodePattern, lines: readonly string[], i: number): boolean {
  const line = lines[i] as string;
  if (!p.span) return p.regex.test(line);
  const m = p.regex.exec(lines.slice(i, i + 1 + p.span).join('\n'));
  // A match that starts on a later line belongs to that line.
  return m !== null && m.index < line.length;
}

function collectManifest(file: FileEntry, text: string, matcher: LibMatcher): Finding[] {
  const lines = text.split('\n');
  const out: Finding[] = [];
  for (const dep of parseManifest(file, text)) {
    for (const lib of matcher.byDep(dep.ecosystem, dep.name)) {
      out.push({ kind: 'dep', path: file.path, line: dep.line, excerpt: excerptOf(lines[dep.line - 1], file), data: { lib: lib.name, group: groupOf(lib), ecosystem: dep.ecosystem, dep: dep.name, dev: dep.dev } });
    }
  }
  return out;
}

/** Decide, per library, whether the findings prove use (see Lib for the rules). */
export function resolveUsage(libs: readonly Lib[], patterns: readonly CodePattern[], findings: readonly Finding[], group: string): GroupUsage {
  const inGroup = findings.filter((f) => f.data?.group === group);
  const appPatterns = new Set(findings.filter((f) => f.kind === 'pattern' && pathRole(f.path) === 'app').map((f) => String(f.data?.pattern)));
  const inUse: LibStatus[] = [];
  const hints: LibStatus[] = [];
  for (const lib of libs) {
    if (groupOf(lib) !== group) continue;
    const mine = inGroup.filter((f) => f.data?.lib === lib.name);
    if (mine.length === 0) continue;
    const st: LibStatus = { lib, declared: [], app: [], test: [], example: [] };
    for (const f of mine) {
      if (f.kind === 'dep') {
        // A manifest inside tests (e.g. a fixture project) says nothing about this service.
        if (pathRole(f.path) !== 'test') st.declared.push(f);
      } else if (f.kind === 'import') st[pathRole(f.path)].push(f);
    }
    const prodDeclared = st.declared.some((f) => f.data?.dev !== true && pathRole(f.path) === 'app');
    let counts = st.app.length > 0 || (lib.autoUse === true && prodDeclared);
    if (counts && lib.requires && !appPatterns.has(lib.requires)) {
      counts = false;
      // Read after the library's name in a hint: "PyJWT imported, but a token verification call was not found…".
      st.reason = `imported, but ${patternLabel(patterns, lib.requires)} was not found in application code`;
    }
    if (counts && lib.weak) {
      counts = false;
      st.reason = 'not enough on its own';
    }
    if (counts) { inUse.push(st); continue; }
    if (lib.broad) continue;
    // Used only by tests and declared (if at all) only for development: no hint of production use.
    if (st.app.length === 0 && st.example.length === 0 && !prodDeclared) continue;
    if (!st.reason) {
      if (st.test.length > 0 && st.example.length === 0) st.reason = 'declared, imported only in tests';
      else if (st.example.length > 0) st.reason = 'imported only in examples/docs';
      else st.reason = 'declared but not imported by application code';
    }
    hints.push(st);
  }
  const pats = inGroup.filter((f) => f.kind === 'pattern');
  return {
    inUse,
    hints,
    patterns: pats.filter((f) => f.data?.weak !== true && pathRole(f.path) === 'app'),
    weakPatterns: pats.filter((f) => f.data?.weak === true || pathRole(f.path) !== 'app'),
  };
}

function patternLabel(patterns: readonly CodePattern[], id: string): string {
  return patterns.find((p) => p.id === id)?.label ?? id;
}

export interface UsageSignalOptions {
  meta: SignalMeta;
  group?: string;
  /** e.g. "structured logger" */
  what: string;
  /** e.g. "pino, winston, structlog, …" — what was looked for, for the fail summary. */
  looked: string;
  /** Status and summary when nothing at all was found (default: fail). */
  absent?: { status: SignalStatus; summary: string; evidence?: Evidence[]; confidence?: Confidence };
}

const MAX_EVIDENCE = 12;

/** The common verdict: in use → pass; only hints → unknown; nothing → `absent` (fail by default). */
export function usageSignal(ctx: UsageContext, opts: UsageSignalOptions): Signal {
  const u = ctx.usage(opts.group);
  const id = opts.meta.id;
  if (u.inUse.length > 0 || u.patterns.length > 0) {
    const evidence: Evidence[] = [];
    let confidence: Confidence = 'medium';
    for (const st of u.inUse) {
      const app = st.app[0];
      if (app) evidence.push(ctx.evidence(app, `${st.lib.name} imported`));
      const decl = st.declared.find((f) => f.data?.dev !== true) ?? st.declared[0];
      if (decl) evidence.push(ctx.evidence(decl, `${st.lib.name} declared`));
      // What made the library count (the verify call behind a JWT import) is the line a reviewer wants.
      const required = st.lib.requires ? ctx.findings.find((f) => f.kind === 'pattern' && f.data?.pattern === st.lib.requires && pathRole(f.path) === 'app') : undefined;
      if (required) evidence.push(ctx.evidence(required, `${String(required.data?.label ?? st.lib.requires)}`));
      // Declared and imported (or stdlib and imported) is proof; import-only or autoconfigured is likely.
      if (app && (decl || st.lib.stdlib)) confidence = 'high';
    }
    for (const p of u.patterns.slice(0, 4)) evidence.push(ctx.evidence(p));
    const names = u.inUse.map((s) => s.lib.name);
    const what = names.length > 0 ? names.join(', ') : [...new Set(u.patterns.map((p) => String(p.data?.label ?? p.data?.pattern)))].join(', ');
    return {
      id, status: 'pass', confidence,
      summary: `${opts.what} in use: ${what}`,
      evidence: evidence.slice(0, MAX_EVIDENCE),
      details: { libraries: names, hints: u.hints.map((h) => h.lib.name) },
    };
  }
  if (u.hints.length > 0 || u.weakPatterns.length > 0) {
    const evidence: Evidence[] = [];
    const parts: string[] = [];
    for (const st of u.hints) {
      parts.push(`${st.lib.name} ${st.reason ?? ''}`.trim());
      const f = st.declared[0] ?? st.app[0] ?? st.test[0] ?? st.example[0];
      if (f) evidence.push(ctx.evidence(f, st.reason));
    }
    for (const p of u.weakPatterns.slice(0, 4)) {
      evidence.push(ctx.evidence(p, pathRole(p.path) === 'app' ? 'weak hint' : `in ${pathRole(p.path)} code`));
      parts.push(`${String(p.data?.label ?? p.data?.pattern)} (${pathRole(p.path) === 'app' ? 'weak hint' : `${pathRole(p.path)} code only`})`);
    }
    return {
      id, status: 'unknown', confidence: 'low',
      summary: `no ${opts.what} proven in application code; hints: ${[...new Set(parts)].join('; ')}`,
      evidence: evidence.slice(0, MAX_EVIDENCE),
      details: { hints: u.hints.map((h) => h.lib.name) },
    };
  }
  const absent = opts.absent ?? { status: 'fail' as const, summary: `no ${opts.what} (${opts.looked}) in use` };
  const evidence = absent.evidence ?? (absent.status === 'fail' ? manifestEvidence(ctx, `no ${opts.what} declared here`) : []);
  return { id, status: absent.status, confidence: absent.confidence ?? 'medium', summary: absent.summary, evidence };
}

/**
 * A fail for "nothing found" points at what was searched: the manifests (first few),
 * or the repository root when there is none (every fail carries evidence).
 */
export function manifestEvidence(ctx: UsageContext, note: string): Evidence[] {
  const manifests = ctx.input.index.files
    .filter((f) => isManifest(f) && pathRole(f.path) === 'app')
    .slice(0, 5)
    .map((f) => ({ path: f.path, sha256: ctx.input.hashOf(f.path), note }));
  return manifests.length > 0 ? manifests : [{ path: '.', sha256: '', note: 'no package manifest; searched the source files' }];
}
