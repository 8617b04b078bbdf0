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

const PARSEABLE = /\.(?:[cm]?[jt]sx?)$/i;

export function parseJs(path: string, text: string): ParsedJs | null {
  if (!oxc || !PARSEABLE.test(path) || text.length > MAX_BYTES || tooDeep(text)) return null;
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
