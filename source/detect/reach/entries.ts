import path from 'node:path';
import type { ModuleFacts } from './facts.js';
import { probe } from './resolve.js';

/**
 * Where JS/TS code starts running. `server`, `function` and `route` entries serve
 * requests; `browser` entries ship to a browser; `package` entries are what a
 * package exposes (main/bin/exports); `tooling` entries are configs, scripts and
 * stories, which run but are not the product.
 */
export type EntryKind = 'server' | 'function' | 'route' | 'browser' | 'package' | 'tooling';

export interface Entry {
  path: string;
  kind: EntryKind;
  /** Why this file is an entry, in a few words. */
  why: string;
}

const posix = path.posix;
const JS = String.raw`\.(?:[cm]?[jt]sx?|vue|svelte|astro|mdx)$`;

const NEXT = ['next'];
const REMIX = ['@remix-run/*', '@react-router/*', 'react-router-dom', 'react-router'];
const SVELTEKIT = ['@sveltejs/kit'];
const NUXT = ['nuxt'];
const ASTRO = ['astro'];

/**
 * Entry shapes by path, tried in order; the prefix allows monorepo folders
 * (`apps/web/…`). A framework's conventions count only where its package is a
 * dependency: `src/pages/` of a Vite single-page app is browser code, not routes.
 */
const BY_PATH: { kind: EntryKind; why: string; re: RegExp; needs?: readonly string[] }[] = [
  { kind: 'function', why: 'Supabase edge function', re: new RegExp(String.raw`(?:^|/)supabase/functions/[^/_][^/]*/index${JS}`) },
  { kind: 'function', why: 'Netlify function', re: new RegExp(String.raw`(?:^|/)netlify/(?:edge-)?functions/.+${JS}`) },
  { kind: 'function', why: 'Vercel function', re: new RegExp(String.raw`^api/.+${JS}`) },
  { kind: 'function', why: 'Cloudflare Pages function', re: new RegExp(String.raw`^functions/.+${JS}`) },
  { kind: 'route', why: 'Next.js app route', needs: NEXT, re: new RegExp(String.raw`(?:^|/)(?:src/)?app/(?:.+/)?(?:page|route|layout|template|loading|error|global-error|not-found|default|opengraph-image|twitter-image|icon|sitemap|robots|manifest)${JS}`) },
  { kind: 'route', why: 'Remix / React Router route', needs: REMIX, re: new RegExp(String.raw`(?:^|/)app/(?:routes/.+|routes|root|entry\.server)${JS}`) },
  { kind: 'browser', why: 'Remix / React Router client entry', needs: REMIX, re: new RegExp(String.raw`(?:^|/)app/entry\.client${JS}`) },
  { kind: 'route', why: 'pages route (Next.js, Nuxt, Astro)', needs: [...NEXT, ...NUXT, ...ASTRO], re: new RegExp(String.raw`(?:^|/)(?:src/)?pages/.+${JS}`) },
  { kind: 'route', why: 'SvelteKit route', needs: SVELTEKIT, re: new RegExp(String.raw`(?:^|/)src/routes/.+${JS}`) },
  { kind: 'route', why: 'framework hook or middleware', needs: [...NEXT, ...SVELTEKIT, ...ASTRO], re: new RegExp(String.raw`(?:^|/)(?:src/)?(?:middleware|instrumentation|hooks\.server|hooks)${JS}`) },
  { kind: 'browser', why: 'framework client hook', needs: [...NEXT, ...SVELTEKIT], re: new RegExp(String.raw`(?:^|/)(?:src/)?(?:instrumentation-client|hooks\.client)${JS}`) },
  { kind: 'route', why: 'Nuxt server route', needs: NUXT, re: new RegExp(String.raw`(?:^|/)server/(?:api|routes|middleware|plugins)/.+${JS}`) },
  { kind: 'tooling', why: 'tool configuration', re: new RegExp(String.raw`(?:^|/)[^/]+\.config${JS}|(?:^|/)\.storybook/|(?:^|/)[^/]+\.stories${JS}|(?:^|/)(?:gulpfile|gruntfile|jakefile)${JS}`, 'i') },
  { kind: 'tooling', why: 'script', re: new RegExp(String.raw`(?:^|/)(?:scripts?|bin|tools|hack)/[^/]+${JS}`) },
];

