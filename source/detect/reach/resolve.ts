import path from 'node:path';

/**
 * Resolves JS/TS import specifiers to files of the scanned tree, the way bundlers
 * and TypeScript do for the common cases: relative paths with extension and index
 * probing (`./x.js` written for `./x.ts` too), tsconfig/jsconfig `paths`
 * aliases scoped to their folder, the usual `@/` `~/` `$lib` shortcuts, and
 * workspace packages by name. Anything else (npm packages, URLs) is external: null.
 */

export const JS_EXTS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.svelte', '.astro'];

export interface Alias {
  /** Folder the alias applies to ('' = whole tree). */
  scope: string;
  /** `@/` for `@/*`, or an exact key such as `~lib`. */
  prefix: string;
  wildcard: boolean;
  /** Target folders/files relative to the tree root, `*` already stripped. */
  targets: string[];
}

export interface WorkspacePackage {
  name: string;
  dir: string;
  /** Entry files (tree-relative) for the bare name. */
  entries: string[];
  /** Subpath patterns from `exports`: `./server-only/*` → `packages/lib/server-only/*`. */
  subpaths: { key: string; target: string }[];
}

export interface ResolveConfig {
  aliases: Alias[];
  packages: WorkspacePackage[];
  /**
   * Package folders. A relative path that names no file beside the importer is
   * tried from the enclosing package too: dev servers load modules by
   * root-relative paths (`ssrLoadModule('./server/app.ts')`).
   */
  roots?: readonly string[];
}

export type Resolver = (from: string, spec: string) => string | null;

const posix = path.posix;

