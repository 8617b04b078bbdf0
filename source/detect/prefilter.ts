/**
 * Literal prefilters, matched in ONE pass over a file's bytes by an Aho–Corasick
 * automaton shared by every consumer. Detectors declare hundreds of literals
 * (package and SDK names); one `includes` pass per literal made the prefilter the most
 * expensive part of a scan (77% of CPU on the benchmark corpus), and one automaton per
 * consumer (the engine, each usage detector twice, the secrets scan) still walked each
 * file a dozen times (14% of a babel scan). Now every consumer registers its literals
 * in one pool; the engine finds which of them a file holds in one pass, and each
 * consumer reads its groups off that list.
 *
 * Literals are matched as UTF-8 bytes, which for valid UTF-8 text is the same as
 * substring search on the decoded string (UTF-8 is self-synchronising).
 */

/** A DFA over literal bytes: which literals occur in a buffer, each once. */
class Automaton {
  /** Byte → alphabet class (0 = a byte no literal contains). */
  private readonly cls = new Uint8Array(256);
  private readonly width: number;
  private readonly table: Uint16Array | Int32Array;
  /** Literals ending at each state (fail-link outputs merged in): outList[outStart[s] .. outStart[s + 1]). */
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  /** Per-pass stamps: a state's outputs, and a literal, are taken once per buffer. */
  private readonly stateSeen: Uint32Array;
  private readonly literalSeen: Uint32Array;
  private pass = 0;

  constructor(literals: readonly Uint8Array[]) {
    let classes = 1;
    for (const bytes of literals) for (const b of bytes) if (this.cls[b] === 0) this.cls[b] = classes++;
    this.width = classes;

    // Trie.
    const goto: Map<number, number>[] = [new Map()];
    const outSets: number[][] = [[]];
    literals.forEach((bytes, id) => {
      let s = 0;
      for (const b of bytes) {
        const c = this.cls[b] as number;
        let n = goto[s]!.get(c);
        if (n === undefined) {
          n = goto.length;
          goto.push(new Map());
          outSets.push([]);
          goto[s]!.set(c, n);
        }
        s = n;
      }
      outSets[s]!.push(id);
    });

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
      // The fail state is shallower, so its outputs are already merged.
      if (fail[s] !== 0) outSets[s]!.push(...outSets[fail[s] as number]!);
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
    this.outStart = new Int32Array(states + 1);
    let total = 0;
    for (let s = 0; s < states; s++) {
      this.outStart[s] = total;
      total += outSets[s]!.length;
    }
    this.outStart[states] = total;
    this.outList = new Int32Array(total);
    outSets.forEach((ids, s) => this.outList.set(ids, this.outStart[s] as number));
    this.stateSeen = new Uint32Array(states);
    this.literalSeen = new Uint32Array(literals.length);
  }

  /** Ids of the literals `buf` holds, each once, in order of first occurrence. */
  scan(buf: Uint8Array): number[] {
    if (++this.pass === 0xffffffff) {
      this.stateSeen.fill(0);
      this.literalSeen.fill(0);
      this.pass = 1;
    }
    const { cls, table, width, outStart, outList, stateSeen, literalSeen, pass } = this;
    const found: number[] = [];
    let s = 0;
    for (let i = 0, n = buf.length; i < n; i++) {
      s = table[s * width + cls[buf[i] as number]!] as number;
      // A state's outputs are read once per buffer: "import" at every line costs one look.
      if (outStart[s + 1] !== outStart[s] && stateSeen[s] !== pass) {
        stateSeen[s] = pass;
        for (let k = outStart[s] as number, end = outStart[s + 1] as number; k < end; k++) {
          const id = outList[k] as number;
          if (literalSeen[id] !== pass) {
            literalSeen[id] = pass;
            found.push(id);
          }
        }
      }
    }
    return found;
  }
}

/** What one pass found in one text: the pool's literal ids, valid for the automaton it was made by. */
export interface LiteralHits {
  readonly version: number;
  readonly ids: readonly number[];
}

/**
 * Every literal its consumers registered, matched together. Registration is
 * append-only (an id never changes); a literal registered after the automaton was
 * built makes the next pass build it again.
 */
export class LiteralPool {
  private readonly idOf = new Map<string, number>();
  private readonly encoded: Uint8Array[] = [];
  private automaton: Automaton | null = null;
  private version = 0;
  // The file the engine is processing (seeded by it), and the last other text asked about
  // (an excerpt line): consumers ask about both in turn, and neither evicts the other.
  private fileText: string | null = null;
  private fileHits: LiteralHits | null = null;
  private otherText: string | null = null;
  private otherHits: LiteralHits | null = null;

  /** The id of each literal (the empty literal has none: it matches every text). */
  register(literal: string): number {
    let id = this.idOf.get(literal);
    if (id === undefined) {
      id = this.encoded.length;
      this.idOf.set(literal, id);
      this.encoded.push(Buffer.from(literal, 'utf8'));
      this.automaton = null;
    }
    return id;
  }

  /** One pass over `buf`. */
  hitsOfBytes(buf: Uint8Array): LiteralHits {
    if (!this.automaton) {
      this.automaton = new Automaton(this.encoded);
      this.version += 1;
    }
    return { version: this.version, ids: this.automaton.scan(buf) };
  }

  /** The engine's pass over a file's bytes, kept for consumers that receive its decoded text. */
  remember(text: string, hits: LiteralHits): void {
    this.fileText = text;
    this.fileHits = hits;
  }

  hitsOf(text: string): LiteralHits {
    const current = (h: LiteralHits | null) => h !== null && this.automaton !== null && h.version === this.version;
    if (text === this.fileText && current(this.fileHits)) return this.fileHits as LiteralHits;
    if (text === this.otherText && current(this.otherHits)) return this.otherHits as LiteralHits;
    const hits = this.hitsOfBytes(Buffer.from(text, 'utf8'));
    this.otherText = text;
    this.otherHits = hits;
    return hits;
  }
}

/** The pool the shipped detectors and the engine share (one per thread). */
export const SHARED_LITERALS = new LiteralPool();

/**
 * A consumer's literals, in groups: which groups have at least one literal in a
 * text. Group i's literals are `groups[i]`; an empty literal matches every text,
 * undefined or an empty list never does.
 */
export class LiteralGroups {
  /** Pool literal id → the groups it belongs to (an array indexed by id: read for every hit of every file). */
  private readonly groupsOf: (number[] | undefined)[] = [];
  private readonly always: number[] = [];

  constructor(
    groups: readonly (readonly string[] | undefined)[],
    private readonly pool: LiteralPool = SHARED_LITERALS,
  ) {
    groups.forEach((lits, g) => {
      for (const l of lits ?? []) {
        if (l.length === 0) {
          if (!this.always.includes(g)) this.always.push(g);
          continue;
        }
        const id = pool.register(l);
        const list = this.groupsOf[id];
        if (!list) this.groupsOf[id] = [g];
        else if (!list.includes(g)) list.push(g);
      }
    });
  }

  /** The groups with a literal in `text`, or in the text a pass found `hits` in (a decoded file the engine has seen costs no pass of its own). */
  groupsIn(text: string | LiteralHits): Set<number> {
    const hits = typeof text === 'string' ? this.pool.hitsOf(text) : text;
    const found = new Set<number>(this.always);
    const { groupsOf } = this;
    const ids = hits.ids;
    for (let i = 0; i < ids.length; i++) {
      const gs = groupsOf[ids[i] as number];
      if (gs !== undefined) for (let k = 0; k < gs.length; k++) found.add(gs[k] as number);
    }
    return found;
  }
}
