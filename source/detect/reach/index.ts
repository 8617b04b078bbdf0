import path from 'node:path';
import { findEntries, SERVING_KINDS, type Entry, type EntryKind, type PackageManifest } from './entries.js';
import type { ModuleFacts } from './facts.js';
import { conventionalAliases, createResolver, readJsonc, tsconfigAliases, JS_EXTS, type Alias, type Resolver, type WorkspacePackage } from './resolve.js';

/**
 * Reachability of JS/TS files from the places code starts running. Pure: it is
 * fed the per-file facts a detector's `collect` gathered (see facts.ts) and reads
 * the few configuration files it needs (package.json, tsconfig, index.html)
 * through the `readText` it is given.
 *
 * A file is `reachable` when an import chain leads to it from an entry point,
 * `unreachable` when its package has entry points and none leads to it, and
 * `unknown` when the question cannot be answered: not JS/TS, or in a package
 * where no entry point was recognised (a library without `main`, a framework
 * with auto-imports such as Nuxt). Callers treat `unknown` as reachable: a
 * control is never called dead on a guess.
 */


export type ReachStatus = 'reachable' | 'unreachable' | 'unknown';

export interface Reach {
  entries: readonly Entry[];
  status(file: string): ReachStatus;
  /** Kinds of the entries that reach the file (empty when unreachable or unknown). */
  kinds(file: string): ReadonlySet<EntryKind>;
  /** Files whose imports resolve to `file`. */
  importers(file: string): readonly string[];
  /** Resolved local imports of `file`, with the names taken. */
  imports(file: string): readonly { target: string; names: readonly string[]; line: number }[];
  /** The resolver used (tree-relative paths in, tree-relative path or null out). */
  resolve: Resolver;
  /** Does code that runs on a server (a server, function or route entry) reach the file, or can't we tell? */
  runsOnServer(file: string): boolean;
  /** Only browser entries reach the file (it ships to browsers and nothing server-side imports it). */
  browserOnly(file: string): boolean;
  /** Only tooling entries (configs, scripts, stories) reach it. */
  toolingOnly(file: string): boolean;
}

export interface ReachInput {
  /** Every indexed file path (POSIX, tree-relative). */
  files: readonly string[];
  /** Facts per JS/TS file that has any. */
  facts: ReadonlyMap<string, ModuleFacts>;
  readText(path: string): string | null;
}

const posix = path.posix;
const JS_FILE = new RegExp(`(?:${JS_EXTS.map((e) => e.replace('.', '\\.')).join('|')})$`);
const SKIP_DIR = /(?:^|\/)(?:node_modules|dist|build|\.next|\.nuxt|\.output|coverage|out)\//;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dirOf(p: string): string {
  const d = posix.dirname(p);
  return d === '.' ? '' : d;
}