/** The file a path names, probing extensions and index files; null when none exists. */
export function probe(files: ReadonlySet<string>, p: string): string | null {
  const clean = posix.normalize(p).replace(/^\.\//, '').replace(/\/$/, '');
  if (clean.startsWith('../') || clean === '..') return null;
  if (files.has(clean)) return clean;
  // `./x.js` in TypeScript source names `./x.ts`.
  const ext = posix.extname(clean);
  const stem = ['.js', '.jsx', '.mjs', '.cjs'].includes(ext) ? clean.slice(0, -ext.length) : clean;
  for (const e of JS_EXTS) if (files.has(stem + e)) return stem + e;
  for (const e of JS_EXTS) if (files.has(`${clean}/index${e}`)) return `${clean}/index${e}`;
  return null;
}

export function createResolver(files: ReadonlySet<string>, cfg: ResolveConfig): Resolver {
  const aliases = [...cfg.aliases].sort((a, b) => b.scope.length - a.scope.length || b.prefix.length - a.prefix.length);
  const byName = new Map(cfg.packages.map((p) => [p.name, p]));
  const cache = new Map<string, string | null>();
  const roots = [...(cfg.roots ?? [''])].sort((a, b) => b.length - a.length);
  // A bare specifier resolves the same from every folder under the same alias scopes:
  // keyed by those scopes, `@scope/pkg` imported from a thousand files is resolved once.
  // The aliases in force are those of the same scopes too (a monorepo has a tsconfig per package: a thousand aliases, a few per folder).
  const scopes = [...new Set(aliases.map((a) => a.scope))];
  const scopesOfDir = new Map<string, { key: string; aliases: Alias[] }>();
  const inForce = (dir: string): { key: string; aliases: Alias[] } => {
    let k = scopesOfDir.get(dir);
    if (k === undefined) {
      const mine = new Set(scopes.filter((s) => s === '' || dir === s || dir.startsWith(`${s}/`)));
      scopesOfDir.set(dir, (k = { key: [...mine].join('\u0001'), aliases: aliases.filter((a) => mine.has(a.scope)) }));
    }
    return k;
  };
  return (from, spec) => {
    const dir = posix.dirname(from) === '.' ? '' : posix.dirname(from);
    const isRelative = spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
    const scoped = isRelative ? null : inForce(dir);
    const key = scoped === null ? `r\0${dir}\0${spec}` : `b\0${scoped.key}\0${spec}`;
    if (cache.has(key)) return cache.get(key) ?? null;
    let out: string | null = null;
    const bare = spec.replace(/(?!^)[?#].*$/, '');
    if (isRelative) {
      out = probe(files, posix.join(dir, bare));
      if (!out && spec.startsWith('./')) {
        const root = roots.find((r) => r === '' || from.startsWith(`${r}/`));
        if (root !== undefined) out = probe(files, posix.join(root, bare));
      }
    }
    else if (/^[a-z][a-z0-9+.-]*:/i.test(bare)) out = null; // https://…, npm:, node:
    else {
      for (const a of scoped?.aliases ?? []) {
        const hit = a.wildcard ? bare.startsWith(a.prefix) : bare === a.prefix;
        if (!hit) continue;
        const rest = a.wildcard ? bare.slice(a.prefix.length) : '';
        for (const t of a.targets) {
          out = probe(files, posix.join(t, rest));
          if (out) break;
        }
        if (out) break;
      }
      out ??= workspaceTarget(files, byName, bare);
    }
    cache.set(key, out);
    return out;
  };
}

function workspaceTarget(files: ReadonlySet<string>, byName: ReadonlyMap<string, WorkspacePackage>, spec: string): string | null {
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  const pkg = byName.get(name);
  if (!pkg) return null;
  const sub = spec.slice(name.length).replace(/^\//, '');
  if (sub === '') {
    for (const e of pkg.entries) {
      const f = probe(files, e);
      if (f) return f;
    }
    return probe(files, posix.join(pkg.dir, 'src/index')) ?? probe(files, posix.join(pkg.dir, 'index'));
  }
  for (const s of pkg.subpaths) {
    const k = s.key.replace(/^\.\//, '');
    if (k.endsWith('*') && sub.startsWith(k.slice(0, -1))) {
      const f = probe(files, s.target.replace('*', sub.slice(k.length - 1)));
      if (f) return f;
    } else if (k === sub) {
      const f = probe(files, s.target);
      if (f) return f;
    }
  }
  return probe(files, posix.join(pkg.dir, sub)) ?? probe(files, posix.join(pkg.dir, 'src', sub));
}

/**
 * JSON with comments and trailing commas (tsconfig), or null. Hand-written: the
 * one library for this (jsonc-parser) ships a UMD main whose lazy requires the
 * bundle cannot follow. One pass, strings kept intact.
 */
export function readJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1')) as unknown;
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Aliases declared by one tsconfig/jsconfig (`compilerOptions.paths` under `baseUrl`). */
export function tsconfigAliases(configPath: string, json: unknown): Alias[] {
  if (!isRecord(json) || !isRecord(json['compilerOptions'])) return [];
  const co = json['compilerOptions'];
  const dir = posix.dirname(configPath) === '.' ? '' : posix.dirname(configPath);
  const base = typeof co['baseUrl'] === 'string' ? posix.join(dir, co['baseUrl']) : dir;
  const out: Alias[] = [];
  if (isRecord(co['paths'])) {
    for (const [k, v] of Object.entries(co['paths'])) {
      if (!Array.isArray(v)) continue;
      const wildcard = k.endsWith('*');
      const targets = v.filter((t): t is string => typeof t === 'string').map((t) => posix.normalize(posix.join(base, t.replace(/\*$/, ''))).replace(/^\.\/?/, '').replace(/\/$/, ''));
      out.push({ scope: dir, prefix: wildcard ? k.slice(0, -1) : k, wildcard, targets: targets.map((t) => (t === '.' ? '' : t)) });
    }
  }
  return out;
}

/** The shortcuts generated apps use without declaring them where we read (vite.config alias, SvelteKit). */
export function conventionalAliases(scope: string): Alias[] {
  const j = (p: string) => (scope ? `${scope}/${p}` : p);
  return [
    { scope, prefix: '@/', wildcard: true, targets: [j('src'), j('app'), scope] },
    { scope, prefix: '~/', wildcard: true, targets: [j('src'), j('app'), scope] },
    { scope, prefix: '$lib', wildcard: false, targets: [j('src/lib')] },
    { scope, prefix: '$lib/', wildcard: true, targets: [j('src/lib')] },
  ];
}