const RUNNERS = /(?:^|[\s;&|(])(?:node|nodemon|tsx|ts-node|ts-node-dev|bun(?:\s+run)?|vite-node|deno\s+run(?:\s+-[-\w=,.]+)*|node\s+(?:--[-\w=]+\s+)+)\s+((?:\.{0,2}\/)?[\w@./-]+\.(?:[cm]?[jt]sx?))\b/g;

export interface PackageManifest {
  /** Tree-relative path of the package.json. */
  path: string;
  json: Record<string, unknown>;
}

export interface EntryInput {
  files: ReadonlySet<string>;
  facts: ReadonlyMap<string, ModuleFacts>;
  packages: readonly PackageManifest[];
  /** index.html files with their text (Vite and similar tools start the browser bundle there). */
  html: readonly { path: string; text: string }[];
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/**
 * A manifest path (`dist/index.js`, `./lib/server.mjs`) to the source file in the
 * tree: as written, or with the build folder swapped for `src/`.
 */
export function sourceFor(files: ReadonlySet<string>, dir: string, target: string): string | null {
  const rel = target.replace(/^\.\//, '');
  if (rel.endsWith('.d.ts') || rel.endsWith('.json') || rel.endsWith('.css')) return null;
  const direct = probe(files, posix.join(dir, rel));
  if (direct) return direct;
  const swapped = rel.replace(/^(?:dist|lib|build|out|esm|cjs|\.next)\//, 'src/');
  if (swapped !== rel) return probe(files, posix.join(dir, swapped)) ?? probe(files, posix.join(dir, swapped.replace(/^src\//, '')));
  return null;
}

export function findEntries(input: EntryInput): Entry[] {
  const out = new Map<string, Entry>();
  const add = (p: string | null, kind: EntryKind, why: string) => {
    if (p && !out.has(p)) out.set(p, { path: p, kind, why });
  };
  const isJs = new RegExp(JS);
  const depsByDir = new Map<string, Set<string>>();
  for (const pkg of input.packages) {
    const dir = posix.dirname(pkg.path) === '.' ? '' : posix.dirname(pkg.path);
    const names = new Set<string>();
    for (const k of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const d = pkg.json[k];
      if (d && typeof d === 'object') for (const n of Object.keys(d)) names.add(n);
    }
    depsByDir.set(dir, names);
  }
  // A framework counts when the file's package or any package above it depends on it (hoisted monorepo roots).
  const uses = (f: string, wanted: readonly string[]): boolean => {
    for (let d = posix.dirname(f); ; d = posix.dirname(d)) {
      const key = d === '.' ? '' : d;
      const deps = depsByDir.get(key);
      if (deps && wanted.some((w) => (w.endsWith('/*') ? [...deps].some((n) => n.startsWith(w.slice(0, -1))) : deps.has(w)))) return true;
      if (key === '') return false;
    }
  };
  for (const f of input.files) {
    if (!isJs.test(f)) continue;
    const hit = BY_PATH.find((b) => b.re.test(f) && (!b.needs || uses(f, b.needs)));
    if (hit) add(f, hit.kind, hit.why);
    else if (input.facts.get(f)?.serves) add(f, 'server', 'starts a server');
  }
  for (const pkg of input.packages) {
    const dir = posix.dirname(pkg.path) === '.' ? '' : posix.dirname(pkg.path);
    const j = pkg.json;
    for (const key of ['main', 'module', 'browser', 'bin', 'exports', 'source']) {
      for (const t of strings(j[key])) add(sourceFor(input.files, dir, t), key === 'browser' ? 'browser' : 'package', `package.json ${key}`);
    }
    const scripts = j['scripts'];
    if (scripts && typeof scripts === 'object') {
      for (const [name, cmd] of Object.entries(scripts as Record<string, unknown>)) {
        if (typeof cmd !== 'string') continue;
        for (const m of cmd.slice(0, 2000).matchAll(RUNNERS)) {
          const kind: EntryKind = /^(?:start|serve|dev|server|prod|preview)(?::|$)/.test(name) ? 'server' : 'tooling';
          add(sourceFor(input.files, dir, m[1] as string), kind, `package.json script "${name}"`);
        }
      }
    }
    // Create React App starts at src/index without saying so.
    const deps = { ...(j['dependencies'] as object | undefined), ...(j['devDependencies'] as object | undefined) } as Record<string, unknown>;
    if ('react-scripts' in deps) add(probe(input.files, posix.join(dir, 'src/index')), 'browser', 'Create React App entry');
  }
  for (const h of input.html) {
    const dir = posix.dirname(h.path) === '.' ? '' : posix.dirname(h.path);
    for (const m of h.text.slice(0, 200_000).matchAll(/<script\b[^>]{0,300}?\bsrc\s*=\s*["']([^"'>\s]{1,300})["']/gi)) {
      const src = (m[1] as string).replace(/^\//, '');
      if (/^[a-z]+:/i.test(src)) continue;
      add(probe(input.files, posix.join(dir, src)), 'browser', `script in ${h.path}`);
    }
  }
  return [...out.values()];
}

/** Kinds whose code runs in the product on a server (as opposed to a browser or a tool). */
export const SERVING_KINDS: ReadonlySet<EntryKind> = new Set(['server', 'function', 'route']);
