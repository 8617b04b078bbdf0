import path from 'node:path';

/**
 * The ONE place a module specifier becomes a file of this repository, for
 * following model output through helpers. Deliberately small (relative paths, the
 * `@/` and `~/` aliases AI app builders configure, Python packages by suffix) and
 * isolated so it can be swapped for the reachability module's resolver.
 */

const JS_EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export type ModuleResolver = (from: string, spec: string) => string | null;

export function moduleResolver(files: readonly string[]): ModuleResolver {
  const set = new Set(files);
  const pyBySuffix = new Map<string, string[]>();
  for (const f of files) {
    if (!f.endsWith('.py')) continue;
    const mod = f.endsWith('/__init__.py') ? f.slice(0, -'/__init__.py'.length) : f.slice(0, -3);
    const parts = mod.split('/');
    // Index the last three path segments: `services/llm` finds `backend/app/services/llm.py`.
    for (let i = Math.max(0, parts.length - 3); i < parts.length; i++) {
      const key = parts.slice(i).join('/');
      const list = pyBySuffix.get(key);
      if (list) list.push(f);
      else pyBySuffix.set(key, [f]);
    }
  }
  const cache = new Map<string, string | null>();

  const jsFile = (base: string): string | null => {
    const b = path.posix.normalize(base);
    if (set.has(b) && JS_EXT.some((e) => b.endsWith(e))) return b;
    const stem = b.replace(/\.(?:[cm]?js|jsx)$/, '');
    for (const e of JS_EXT) if (set.has(stem + e)) return stem + e;
    for (const e of JS_EXT) if (set.has(`${b}/index${e}`)) return `${b}/index${e}`;
    return null;
  };

  const js = (from: string, spec: string): string | null => {
    const dir = path.posix.dirname(from);
    if (spec.startsWith('.')) return jsFile(path.posix.join(dir, spec));
    const alias = /^([@~#])\/(.*)$/.exec(spec);
    if (!alias) return null;
    const rest = alias[2] as string;
    // The alias points at the source root of the package the importing file lives in.
    const parts = from.split('/');
    const roots: string[] = [];
    for (let i = parts.length - 1; i >= 0; i--) if (parts[i] === 'src' || parts[i] === 'app') roots.push(parts.slice(0, i + 1).join('/'));
    roots.push('src', 'app', '');
    for (const r of roots) {
      const hit = jsFile(r ? `${r}/${rest}` : rest);
      if (hit) return hit;
    }
    return null;
  };

  const py = (from: string, spec: string): string | null => {
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
    const cands = (pyBySuffix.get(key) ?? []).filter((f) => f.endsWith(`${rest}.py`) || f.endsWith(`${rest}/__init__.py`));
    if (cands.length === 0) return null;
    // Nearest to the importing file (longest shared directory prefix).
    const shared = (f: string) => { let i = 0; while (i < f.length && f[i] === from[i]) i++; return i; };
    return cands.sort((a, b) => shared(b) - shared(a))[0] ?? null;
  };

  return (from, spec) => {
    const key = `${from}\u0000${spec}`;
    if (cache.has(key)) return cache.get(key) ?? null;
    const hit = from.endsWith('.py') ? py(from, spec) : /^https?:/.test(spec) ? null : js(from, spec);
    cache.set(key, hit);
    return hit;
  };
}
