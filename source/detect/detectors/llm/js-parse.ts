/**
 * The JS/TS parser (oxc), loaded once per thread. It is a native module with a
 * WebAssembly fallback inside the package; if neither loads, or a file is too big
 * or too deeply nested to parse safely, callers fall back to the line analysis.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
export interface N {
  type: string;
  start: number;
  end: number;
  [key: string]: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface ParsedJs {
  program: N;
  imports: { local: string; module: string; imported: string }[];
  /** local name → names it is exported as ('default' included). */
  exports: Map<string, string[]>;
}

type Oxc = typeof import('oxc-parser');
const oxc: Oxc | null = process.env.SHIPSHAPE_JS_PARSER === 'off' ? null : await import('oxc-parser').then((m) => m, () => null);

export function parserAvailable(): boolean {
  return oxc !== null;
}

/** Bigger files are generated or bundled code; deeper nesting could exhaust the parser's native stack. */
const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 500;

function tooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return true;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return false;
}

/**
 * Nesting without brackets: unary chains (`- - - x`, `typeof typeof x`), arrow,
 * ternary, assignment and `**` chains, `if`/`else` and label chains, JSX and
 * generic tags. The parser recurses natively on each level, and a worker thread's
 * stack gives out near 10,000 levels: a segmentation fault that kills the whole
 * process (found by the hostile-input fuzz with a 200 KB line of `- `). Tokens
 * that can open such a level are counted in code (not in strings, templates or
 * comments) between the separators that end a chain (`;` and `,`; not braces:
 * `if(a){}else if(a){}else …` nests through balanced ones). An opening tag counts,
 * a closing one does not, nor does a JSX attribute's `=`.
 */
const MAX_CHAIN = 3000;
const CHAIN_CHARS = new Set([45, 43, 33, 126, 63, 58, 61, 60, 42]); // - + ! ~ ? : = < *
const CHAIN_WORDS = new Set(['typeof', 'void', 'await', 'new', 'delete', 'yield', 'if', 'else']);
const isWordCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;

export function tooLongChain(text: string): boolean {
  let run = 0;
  let braces = 0;
  // Brace depth at each open `${` of a template literal: its `}` goes back into the template.
  const templates: number[] = [];
  const n = text.length;
  const skipTemplate = (from: number): number => {
    for (let j = from; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) j++;
      else if (c === 96) return j;
      else if (c === 36 && text.charCodeAt(j + 1) === 123) {
        templates.push(braces);
        braces++;
        return j + 1;
      }
    }
    return n;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // A quoted string ends at its quote or at the end of the line.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === c || d === 10) break;
      }
    } else if (c === 96) i = skipTemplate(i + 1);
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 59 || c === 44) {
      run = 0;
    } else if (c === 123) {
      braces++;
    } else if (c === 125) {
      braces--;
      if (templates.length > 0 && templates[templates.length - 1] === braces) {
        templates.pop();
        i = skipTemplate(i + 1);
      }
    } else if (CHAIN_CHARS.has(c)) {
      const next = text.charCodeAt(i + 1);
      // `</a>` closes a level; `attr="…"` and `attr={…}` open none.
      const opens = !(c === 60 && next === 47) && !(c === 61 && (next === 34 || next === 39 || next === 123));
      if (opens && ++run > MAX_CHAIN) return true;
    } else if (isWordCode(c) && !(c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isWordCode(text.charCodeAt(j))) j++;
      if (j - i <= 10 && CHAIN_WORDS.has(text.slice(i, j)) && ++run > MAX_CHAIN) return true;
      i = j - 1;
    }
  }
  return false;
}

const PARSEABLE = /\.(?:[cm]?[jt]sx?)$/i;

export function parseJs(path: string, text: string): ParsedJs | null {
  if (!oxc || !PARSEABLE.test(path) || text.length > MAX_BYTES || tooDeep(text) || tooLongChain(text)) return null;
  let result;
  try {
    const lang = /\.[cm]?tsx$/i.test(path) ? 'tsx' : /\.[cm]?ts$/i.test(path) ? 'ts' : 'jsx';
    result = oxc.parseSync(path.replace(/[^\w./-]/g, '_'), text, { lang, sourceType: 'module', preserveParens: false });
  } catch {
    return null;
  }
  const program = result.program as unknown as N;
  if (result.errors.length > 0 && program.body.length === 0) return null;
  const imports: ParsedJs['imports'] = [];
  for (const imp of result.module.staticImports) {
    for (const e of imp.entries) {
      if (e.isType) continue;
      const imported = e.importName.kind === 'Default' ? 'default' : e.importName.kind === 'NamespaceObject' ? '*' : (e.importName.name ?? '');
      imports.push({ local: e.localName.value, module: imp.moduleRequest.value, imported });
    }
  }
  const exports = new Map<string, string[]>();
  for (const ex of result.module.staticExports) {
    for (const e of ex.entries) {
      if (e.isType || e.moduleRequest) continue;
      const local = e.localName.name ?? (e.exportName.kind === 'Default' ? '*default*' : null);
      const name = e.exportName.kind === 'Default' ? 'default' : e.exportName.name;
      if (!local || !name) continue;
      exports.set(local, [...(exports.get(local) ?? []), name]);
    }
  }
  return { program, imports, exports };
}
