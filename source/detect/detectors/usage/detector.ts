import { sanitizeLine } from '../../../util/sanitize.js';
import { redactIn } from '../../redact.js';
import { findSecrets } from '../secrets/scan.js';
import type { Confidence, Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal, SignalMeta, SignalStatus } from '../../types.js';
import { pathRole } from '../../path-role.js';
import { langOf, type Lang } from './files.js';
import { extractImports } from './imports.js';
import { isManifest, parseManifest } from './manifests.js';
import { linesView, maskedView } from './mask.js';
import { blockMap, enclosingRegion, type Region } from './regions.js';
import { groupOf, libMatcher, prefilterOf, type CodePattern, type Lib, type LibMatcher } from './spec.js';
import { LiteralGroups } from '../../prefilter.js';
import { decodeFacts, encodeFacts, moduleFactsView, type ModuleFacts } from '../../reach/facts.js';
import { viewOf } from '../../file-view.js';
import { reachFor, type Reach } from '../../reach/index.js';

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
  /**
   * Judge use, not presence: collect every JS/TS file's imports so evaluate can
   * tell code that runs (reachable from an entry point) from dead code, browser
   * code and tooling. `browserCounts` lists the groups for which code shipped to
   * browsers counts (error monitoring does; a rate limiter or a cache does not).
   */
  reach?: { browserCounts?: readonly string[] };
  evaluate(ctx: UsageContext): Signal[];
}

/** Where a finding's code runs, as far as reachability can tell. */
export type Place = 'runs' | 'dead' | 'browser' | 'tooling';

const PLACE_WORDS: Record<Exclude<Place, 'runs'>, string> = {
  dead: 'only in code nothing imports',
  browser: 'only in code shipped to browsers',
  tooling: 'only in tooling or scripts',
};

export function placeWords(p: Exclude<Place, 'runs'>): string {
  return PLACE_WORDS[p];
}

export interface LibStatus {
  lib: Lib;
  declared: Finding[];
  app: Finding[];
  test: Finding[];
  example: Finding[];
  /** Imports in application files that do not run (dead, browser-only or tooling code). */
  idle: Finding[];
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
  /** Reachability of JS/TS files (null unless the detector asked for it). */
  reach: Reach | null;
  /** Where a file's code runs for this group ('runs' when it cannot be told). */
  place(path: string, group?: string): Place;
}

const MAX_PER_PATTERN_PER_FILE = 3;
const MAX_IMPORTS_PER_LIB_PER_FILE = 3;
const MAX_REGION_LINES = 400;

/**
 * The block an anchor line opens: the first brace block starting on that line or
 * within the next few (a signature wrapped over lines), or for Python the body of
 * the `def`/loop on (or, after decorators, just below) the line.
 */
export function blockAt(lang: Lang, lines: readonly string[], i: number, map: ReturnType<typeof blockMap> | undefined): Region {
  if (lang === 'py') {
    let head = i;
    while (head < Math.min(lines.length - 1, i + 4) && /^\s*@/.test(lines[head] as string)) head++;
    const indent = (lines[head] ?? '').length - (lines[head] ?? '').trimStart().length;
    let end = head;
    for (let j = head + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      if (!l.trim()) continue;
      if (l.length - l.trimStart().length <= indent) break;
      end = j;
    }
    return { start: i, end };
  }
  const b = map?.blocks.find((x) => x.open >= i && x.open <= i + 4);
  return b ? { start: i, end: b.close } : { start: i, end: Math.min(lines.length - 1, i + 20) };
}

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

/** Literals that mark a JS file worth reading for its imports (or for starting a server). */
const MODULE_LITERALS = ['import', 'require', 'export', 'serve', 'listen'];

