import { spawnSync } from 'node:child_process';

/**
 * The secrets detector's own provider rules, turned into ripgrep patterns for its
 * default (Rust, finite-automata) engine, plus one generic "secret-looking name =
 * quoted value" pattern standing in for the detector's generic rule. That engine is
 * rg at its fastest (literal prefilters, SIMD) and has no lookaround, so boundary
 * lookarounds are dropped and a positive lookbehind becomes a plain group: each rg
 * pattern matches a superset of the rule's matches. Named groups become plain
 * groups (rg joins patterns with `|`, where duplicate names are refused).
 * (`-P`/PCRE2 keeps the lookarounds but runs ~100× slower here: not a fair baseline.)
 */

const GENERIC =
  '(?i)(?:passw|passphrase|pwd|secret|token|api_?key|apikey|access_?key|private_?key|auth_?key|credential)[A-Za-z0-9_.-]{0,30}["\']?\\s{0,5}(?:=|:|=>)\\s{0,5}["\'][^"\'\\s]{8,}';

/** Index of the `)` closing the group opened at `open`, skipping escapes and character classes. */
function closeParen(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return src.length - 1;
}

/** Drop negative lookarounds and lookaheads; turn positive lookbehinds into plain groups. */
export function withoutLookaround(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      out += src.slice(i, i + 2);
      i++;
      continue;
    }
    const head = src.slice(i, i + 4);
    if (c === '(' && (head.startsWith('(?<!') || head.startsWith('(?=') || head.startsWith('(?!') || head.startsWith('(?<='))) {
      const end = closeParen(src, i);
      if (head.startsWith('(?<=')) out += `(?:${withoutLookaround(src.slice(i + 4, end))})`;
      i = end;
      continue;
    }
    out += c;
  }
  return out;
}

function compiles(pattern: string): boolean {
  const r = spawnSync('rg', ['-q', '-e', pattern, '--', '-'], { input: 'x\n', encoding: 'utf8' });
  // rg exits 1 for "no match" and 2 for a bad pattern.
  return r.status === 0 || r.status === 1;
}

export async function rgPatterns(): Promise<{ patterns: string[]; notes: string[] }> {
  const { RULES } = (await import('../source/detect/detectors/secrets/rules.js')) as {
    RULES: readonly { id: string; pattern: RegExp }[];
  };
  const notes: string[] = [];
  const patterns: string[] = [];
  for (const rule of RULES) {
    let src = rule.pattern.source.replace(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?:');
    // Multi-line private-key blocks: rg searches line by line, so match the header line.
    if (src.includes('PRIVATE KEY')) src = '-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY';
    // JS escapes `/` in regex literals; Rust's regex rejects the needless escape.
    src = src.replace(/\\\//g, '/');
    if (rule.pattern.flags.includes('i')) src = `(?i)${src}`;
    src = withoutLookaround(src);
    if (!compiles(src)) {
      notes.push(`${rule.id}: no rg equivalent, left out of the rg run`);
      continue;
    }
    patterns.push(src);
  }
  patterns.push(GENERIC);
  return { patterns, notes };
}
