import type { Lang } from './files.js';
import { normalisePypi, type Ecosystem } from './manifests.js';

/**
 * A library a signal counts, declared as data. Per ecosystem: the names a manifest
 * uses and the import prefixes code uses. A library is *in use* when application
 * code imports it; a manifest entry alone is only a hint (unless `autoUse`).
 */
export interface Lib {
  name: string;
  /** Which question this library answers inside its detector (default "main"). */
  group?: string;
  /** npm names; `@scope/*` matches a whole scope. */
  npm?: readonly string[];
  /** PyPI names (any spelling; normalised). */
  pypi?: readonly string[];
  /** Go module paths; a longer path (…/v9, …/sub) matches too. */
  go?: readonly string[];
  /** Maven `group:artifact`; `group:*` or `group:prefix*` for families. */
  maven?: readonly string[];
  /** JS import specifiers (default: the npm names). */
  js?: readonly string[];
  /** Python module prefixes (default: PyPI names with `-` → `_`). */
  py?: readonly string[];
  /** Go import prefixes (default: the module paths). */
  goImports?: readonly string[];
  /** Java/Kotlin package prefixes. */
  jvm?: readonly string[];
  /** Literals that prove use inside config files (logback.xml, application.yml, Dockerfile). */
  config?: readonly string[];
  /** Part of the language's standard library: an import alone proves use. */
  stdlib?: boolean;
  /** Declaring it switches it on (Spring Boot starters): the manifest line proves use. */
  autoUse?: boolean;
  /** Id of a CodePattern that must also appear in application code (e.g. `jwt.verify(`). */
  requires?: string;
  /** Never enough for pass on its own: reported as a hint. */
  weak?: boolean;
  /**
   * The package does much more than this (firebase, hono, Django, boto3): declaring
   * or importing it says nothing, so it never yields a hint, only proof.
   */
  broad?: boolean;
}

/** A code shape that counts on its own (a route string, an annotation, a config key). */
export interface CodePattern {
  id: string;
  label: string;
  group?: string;
  langs: readonly Lang[];
  /** Cheap gate: one of these must occur in the file (also feeds the detector prefilter). */
  literal: readonly string[];
  /** Tested per line of the comment-masked text. */
  regex: RegExp;
  /** Must also match somewhere in the same (masked) file. */
  fileAlso?: RegExp;
  /** Only files whose path matches. */
  path?: RegExp;
  /** With `path`: count only where a line matches too (by default a path pattern counts once per matching file). */
  lineRequired?: boolean;
  /** Never files whose path matches (UI components for a server-side shape). */
  notPath?: RegExp;
  /** A hint, never a pass. */
  weak?: boolean;
  /** Code-shaped pattern: match only outside string literals (a tool's own pattern tables must not count). */
  code?: boolean;
  /**
   * The match may run onto this many following lines: formatters wrap a call's
   * arguments (`jwt.decode(\n  token, key, algorithms=[…]\n)`). It must start on the line.
   */
  span?: number;
  /**
   * A hand-written shape: the line `regex` matches is only an anchor, and every
   * regex here must also match inside `within` — the block the anchor opens (a
   * loop or a function defined on that line), the function enclosing it, or the
   * whole file. A retry loop is a loop over attempts *with* a sleep in its body.
   */
  needs?: readonly RegExp[];
  within?: 'block' | 'function' | 'file';
  /** The anchor does not count when this matches on its line or the few lines before it. */
  unless?: RegExp;
  /** The anchor does not count when this matches on its line or the few lines after it (the function a decorator wraps). */
  unlessAfter?: RegExp;
}

export function groupOf(x: { group?: string }): string {
  return x.group ?? 'main';
}

function prefixMatch(value: string, prefix: string, sep: string): boolean {
  if (prefix.endsWith('/*')) return value.startsWith(prefix.slice(0, -1));
  return value === prefix || value.startsWith(prefix + sep);
}

export function matchesDep(lib: Lib, ecosystem: Ecosystem, name: string): boolean {
  switch (ecosystem) {
    case 'npm': return (lib.npm ?? []).some((n) => (n.endsWith('/*') ? name.startsWith(n.slice(0, -1)) : name === n));
    case 'pypi': return (lib.pypi ?? []).some((n) => (n.endsWith('*') ? name.startsWith(normalisePypi(n.slice(0, -1))) : normalisePypi(n) === name));
    case 'go': return (lib.go ?? []).some((n) => prefixMatch(name, n, '/'));
    case 'maven': return (lib.maven ?? []).some((n) => {
      if (n.endsWith('*')) return name.startsWith(n.slice(0, -1));
      return name === n;
    });
  }
}

