/**
 * Finds every occurrence of many literals in one pass (Aho–Corasick). The rule prefilter has hundreds of
 * literals in several scripts; a regex alternation over them costs O(literals) per character, this is
 * one table lookup per character. Code units that occur in no literal share one alphabet slot, so the
 * dense table stays small (states × (128 + distinct non-ASCII units in literals)).
 */

const ASCII = 128;
const OTHER = ASCII;
/** Larger hit buffers (32K occurrences) are dropped after use rather than kept. */
const KEEP_PAIRS = 1 << 16;

/** A compiled literal set. */
export class LiteralScanner {
  readonly literals: readonly string[];
  /** Code unit → alphabet index (ASCII maps to itself; units in no literal map to OTHER). */
  readonly #alphabet: Uint16Array;
  readonly #width: number;
  /** Full automaton over pre-multiplied states: `next = delta[state + symbol]` (state = index × width). */
  readonly #delta: Int32Array;
  /** Per state (pre-multiplied ÷ width): offset into `#outIds` of its literal ids, or -1 for none. */
  readonly #outAt: Int32Array;
  /** Flat lists of literal ids ending at a state, each list terminated by -1. */
  readonly #outIds: Int32Array;
  /** Reused output of `scanAll`. */
  #pairs = new Int32Array(512);

  constructor(literals: readonly string[]) {
    this.literals = literals;
    const alphabet = new Uint16Array(0x10000).fill(OTHER);
    for (let c = 0; c < ASCII; c++) alphabet[c] = c;
    let width = ASCII + 1;
    for (const lit of literals) {
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (c >= ASCII && alphabet[c] === OTHER) alphabet[c] = width++;
      }
    }
    // 1. Trie (goto function), -1 = no edge.
    const go: Int32Array[] = [new Int32Array(width).fill(-1)];
    const own: number[][] = [[]];
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const a = alphabet[lit.charCodeAt(i)] as number;
        let next = (go[s] as Int32Array)[a] as number;
        if (next < 0) {
          next = go.length;
          (go[s] as Int32Array)[a] = next;
          go.push(new Int32Array(width).fill(-1));
          own.push([]);
        }
        s = next;
      }
      (own[s] as number[]).push(id);
    });
    // 2. Failure links breadth first, folded into a complete transition table.
    const n = go.length;
    const fail = new Int32Array(n);
    const delta = new Int32Array(n * width);
    const out: number[][] = own.map((o) => [...o]);
    const queue: number[] = [];
    for (let a = 0; a < width; a++) {
      const t = (go[0] as Int32Array)[a] as number;
      delta[a] = t < 0 ? 0 : t;
      if (t > 0) queue.push(t);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head] as number;
      const f = fail[s] as number;
      for (const id of out[f] as number[]) (out[s] as number[]).push(id);
      const row = go[s] as Int32Array;
      for (let a = 0; a < width; a++) {
        const t = row[a] as number;
        if (t < 0) {
          delta[s * width + a] = delta[f * width + a] as number;
        } else {
          delta[s * width + a] = t;
          fail[t] = delta[f * width + a] as number;
          queue.push(t);
        }
      }
    }
    // Pre-multiply state numbers so the scan loop does one add per character instead of a multiply.
    for (let k = 0; k < delta.length; k++) delta[k] = (delta[k] as number) * width;
    const outAt = new Int32Array(n).fill(-1);
    const flat: number[] = [];
    out.forEach((ids, st) => {
      if (ids.length === 0) return;
      outAt[st] = flat.length;
      flat.push(...ids, -1);
    });
    this.#alphabet = alphabet;
    this.#width = width;
    this.#delta = delta;
    this.#outAt = outAt;
    this.#outIds = Int32Array.from(flat);
  }

  /**
   * Finds every occurrence and returns how many there are; `pairs` then holds them as (literal id, end
   * index exclusive), in order of end. One buffer is reused across calls: read it before scanning again.
   */
  scanAll(text: string): number {
    const delta = this.#delta;
    const alphabet = this.#alphabet;
    const width = this.#width;
    const outAt = this.#outAt;
    const outIds = this.#outIds;
    // A huge text may have grown the buffer; do not keep that much memory for the next one.
    if (this.#pairs.length > KEEP_PAIRS) this.#pairs = new Int32Array(512);
    let pairs = this.#pairs;
    let count = 0;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = delta[s + (alphabet[text.charCodeAt(i)] as number)] as number;
      let k = outAt[s / width] as number;
      if (k >= 0) {
        for (let id = outIds[k] as number; id >= 0; id = outIds[++k] as number) {
          if (2 * count + 2 > pairs.length) {
            const grown = new Int32Array(pairs.length * 2);
            grown.set(pairs);
            pairs = this.#pairs = grown;
          }
          pairs[2 * count] = id;
          pairs[2 * count + 1] = i + 1;
          count++;
        }
      }
    }
    return count;
  }

  /** The occurrences found by the last `scanAll`. */
  get pairs(): Int32Array {
    return this.#pairs;
  }
}
