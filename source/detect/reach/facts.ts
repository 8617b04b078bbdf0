/**
 * Per-file module facts for JS/TS: what a file imports (and which names), and
 * whether it starts a server. Pure and cheap: a token scan over the raw text with
 * bounded, anchored regexes per token, so it runs on every JS file of a large
 * monorepo without masking comments first (an import inside a line comment is
 * skipped; one inside a block comment may count, which only errs towards "used").
 */

export interface ImportFact {
  /** The module specifier as written (`./cache`, `@/lib/redis`, `ioredis`). */
  spec: string;
  line: number;
  /**
   * Names taken from the module: `default`, exported names, `*` for a namespace,
   * a `require` or a dynamic import; empty for a side-effect import.
   */
  names: string[];
}

export interface ModuleFacts {
  imports: ImportFact[];
  /** The file starts a server or registers a request handler with the runtime (Deno.serve, app.listen, …). */
  serves: boolean;
}

// `ssrLoadModule('./server/app.ts')` is how Vite dev servers load a server entry.
const TOKEN = /\b(?:import|export|require|ssrLoadModule)\b/g;
const MAX_SPEC = 300;

// Anchored (sticky) parsers run on a window after each token: no unbounded search.
const FROM_CLAUSE = /(?:type\s+)?(?:([\w$]+)\s*(?:,\s*)?)?(?:\*\s*as\s+[\w$]+\s*|\*\s*|\{([^{}]{0,2000})\}\s*)?from\s*(["'])([^"'\n]{1,300})\3/y;
const BARE = /\s*(["'])([^"'\n]{1,300})\1/y;
const CALL = /\s*\(\s*(["'`])([^"'`\n]{1,300})\1\s*\)/y;

const SERVES = /\bDeno\.serve\s*\(|\bBun\.serve\s*\(|^\s*serve\s*\(|\.listen\s*\(\s*(?:[\w.$]+|\d+|\{)|\bcreateServer\s*\(|^export\s+default\s+\{\s*(?:async\s+)?fetch\b|\bhandle\s*\(\s*app\s*\)/m;

function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** True when the token at `at` sits after `//` on its line, or on a `*` continuation line of a block comment. */
function inLineComment(text: string, at: number): boolean {
  const start = lineStartOf(text, at);
  const before = text.slice(Math.max(start, at - 400), at);
  if (/^\s*\*/.test(before) && at - start <= 400) return true;
  const slash = before.indexOf('//');
  // `https://…` inside a string also holds `//`; count it only when no quote precedes it.
  return slash >= 0 && !/["'`]/.test(before.slice(0, slash));
}

function namesOf(defaultName: string | undefined, braces: string | undefined, star: boolean): string[] {
  const out: string[] = [];
  if (defaultName && defaultName !== 'type') out.push('default');
  if (star) out.push('*');
  if (braces !== undefined) {
    for (const part of braces.split(',')) {
      const words = part.trim().split(/\s+/).filter((w) => w !== 'type');
      const name = words[0];
      if (name) out.push(name);
    }
  }
  return out;
}

/**
 * Distinct imports kept per file. A generated or hostile file can import the same
 * module tens of thousands of times, and facts travel to the main thread for every
 * JS file: the first sighting of each (specifier, names) is all reachability uses.
 */
const MAX_IMPORTS = 1000;

export function jsModuleFacts(text: string): ModuleFacts {
  const imports: ImportFact[] = [];
  const seen = new Set<string>();
  let line = 1;
  let counted = 0;
  const lineAt = (at: number): number => {
    for (let i = counted; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    counted = Math.max(counted, at);
    return line;
  };
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index;
    const word = m[0];
    if (at > 0 && text[at - 1] === '.' && word !== 'ssrLoadModule') continue;
    const after = at + word.length;
    let spec: string | undefined;
    let names: string[] = [];
    if (word === 'require' || word === 'ssrLoadModule') {
      CALL.lastIndex = after;
      const c = CALL.exec(text);
      if (c) { spec = c[2]; names = ['*']; }
    } else {
      CALL.lastIndex = after;
      const dyn = word === 'import' ? CALL.exec(text) : null;
      if (dyn) { spec = dyn[2]; names = ['*']; }
      else {
        BARE.lastIndex = after;
        const bare = word === 'import' ? BARE.exec(text) : null;
        if (bare) { spec = bare[2]; names = []; }
        else {
          // `import x, { a as b } from '…'`, `export * from '…'`, `export { a } from '…'`.
          let p = after;
          while (p < text.length && /\s/.test(text[p] as string) && p - after < 50) p++;
          if (p > after || text[p] === '{' || text[p] === '*') {
            FROM_CLAUSE.lastIndex = p;
            const f = FROM_CLAUSE.exec(text);
            if (f) {
              const head = text.slice(p, f.index + f[0].length);
              spec = f[4];
              names = namesOf(word === 'export' ? undefined : f[1], f[2], /^(?:type\s+)?(?:[\w$]+\s*,\s*)?\*/.test(head));
            }
          }
        }
      }
    }
    if (spec === undefined || spec.length > MAX_SPEC) continue;
    if (inLineComment(text, at)) continue;
    const key = `${spec}\0${names.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    imports.push({ spec, line: lineAt(at), names });
    if (imports.length >= MAX_IMPORTS) break;
  }
  return { imports, serves: SERVES.test(text) };
}

/** Facts travel inside a Finding, whose data holds only scalars: one line per import. */
export function encodeFacts(f: ModuleFacts): string {
  return f.imports.map((i) => `${i.line}\t${i.spec.replace(/[\t\n]/g, ' ')}\t${i.names.join(',')}`).join('\n');
}

export function decodeFacts(s: string, serves: boolean): ModuleFacts {
  const imports: ImportFact[] = [];
  for (const row of s.split('\n')) {
    if (!row) continue;
    const [line, spec, names] = row.split('\t');
    if (spec === undefined) continue;
    imports.push({ line: Number(line) || 1, spec, names: names ? names.split(',') : [] });
  }
  return { imports, serves };
}