export function matchesImport(lib: Lib, lang: Lang, module: string): boolean {
  switch (lang) {
    case 'js': return (lib.js ?? lib.npm ?? []).some((n) => prefixMatch(module, n, '/'));
    case 'py': return (lib.py ?? (lib.pypi ?? []).map((n) => n.toLowerCase().replace(/-/g, '_'))).some((n) => prefixMatch(module, n, '.'));
    case 'go': return (lib.goImports ?? lib.go ?? []).some((n) => prefixMatch(module, n, '/'));
    case 'java':
    case 'kotlin': return (lib.jvm ?? []).some((n) => prefixMatch(module, n, '.'));
    default: return false;
  }
}

/**
 * Matching precomputed once per detector: per language the import prefixes and per
 * ecosystem the manifest names, so collect() does no allocation per import.
 */
export interface LibMatcher {
  byImport(lang: Lang, module: string): Lib[];
  byDep(ecosystem: Ecosystem, name: string): Lib[];
}

export function libMatcher(libs: readonly Lib[]): LibMatcher {
  const imports = new Map<Lang, { prefix: string; sep: string; wildcard: boolean; lib: Lib }[]>();
  const addImport = (lang: Lang, sep: string, names: readonly string[], lib: Lib) => {
    const list = imports.get(lang) ?? [];
    imports.set(lang, list);
    for (const n of names) list.push(n.endsWith('/*') ? { prefix: n.slice(0, -1), sep, wildcard: true, lib } : { prefix: n, sep, wildcard: false, lib });
  };
  for (const lib of libs) {
    addImport('js', '/', lib.js ?? lib.npm ?? [], lib);
    addImport('py', '.', lib.py ?? (lib.pypi ?? []).map((n) => n.toLowerCase().replace(/-/g, '_')), lib);
    addImport('go', '/', lib.goImports ?? lib.go ?? [], lib);
    addImport('java', '.', lib.jvm ?? [], lib);
    addImport('kotlin', '.', lib.jvm ?? [], lib);
  }
  const deps = new Map<Ecosystem, { name: string; prefix: boolean; sep: string; lib: Lib }[]>();
  const addDep = (eco: Ecosystem, names: readonly string[], lib: Lib, norm: (s: string) => string, sep: string) => {
    const list = deps.get(eco) ?? [];
    deps.set(eco, list);
    for (const n of names) {
      const star = n.endsWith('*');
      list.push({ name: norm(star ? n.slice(0, -1).replace(/\/$/, '/') : n), prefix: star, sep, lib });
    }
  };
  for (const lib of libs) {
    addDep('npm', lib.npm ?? [], lib, (s) => s, '');
    addDep('pypi', lib.pypi ?? [], lib, normalisePypi, '');
    addDep('go', lib.go ?? [], lib, (s) => s, '/');
    addDep('maven', lib.maven ?? [], lib, (s) => s, '');
  }
  return {
    byImport(lang, module) {
      const out: Lib[] = [];
      for (const e of imports.get(lang) ?? []) {
        const hit = e.wildcard ? module.startsWith(e.prefix) : module === e.prefix || (module.startsWith(e.prefix) && module.startsWith(e.sep, e.prefix.length));
        if (hit && !out.includes(e.lib)) out.push(e.lib);
      }
      return out;
    },
    byDep(eco, name) {
      const out: Lib[] = [];
      for (const e of deps.get(eco) ?? []) {
        // Go module paths match their sub-paths and major versions (…/v9); the rest are exact or `*` families.
        const hit = e.prefix ? name.startsWith(e.name) : name === e.name || (e.sep !== '' && name.startsWith(e.name) && name.startsWith(e.sep, e.name.length));
        if (hit && !out.includes(e.lib)) out.push(e.lib);
      }
      return out;
    },
  };
}

/** Every literal that could reveal one of these libraries or patterns in a file. */
export function prefilterOf(libs: readonly Lib[], patterns: readonly CodePattern[], extra: readonly string[] = []): string[] {
  const out = new Set<string>(extra);
  const add = (s: string) => { if (s.length >= 2) out.add(s); };
  for (const l of libs) {
    for (const n of l.npm ?? []) add(n.endsWith('/*') ? n.slice(0, -1) : n);
    for (const n of l.js ?? []) add(n.endsWith('/*') ? n.slice(0, -1) : n);
    for (const raw of l.pypi ?? []) {
      const n = raw.replace(/\*$/, '');
      // pip names are case-insensitive; the prefilter is not, so cover the common spellings.
      add(n); add(n.toLowerCase()); add(n.replace(/(^|[-_.])([a-z])/g, (_m, s: string, c: string) => s + c.toUpperCase()));
      add(n.toLowerCase().replace(/-/g, '_'));
    }
    for (const n of l.py ?? []) add(n);
    for (const n of [...(l.go ?? []), ...(l.goImports ?? [])]) add(n);
    for (const n of l.maven ?? []) {
      const [g, a] = n.split(':');
      if (g) add(g);
      if (a && a !== '*') add(a.replace(/\*$/, ''));
    }
    for (const n of l.jvm ?? []) add(n);
    for (const n of l.config ?? []) add(n);
  }
  for (const p of patterns) for (const lit of p.literal) add(lit);
  return [...out];
}