export function createUsageDetector(cfg: UsageDetectorConfig): Detector {
  const patterns = cfg.patterns ?? [];
  const libsWithConfig = cfg.libs.filter((l) => (l.config ?? []).length > 0);
  const matcher = libMatcher(cfg.libs);
  const own = prefilterOf(cfg.libs, patterns, cfg.prefilter);
  // With reach, the engine's prefilter lets nearly every JS file through for its imports;
  // the detector's own literals still decide whether the rest of collect runs.
  const ownMatcher = cfg.reach ? new LiteralGroups([own]) : null;
  const pathPatterns = patterns.filter((p) => p.path !== undefined);
  const browserCounts = new Set(cfg.reach?.browserCounts ?? []);
  // Which patterns' literals a file holds, read off the engine's one pass over its bytes (a substring search per literal per pattern was the detector's largest cost).
  const patternLiterals = new LiteralGroups(patterns.map((p) => p.literal));
  const patternsOfLang = new Map<Lang, number[]>();
  const wantedFor = (lang: Lang): number[] => {
    let w = patternsOfLang.get(lang);
    if (!w) patternsOfLang.set(lang, (w = patterns.flatMap((p, i) => (p.langs.includes(lang) ? [i] : []))));
    return w;
  };
  return {
    id: cfg.id,
    signals: cfg.signals,
    prefilter: cfg.reach ? [...own, ...MODULE_LITERALS] : own,
    selects: (f) => isManifest(f) || langOf(f) !== null,
    collect(file, text) {
      const lang = langOf(file);
      const moduleFinding: Finding[] = [];
      if (cfg.reach && lang === 'js' && pathRole(file.path) !== 'test') {
        const facts = moduleFactsView(text);
        if (facts.imports.length > 0 || facts.serves) moduleFinding.push({ kind: 'module', path: file.path, data: { facts: encodeFacts(facts), serves: facts.serves } });
      }
      // A file with none of the detector's literals is done, unless a path pattern (a route file) names it.
      if (ownMatcher && ownMatcher.groupsIn(text).size === 0 && !pathPatterns.some((p) => p.path?.test(file.path) === true)) return moduleFinding;
      if (isManifest(file)) return collectManifest(file, text, matcher);
      if (!lang) return [];
      const masked = maskedView(text, lang);
      const lines = linesView(text, lang, 'text') as string[];
      const maskedLines = linesView(text, lang, 'masked') as string[];
      const out: Finding[] = [];
      // One file importing a library 300 times says what one import says: keep the first few, before paying for excerpts.
      const perLib = new Map<string, number>();
      for (const imp of viewOf(text, `imports:${lang}`, () => extractImports(masked, lang))) {
        for (const lib of matcher.byImport(lang, imp.module)) {
          const seen = perLib.get(lib.name) ?? 0;
          perLib.set(lib.name, seen + 1);
          if (seen >= MAX_IMPORTS_PER_LIB_PER_FILE) continue;
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
      let blocks: ReturnType<typeof blockMap> | undefined;
      const regionOf = (p: CodePattern, i: number): Region => {
        if (p.within === 'file') return { start: 0, end: maskedLines.length - 1 };
        if (lang !== 'py') blocks ??= viewOf(text, `blocks:${lang}`, () => blockMap(maskedView(text, lang, { strings: true })));
        return p.within === 'block' ? blockAt(lang, maskedLines, i, blocks) : enclosingRegion(lang, maskedLines, i, blocks);
      };
      const wanted = wantedFor(lang);
      const present = wanted.length > 0 ? patternLiterals.groupsIn(text) : null;
      for (const pi of wanted) {
        const p = patterns[pi] as CodePattern;
        if (!present?.has(pi)) continue;
        if (p.path && !p.path.test(file.path)) continue;
        if (p.notPath?.test(file.path)) continue;
        if (p.fileAlso && !p.fileAlso.test(masked)) continue;
        let n = 0;
        const scanned = p.code ? (codeLines ??= linesView(text, lang, 'code') as string[]) : maskedLines;
        for (let i = 0; i < scanned.length && n < MAX_PER_PATTERN_PER_FILE; i++) {
          if (!matchesAt(p, scanned, i)) continue;
          if (p.unless && p.unless.test(maskedLines.slice(Math.max(0, i - 3), i + 1).join('\n'))) continue;
          if (p.unlessAfter && p.unlessAfter.test(maskedLines.slice(i, i + 3).join('\n'))) continue;
          if (p.needs) {
            const r = regionOf(p, i);
            // Long regions are cut: a shape is local, and the regexes stay cheap.
            const body = maskedLines.slice(r.start, Math.min(r.end + 1, r.start + MAX_REGION_LINES)).join('\n');
            if (!p.needs.every((re) => re.test(body))) continue;
          }
          out.push({ kind: 'pattern', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { pattern: p.id, label: p.label, group: groupOf(p), weak: p.weak === true } });
          n++;
        }
        // A path pattern (a route file) counts once even when no line matches the regex.
        if (p.path && !p.lineRequired && n === 0) out.push({ kind: 'pattern', path: file.path, line: 1, excerpt: excerptOf(lines[0], file), data: { pattern: p.id, label: p.label, group: groupOf(p), weak: p.weak === true } });
      }
      if (cfg.collectExtra) out.push(...cfg.collectExtra({ file, text, lang, masked, lines, maskedLines }));
      return moduleFinding.length > 0 ? [...moduleFinding, ...out] : out;
    },
    evaluate(input) {
      const evidence = (f: Finding, note?: string): Evidence => ({
        path: f.path,
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.excerpt !== undefined ? { excerpt: f.excerpt } : {}),
        sha256: input.hashes.get(f.path) ?? input.hashOf(f.path),
        ...(note ? { note } : {}),
      });
      const reach = cfg.reach ? reachOf(input) : null;
      const place = (path: string, group = 'main'): Place => {
        if (!reach) return 'runs';
        const st = reach.status(path);
        if (st === 'unknown') return 'runs';
        if (st === 'unreachable') return 'dead';
        if (reach.runsOnServer(path)) return 'runs';
        if (reach.toolingOnly(path)) return 'tooling';
        return browserCounts.has(group) ? 'runs' : 'browser';
      };
      const findings = input.findings.filter((f) => f.kind !== 'module');
      const ctx: UsageContext = {
        input,
        findings,
        evidence,
        reach,
        place,
        usage: (group = 'main') => resolveUsage(cfg.libs, patterns, findings, group, reach ? (p) => place(p, group) : undefined),
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
export function resolveUsage(libs: readonly Lib[], patterns: readonly CodePattern[], findings: readonly Finding[], group: string, place?: (path: string) => Place): GroupUsage {
  const inGroup = findings.filter((f) => f.data?.group === group);
  const runs = (f: Finding) => !place || place(f.path) === 'runs';
  const appPatterns = new Set(findings.filter((f) => f.kind === 'pattern' && pathRole(f.path) === 'app' && runs(f)).map((f) => String(f.data?.pattern)));
  const inUse: LibStatus[] = [];
  const hints: LibStatus[] = [];
  for (const lib of libs) {
    if (groupOf(lib) !== group) continue;
    const mine = inGroup.filter((f) => f.data?.lib === lib.name);
    if (mine.length === 0) continue;
    const st: LibStatus = { lib, declared: [], app: [], test: [], example: [], idle: [] };
    for (const f of mine) {
      if (f.kind === 'dep') {
        // A manifest inside tests (e.g. a fixture project) says nothing about this service.
        if (pathRole(f.path) !== 'test') st.declared.push(f);
      } else if (f.kind === 'import') {
        const role = pathRole(f.path);
        if (role === 'app' && !runs(f)) st.idle.push(f);
        else st[role].push(f);
      }
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
    if (st.app.length === 0 && st.example.length === 0 && st.idle.length === 0 && !prodDeclared) continue;
    if (!st.reason && st.idle.length > 0 && place) {
      const where = place((st.idle[0] as Finding).path);
      const files = [...new Set(st.idle.map((f) => f.path))];
      st.reason = `imported ${where === 'runs' ? '' : placeWords(where)} (${files.slice(0, 2).join(', ')}${files.length > 2 ? ', …' : ''})`.replace('imported  (', 'imported (');
    }
    if (!st.reason) {
      if (st.test.length > 0 && st.example.length === 0) st.reason = 'declared, imported only in tests';
      else if (st.example.length > 0) st.reason = 'imported only in examples/docs';
      else st.reason = 'declared but not imported by application code';
    }
    hints.push(st);
  }
  const pats = inGroup.filter((f) => f.kind === 'pattern');
  const strong = (f: Finding) => f.data?.weak !== true && pathRole(f.path) === 'app' && runs(f);
  const shapes = new Set(patterns.filter((p) => p.needs).map((p) => p.id));
  // Not even a hint: a route string or a hand-written shape in browser or tooling code
  // (a client-side page at /health, a UI throttle), or a hand-written shape in tests.
  const noHint = (f: Finding) => {
    const where = place?.(f.path) ?? 'runs';
    if (where === 'browser' || where === 'tooling') return true;
    return shapes.has(String(f.data?.pattern)) && pathRole(f.path) !== 'app';
  };
  return {
    inUse,
    hints,
    patterns: pats.filter(strong),
    weakPatterns: pats.filter((f) => !strong(f) && !noHint(f)),
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
  /**
   * A library in use that still does not count, and why (a limiter registered but
   * applied to no route, Redis used only as a queue): it becomes a hint.
   */
  demote?: (st: LibStatus) => { reason: string; evidence?: Evidence[]; definite?: boolean } | undefined;
  /** Words and evidence added after a counted library's name (what it is used for). */
  describe?: (st: LibStatus) => { text: string; evidence: Evidence[] } | undefined;
}

const MAX_EVIDENCE = 12;

/** The common verdict: in use → pass; only hints → unknown; nothing → `absent` (fail by default). */
export function usageSignal(ctx: UsageContext, opts: UsageSignalOptions): Signal {
  const u = ctx.usage(opts.group);
  const id = opts.meta.id;
  const demoted: Evidence[] = [];
  const definite = new Set<Lib>();
  if (opts.demote) {
    for (const st of [...u.inUse]) {
      const d = opts.demote(st);
      if (!d) continue;
      u.inUse.splice(u.inUse.indexOf(st), 1);
      u.hints.unshift({ ...st, reason: d.reason });
      demoted.push(...(d.evidence ?? []));
      if (d.definite) definite.add(st.lib);
    }
  }
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
    const described = u.inUse.map((st) => {
      const d = opts.describe?.(st);
      if (d) evidence.push(...d.evidence);
      return d ? `${st.lib.name} (${d.text})` : st.lib.name;
    });
    const shapes = [...new Set(u.patterns.map((p) => String(p.data?.label ?? p.data?.pattern)))];
    const what = [...described, ...shapes].join(', ');
    return {
      id, status: 'pass', confidence,
      summary: `${opts.what} in use: ${what}`,
      evidence: evidence.slice(0, MAX_EVIDENCE),
      details: { libraries: names, hints: u.hints.map((h) => h.lib.name) },
    };
  }
  if (u.hints.length > 0 || u.weakPatterns.length > 0) {
    const evidence: Evidence[] = [...demoted];
    const parts: string[] = [];
    for (const st of u.hints) {
      parts.push(`${st.lib.name} ${st.reason ?? ''}`.trim());
      const f = st.declared[0] ?? st.app[0] ?? st.test[0] ?? st.example[0];
      if (f) evidence.push(ctx.evidence(f, st.reason));
    }
    for (const p of u.weakPatterns.slice(0, 4)) {
      const note = whyWeak(ctx, p, opts.group);
      evidence.push(ctx.evidence(p, note));
      parts.push(`${String(p.data?.label ?? p.data?.pattern)} (${note})`);
    }
    // Read, not guessed: a library whose use the code shows is not the control (a limiter applied nowhere).
    // Read, not guessed, too: a library imported only by code that does not run (nothing imports it, or only browsers or tooling do).
    const idleOnly = (h: LibStatus) => h.idle.length > 0 && h.app.length === 0 && h.example.length === 0;
    if (u.hints.length > 0 && u.hints.every((h) => definite.has(h.lib) || idleOnly(h)) && u.weakPatterns.length === 0) {
      return {
        id, status: 'fail', confidence: 'medium',
        summary: `no ${opts.what} in use: ${[...new Set(parts)].join('; ')}`,
        evidence: evidence.slice(0, MAX_EVIDENCE),
        details: { hints: u.hints.map((h) => h.lib.name) },
      };
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

/** Why a pattern finding does not count: a weak shape, test/example code, or code that does not run. */
export function whyWeak(ctx: UsageContext, p: Finding, group?: string): string {
  const role = pathRole(p.path);
  if (role !== 'app') return `${role} code only`;
  const where = ctx.place(p.path, group);
  if (where !== 'runs') return placeWords(where);
  return 'weak hint';
}

function reachOf(input: EvaluateInput): Reach {
  return reachFor(input.index, () => {
    const facts = new Map<string, ModuleFacts>();
    for (const f of input.findings) {
      if (f.kind === 'module') facts.set(f.path, decodeFacts(String(f.data?.facts ?? ''), f.data?.serves === true));
    }
    return { files: input.index.files.map((f) => f.path), facts, readText: input.readText };
  });
}

/**
 * A fail for "nothing found" points at what was searched: the manifests (first few),
 * or the repository root when there is none (every fail carries evidence).
 */
export function manifestEvidence(ctx: UsageContext, note: string): Evidence[] {
  // The root's manifest first: a Capacitor app's android/ gradle files are not where its service is declared.
  const depth = (p: string) => p.split('/').length;
  const manifests = ctx.input.index.files
    .filter((f) => isManifest(f) && pathRole(f.path) === 'app')
    .sort((a, b) => depth(a.path) - depth(b.path))
    .slice(0, 5)
    .map((f) => ({ path: f.path, sha256: ctx.input.hashOf(f.path), note }));
  return manifests.length > 0 ? manifests : [{ path: '.', sha256: '', note: 'no package manifest; searched the source files' }];
}