function subpathsOf(dir: string, exportsField: unknown): { key: string; target: string }[] {
  if (!isRecord(exportsField)) return [];
  const out: { key: string; target: string }[] = [];
  for (const [k, v] of Object.entries(exportsField)) {
    if (!k.startsWith('./')) continue;
    const first = typeof v === 'string' ? v : isRecord(v) ? [v['import'], v['default'], v['require'], v['types']].find((x): x is string => typeof x === 'string') : undefined;
    if (first && !first.endsWith('.d.ts')) out.push({ key: k, target: posix.join(dir, first.replace(/^\.\//, '')) });
  }
  return out;
}

/** What the tree's configuration says about modules: manifests, aliases, workspace packages, and the resolver they make. */
export interface TreeConfig {
  packages: PackageManifest[];
  html: { path: string; text: string }[];
  autoImports: Set<string>;
  /** Package folders ('' = the root). */
  scopes: Set<string>;
  resolve: Resolver;
}

/**
 * Reads the few configuration files module resolution needs (package.json, tsconfig/jsconfig,
 * and, when asked, index.html and nuxt.config) and builds the resolver. The one place a JS/TS
 * import specifier becomes a file of the tree: reachability and the AI detector's helper
 * following both use it.
 */
export function readTreeConfig(input: Pick<ReachInput, 'files' | 'readText'>, opts: { html?: boolean } = {}): TreeConfig {
  const files = new Set(input.files);
  const packages: PackageManifest[] = [];
  const workspace: WorkspacePackage[] = [];
  const aliases: Alias[] = [];
  const html: { path: string; text: string }[] = [];
  const autoImports = new Set<string>();
  for (const f of input.files) {
    if (SKIP_DIR.test(f)) continue;
    const base = posix.basename(f);
    if (base === 'package.json') {
      const json = readJsonc(input.readText(f) ?? '');
      if (!isRecord(json)) continue;
      packages.push({ path: f, json });
      const dir = dirOf(f);
      // Subpath imports (`"#app/*": "./app/*"`) are aliases scoped to the package.
      if (isRecord(json['imports'])) {
        for (const [k, v] of Object.entries(json['imports'])) {
          const t = typeof v === 'string' ? v : isRecord(v) ? [v['import'], v['default'], v['node']].find((x): x is string => typeof x === 'string') : undefined;
          if (!t || !k.startsWith('#')) continue;
          const wildcard = k.endsWith('*');
          aliases.push({ scope: dir, prefix: wildcard ? k.slice(0, -1) : k, wildcard, targets: [posix.join(dir, t.replace(/^\.\//, '').replace(/\*.*$/, '')).replace(/\/$/, '')] });
        }
      }
      if (typeof json['name'] === 'string') {
        const entries = ['source', 'module', 'main', 'types'].map((k) => json[k]).filter((v): v is string => typeof v === 'string').map((v) => posix.join(dir, v.replace(/^\.\//, '')));
        const dot = isRecord(json['exports']) ? json['exports']['.'] : json['exports'];
        const dotTarget = typeof dot === 'string' ? dot : isRecord(dot) ? [dot['import'], dot['default'], dot['require']].find((x): x is string => typeof x === 'string') : undefined;
        if (dotTarget) entries.unshift(posix.join(dir, dotTarget.replace(/^\.\//, '')));
        workspace.push({ name: json['name'], dir, entries: entries.map((e) => e.replace(/\/(?:dist|lib|build)\//, '/src/')).concat(entries), subpaths: subpathsOf(dir, json['exports']) });
      }
    } else if (/^[jt]sconfig(?:\.[\w-]+)?\.json$/.test(base)) {
      aliases.push(...tsconfigAliases(f, readJsonc(input.readText(f) ?? '')));
    } else if (base === 'index.html') {
      if (opts.html === false) continue;
      const text = input.readText(f);
      if (text) html.push({ path: f, text });
    } else if (/^nuxt\.config\.[cm]?[jt]s$/.test(base)) {
      // Nuxt imports components, composables and utils implicitly: imports cannot tell what is used.
      autoImports.add(dirOf(f));
    }
  }
  const scopes = new Set<string>(['', ...packages.map((p) => dirOf(p.path))]);
  for (const s of scopes) aliases.push(...conventionalAliases(s));
  const resolve = createResolver(files, { aliases, packages: workspace, roots: [...scopes] });
  return { packages, html, autoImports, scopes, resolve };
}

export function analyseReach(input: ReachInput): Reach {
  const files = new Set(input.files);
  const jsFiles = input.files.filter((f) => JS_FILE.test(f) && !SKIP_DIR.test(f));
  const { packages, html, autoImports, scopes, resolve } = readTreeConfig(input);

  // The graph.
  const out = new Map<string, { target: string; names: readonly string[]; line: number }[]>();
  const importers = new Map<string, string[]>();
  for (const f of jsFiles) {
    const facts = input.facts.get(f);
    if (!facts) continue;
    const edges: { target: string; names: readonly string[]; line: number }[] = [];
    for (const imp of facts.imports) {
      const target = resolve(f, imp.spec);
      if (!target || target === f) continue;
      edges.push({ target, names: imp.names, line: imp.line });
      const list = importers.get(target) ?? [];
      if (!list.includes(f)) list.push(f);
      importers.set(target, list);
    }
    out.set(f, edges);
  }

  const entries = findEntries({ files, facts: input.facts, packages, html });
  const kinds = new Map<string, Set<EntryKind>>();
  for (const kind of new Set(entries.map((e) => e.kind))) {
    const queue = entries.filter((e) => e.kind === kind).map((e) => e.path);
    for (let i = 0; i < queue.length; i++) {
      const f = queue[i] as string;
      const set = kinds.get(f) ?? new Set<EntryKind>();
      if (set.has(kind)) continue;
      set.add(kind);
      kinds.set(f, set);
      for (const e of out.get(f) ?? []) queue.push(e.target);
    }
  }

  // Packages (nearest package.json folder) with no entry at all cannot be judged.
  const pkgDirs = [...scopes].sort((a, b) => b.length - a.length);
  const pkgOf = (f: string) => pkgDirs.find((d) => d === '' || f.startsWith(`${d}/`)) ?? '';
  const judged = new Set<string>();
  for (const e of entries) if (e.kind !== 'tooling') judged.add(pkgOf(e.path));
  const unjudgeable = (f: string) => {
    const p = pkgOf(f);
    if (!judged.has(p)) return true;
    for (const a of autoImports) if (a === '' || f.startsWith(`${a}/`) || f === a) return true;
    return false;
  };

  const empty: ReadonlySet<EntryKind> = new Set();
  const status = (f: string): ReachStatus => {
    if (!JS_FILE.test(f)) return 'unknown';
    if (kinds.has(f)) return 'reachable';
    return unjudgeable(f) ? 'unknown' : 'unreachable';
  };
  const kindsOf = (f: string) => kinds.get(f) ?? empty;
  return {
    entries,
    status,
    kinds: kindsOf,
    importers: (f) => importers.get(f) ?? [],
    imports: (f) => out.get(f) ?? [],
    resolve,
    runsOnServer(f) {
      const s = status(f);
      if (s === 'unknown') return true;
      return [...kindsOf(f)].some((k) => SERVING_KINDS.has(k) || k === 'package');
    },
    browserOnly(f) {
      const k = kindsOf(f);
      return k.size > 0 && [...k].every((x) => x === 'browser' || x === 'tooling') && k.has('browser');
    },
    toolingOnly(f) {
      const k = kindsOf(f);
      return k.size > 0 && [...k].every((x) => x === 'tooling');
    },
  };
}

/**
 * One analysis per scan: every detector that asks collects the same facts, and the
 * engine hands them all the same index object, so the first to ask computes it.
 */
const memo = new WeakMap<object, Reach>();
export function reachFor(key: object, input: () => ReachInput): Reach {
  let r = memo.get(key);
  if (!r) {
    r = analyseReach(input());
    memo.set(key, r);
  }
  return r;
}
