import type { Lang } from './files.js';
import { lineLocator } from './mask.js';

/** One imported module, as written in the source (already comment-free). */
export interface ImportRef {
  module: string;
  line: number;
  /** As written, when it was a URL or registry specifier (`module` is then the package name). */
  specifier?: string;
}

/**
 * Import extraction over comment-masked text. Python `from a import b` also yields
 * `a.b`, so `from google import genai` is seen as `google.genai`.
 */
export function extractImports(masked: string, lang: Lang): ImportRef[] {
  switch (lang) {
    case 'js': return jsImports(masked);
    case 'py': return pyImports(masked);
    case 'go': return goImports(masked);
    case 'java':
    case 'kotlin': return jvmImports(masked);
    default: return [];
  }
}

const JS_PATTERNS = [
  /\bfrom\s*['"]([^'"\n]+)['"]/g,
  /(?:^|[;\s])import\s*['"]([^'"\n]+)['"]/g,
  /\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  // `--require @opentelemetry/auto-instrumentations-node/register` style strings are configs, not imports.
];

/**
 * Deno and browser code import packages by URL or registry specifier
 * (`npm:openai@4`, `jsr:@std/http`, `https://esm.sh/@google/generative-ai@0.21.0`,
 * `https://deno.land/x/openai@v4.20.1/mod.ts`): the package name, as npm spells it.
 */
export function packageOfSpecifier(spec: string): string | null {
  let rest: string;
  const reg = /^(?:npm|jsr):\/?(.*)$/.exec(spec);
  if (reg) rest = reg[1] as string;
  else {
    const cdn = /^https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|esm\.run|unpkg\.com|cdn\.jsdelivr\.net\/npm|deno\.land\/x|jspm\.dev|ga\.jspm\.io\/npm:)\/?(?:v\d+\/|stable\/)?(.*)$/.exec(spec);
    if (!cdn) return null;
    rest = cdn[1] as string;
  }
  const parts = rest.split('/');
  const strip = (p: string) => p.replace(/@[^@/]*$/, '');
  const name = parts[0]?.startsWith('@') && parts[1] ? `${parts[0]}/${strip(parts[1])}` : strip(parts[0] ?? '');
  return /^(@[\w.-]+\/)?[\w.-]+$/.test(name) ? name : null;
}

function jsImports(text: string): ImportRef[] {
  const at = lineLocator(text);
  const out: ImportRef[] = [];
  for (const re of JS_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const spec = m[1] as string;
      if (spec.startsWith('.') || spec.startsWith('/')) continue;
      const module = /^(npm:|jsr:|https?:)/.test(spec) ? packageOfSpecifier(spec) : spec;
      if (!module) continue;
      out.push({ module, line: at((m.index ?? 0) + m[0].indexOf(spec)), ...(module !== spec ? { specifier: spec } : {}) });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

function pyImports(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    const from = /^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+\(?\s*([\w\s,*]+)/.exec(l);
    if (from) {
      const base = from[1] as string;
      out.push({ module: base, line: i + 1 });
      for (const name of (from[2] as string).split(',')) {
        const n = name.trim().split(/\s+/)[0];
        if (n && n !== '*') out.push({ module: `${base}.${n}`, line: i + 1 });
      }
      continue;
    }
    const imp = /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/.exec(l);
    if (imp) {
      for (const part of (imp[1] as string).split(',')) {
        const n = part.trim().split(/\s+/)[0];
        if (n) out.push({ module: n, line: i + 1 });
      }
    }
  }
  return out;
}

function goImports(text: string): ImportRef[] {
  const at = lineLocator(text);
  const out: ImportRef[] = [];
  for (const m of text.matchAll(/^\s*import\s*\(([\s\S]*?)\)/gm)) {
    const start = (m.index ?? 0) + m[0].indexOf('(') + 1;
    for (const p of (m[1] as string).matchAll(/^[ \t]*(?:[\w.]+[ \t]+)?"([^"\n]+)"/gm)) {
      out.push({ module: p[1] as string, line: at(start + (p.index ?? 0) + p[0].indexOf('"')) });
    }
  }
  for (const m of text.matchAll(/^[ \t]*import[ \t]+(?:[\w.]+[ \t]+)?"([^"\n]+)"/gm)) {
    out.push({ module: m[1] as string, line: at((m.index ?? 0) + m[0].indexOf('"')) });
  }
  return out.sort((a, b) => a.line - b.line);
}

function jvmImports(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*import\s+(?:static\s+)?([\w.]+)/.exec(lines[i] as string);
    if (m) out.push({ module: m[1] as string, line: i + 1 });
  }
  return out;
}
