import path from 'node:path';
import { readTreeConfig } from '../../reach/index.js';

/**
 * A module specifier → a file of this repository, for following model output
 * through helpers. JS/TS specifiers go through the reachability module's resolver
 * (relative paths, tsconfig `paths`, the `@/` `~/` `$lib` shortcuts, workspace
 * packages); Python imports, which it does not handle, are resolved here by path.
 */

export type ModuleResolver = (from: string, spec: string) => string | null;

export function moduleResolver(files: readonly string[], readText: (path: string) => string | null): ModuleResolver {
  // Built on first use: most scans have no helper call to resolve.
  let js: ModuleResolver | null = null;
  let py: ModuleResolver | null = null;
  return (from, spec) => {
    if (from.endsWith('.py')) return (py ??= pythonResolver(files))(from, spec);
    return (js ??= readTreeConfig({ files, readText }, { html: false }).resolve)(from, spec);
  };
}

function pythonResolver(files: readonly string[]): ModuleResolver {
  const set = new Set(files);
  const bySuffix = new Map<string, string[]>();
  for (const f of files) {
    if (!f.endsWith('.py')) continue;
    const mod = f.endsWith('/__init__.py') ? f.slice(0, -'/__init__.py'.length) : f.slice(0, -3);
    const parts = mod.split('/');
    // Index the last three path segments: `services/llm` finds `backend/app/services/llm.py`.
    for (let i = Math.max(0, parts.length - 3); i < parts.length; i++) {
      const key = parts.slice(i).join('/');
      const list = bySuffix.get(key);
      if (list) list.push(f);
      else bySuffix.set(key, [f]);
    }
  }
  const cache = new Map<string, string | null>();
  const resolve = (from: string, spec: string): string | null => {
    const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
    const rest = spec.slice(dots).replace(/\./g, '/');
    if (dots > 0) {
      let dir = path.posix.dirname(from);
      for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
      const base = rest ? path.posix.join(dir, rest) : dir;
      for (const c of [`${base}.py`, `${base}/__init__.py`]) if (set.has(path.posix.normalize(c))) return path.posix.normalize(c);
      return null;
    }
    const key = rest.split('/').slice(-3).join('/');
    const cands = (bySuffix.get(key) ?? []).filter((f) => f.endsWith(`${rest}.py`) || f.endsWith(`${rest}/__init__.py`));
    if (cands.length === 0) return null;
    // Nearest to the importing file (longest shared directory prefix).
    const shared = (f: string) => { let i = 0; while (i < f.length && f[i] === from[i]) i++; return i; };
    return cands.sort((a, b) => shared(b) - shared(a))[0] ?? null;
  };
  return (from, spec) => {
    const key = `${from}\u0000${spec}`;
    if (!cache.has(key)) cache.set(key, resolve(from, spec));
    return cache.get(key) ?? null;
  };
}
