/**
 * Every detector's literal prefilter, matched in ONE pass over a file's bytes by
 * an Aho–Corasick automaton. Detectors declare hundreds of literals (package and
 * SDK names); one `includes` pass per literal made the prefilter the most
 * expensive part of a scan (77% of CPU on the benchmark corpus). The automaton
 * costs one table lookup per byte, whatever the number of literals.
 *
 * Literals are matched as UTF-8 bytes, which for valid UTF-8 text is the same as
 * substring search on the decoded string (UTF-8 is self-synchronising).
 */
export class LiteralMatcher {
  /** Byte → alphabet class (0 = a byte no literal contains). */
  private readonly cls = new Uint8Array(256);
  private readonly width: number;
  private readonly table: Uint16Array | Int32Array;
  /** Groups whose literal ends at each state (fail-link outputs merged in), as bit words. */
  private readonly out: Uint32Array;
  private readonly hasOut: Uint8Array;
  private readonly words: number;
  /** Groups with an empty literal: they match every text. */
  private readonly always: Set<number>;

  /** `groups[i]` is group i's literals; undefined or empty → group i has no prefilter. */
  constructor(groups: readonly (readonly string[] | undefined)[]) {
    this.words = Math.max(1, Math.ceil(groups.length / 32));
    this.always = new Set();
    const encoded: { group: number; bytes: Buffer }[] = [];
    groups.forEach((lits, g) => {
      for (const l of lits ?? []) {
        if (l.length === 0) this.always.add(g);
        else encoded.push({ group: g, bytes: Buffer.from(l, 'utf8') });
      }
    });
    let classes = 1;
    for (const { bytes } of encoded) for (const b of bytes) if (this.cls[b] === 0) this.cls[b] = classes++;
    this.width = classes;

    // Trie.
    const goto: Map<number, number>[] = [new Map()];
    const outSets: Set<number>[] = [new Set()];
    for (const { group, bytes } of encoded) {
      let s = 0;
      for (const b of bytes) {
        const c = this.cls[b] as number;
        let n = goto[s]!.get(c);
        if (n === undefined) {
          n = goto.length;
          goto.push(new Map());
          outSets.push(new Set());
          goto[s]!.set(c, n);
        }
        s = n;
      }
      outSets[s]!.add(group);
    }

    // Breadth-first: fail links, merged outputs, and the full transition table (a DFA).
    const states = goto.length;
    const table = states < 0xffff ? new Uint16Array(states * classes) : new Int32Array(states * classes);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 1; c < classes; c++) {
      const n = goto[0]!.get(c);
      if (n !== undefined) {
        table[c] = n;
        queue.push(n);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      for (const g of outSets[fail[s] as number]!) outSets[s]!.add(g);
      for (let c = 1; c < classes; c++) {
        const n = goto[s]!.get(c);
        const viaFail = table[(fail[s] as number) * classes + c] as number;
        if (n !== undefined) {
          fail[n] = viaFail;
          table[s * classes + c] = n;
          queue.push(n);
        } else {
          table[s * classes + c] = viaFail;
        }
      }
    }
    this.table = table;
    this.out = new Uint32Array(states * this.words);
    this.hasOut = new Uint8Array(states);
    outSets.forEach((set, s) => {
      for (const g of set) {
        this.out[s * this.words + (g >>> 5)]! |= 1 << (g & 31);
        this.hasOut[s] = 1;
      }
    });
  }

  /**
   * Which of the `wanted` groups have at least one literal in `buf`. Stops as
   * soon as every wanted group is found.
   */
  matchGroups(buf: Uint8Array, wanted: readonly number[]): Set<number> {
    const found = new Set<number>();
    const need = new Uint32Array(this.words);
    let remaining = 0;
    for (const g of wanted) {
      if (this.always.has(g)) found.add(g);
      else if ((need[g >>> 5]! & (1 << (g & 31))) === 0) {
        need[g >>> 5]! |= 1 << (g & 31);
        remaining++;
      }
    }
    if (remaining === 0) return found;
    const { cls, table, width, hasOut, out, words } = this;
    let s = 0;
    for (let i = 0, n = buf.length; i < n; i++) {
      s = table[s * width + cls[buf[i] as number]!] as number;
      if (hasOut[s] === 1) {
        for (let w = 0; w < words; w++) {
          const hit = out[s * words + w]! & need[w]!;
          if (hit === 0) continue;
          need[w]! &= ~hit;
          for (let b = 0; b < 32; b++) {
            if ((hit & (1 << b)) !== 0) {
              found.add(w * 32 + b);
              remaining--;
            }
          }
        }
        if (remaining === 0) break;
      }
    }
    return found;
  }
}
