/**
 * Finds every occurrence of many literals in one pass (Aho–Corasick). The rule prefilter has hundreds of
 * literals in several scripts; a regex alternation over them costs O(literals) per character, this is
 * one table lookup per character.
 *
 * A scan mostly waits on the chain `state → table entry → next state`, so the loop keeps it short: states
 * are pre-multiplied by the row width (no multiply per character), states where literals end are numbered
 * last (`state >= firstOut` replaces a lookup per character), code units in no literal share column 0 and
 * ASCII columns come first, so a row's ASCII part is a couple of cache lines.
 */

/** Larger hit buffers (32K occurrences) are dropped after use rather than kept. */
const KEEP_PAIRS = 1 << 16;

/** A compiled literal set. */
export class LiteralScanner {
  readonly literals: readonly string[];
  /** Code unit → column (0 for units in no literal). */
  readonly #alphabet: Uint16Array;
  readonly #width: number;
  /** Complete transition table over pre-multiplied states: `next = delta[state + column]`. */
  readonly #delta: Int32Array;
  /** States at or above this one (pre-multiplied) end at least one literal. */
  readonly #firstOut: number;
  /** Per output state (index `(state - firstOut) / width`): offset into `#outIds` of its literal ids. */
  readonly #outAt: Int32Array;
  /** Flat lists of literal ids ending at a state, each list terminated by -1. */
  readonly #outIds: Int32Array;
  /** Reused output of `scanAll`. */
  #pairs = new Int32Array(512);

  constructor(literals: readonly string[]) {
    this.literals = literals;
    const units = new Set<number>();
    for (const lit of literals) for (let i = 0; i < lit.length; i++) units.add(lit.charCodeAt(i));
    const alphabet = new Uint16Array(0x10000);
    let width = 1;
    for (const u of [...units].sort((a, b) => a - b)) alphabet[u] = width++;
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
    const full = new Int32Array(n * width);
    const out: number[][] = own.map((o) => [...o]);
    const queue: number[] = [0];
    for (let a = 0; a < width; a++) {
      const t = (go[0] as Int32Array)[a] as number;
      full[a] = t < 0 ? 0 : t;
      if (t > 0) queue.push(t);
    }
    for (let head = 1; head < queue.length; head++) {
      const s = queue[head] as number;
      const f = fail[s] as number;
      for (const id of out[f] as number[]) (out[s] as number[]).push(id);
      const row = go[s] as Int32Array;
      for (let a = 0; a < width; a++) {
        const t = row[a] as number;
        if (t < 0) {
          full[s * width + a] = full[f * width + a] as number;
        } else {
          full[s * width + a] = t;
          fail[t] = full[f * width + a] as number;
          queue.push(t);
        }
      }
    }
    // 3. Renumber: breadth-first order (shallow states, the ones ordinary text visits, sit together),
    // states without output first.
    const order = [...queue.filter((st) => (out[st] as number[]).length === 0), ...queue.filter((st) => (out[st] as number[]).length > 0)];
    const number = new Int32Array(n);
    order.forEach((st, k) => (number[st] = k));
    const delta = new Int32Array(n * width);
    order.forEach((st, k) => {
      for (let a = 0; a < width; a++) delta[k * width + a] = (number[full[st * width + a] as number] as number) * width;
    });
    const firstOut = order.findIndex((st) => (out[st] as number[]).length > 0);
    const outAt = new Int32Array(firstOut < 0 ? 0 : n - firstOut);
    const flat: number[] = [];
    if (firstOut >= 0) {
      for (let k = firstOut; k < n; k++) {
        outAt[k - firstOut] = flat.length;
        flat.push(...(out[order[k] as number] as number[]), -1);
      }
    }
    this.#alphabet = alphabet;
    this.#width = width;
    this.#delta = delta;
    this.#firstOut = (firstOut < 0 ? n : firstOut) * width;
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
    const firstOut = this.#firstOut;
    const outAt = this.#outAt;
    const outIds = this.#outIds;
    // A huge text may have grown the buffer; do not keep that much memory for the next one.
    if (this.#pairs.length > KEEP_PAIRS) this.#pairs = new Int32Array(512);
    let pairs = this.#pairs;
    let count = 0;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = delta[s + (alphabet[text.charCodeAt(i)] as number)] as number;
      if (s < firstOut) continue;
      for (let k = outAt[(s - firstOut) / width] as number, id = outIds[k] as number; id >= 0; id = outIds[++k] as number) {
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
    return count;
  }

  /** The occurrences found by the last `scanAll`. */
  get pairs(): Int32Array {
    return this.#pairs;
  }
}
