import type { Lang } from './files.js';
import { lineLocator } from './mask.js';

/** One imported module, as written in the source (already comment-free). */
export interface ImportRef {
  module: string;
  line: number;
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

function jsImports(text: string): ImportRef[] {
  const at = lineLocator(text);
  const out: ImportRef[] = [];
  for (const re of JS_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const module = m[1] as string;
      if (module.startsWith('.') || module.startsWith('/')) continue;
      out.push({ module, line: at((m.index ?? 0) + m[0].indexOf(module)) });
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
