/**
 * Hashed n-gram features for the injection model, shared by training (`scorer/ml`) and inference so
 * both see exactly the same numbers. Input is a normalised view (folded or decoded), cut into
 * overlapping windows ("chunks"): the model scores every chunk and keeps the highest, so an
 * instruction hidden in a long document is not diluted by the text around it.
 *
 * Per chunk: word unigrams, word bigrams and character n-grams of each word padded with `<` `>`
 * (fastText style), hashed into `buckets` slots; counts become `1 + ln(count)`, times the group's
 * weight (`weights`), and the vector is L2-normalised. Punctuation characters are one-character
 * tokens, so `<|`, `###` or `]]` show up too. Slots from `buckets` on are for pattern-rule features
 * (`rule-features.ts`), added after normalisation.
 */

/** Feature settings; stored in the model manifest and checked at load. */
export interface FeatureSettings {
  /** Number of hash slots (a power of two). */
  readonly buckets: number;
  /** Shortest and longest character n-gram inside a padded word. */
  readonly minN: number;
  readonly maxN: number;
  /** Longest word prefix used for character n-grams (base64 blobs are long words). */
  readonly maxWordChars: number;
  /** Window length and stride in characters; a text no longer than `window` is one chunk. */
  readonly window: number;
  readonly stride: number;
  /** At most this many characters of one view are featurised. */
  readonly maxChars: number;
  /**
   * Multipliers per feature group (all 1 when absent). Character n-grams of Latin-script words carry
   * spelling and source style more than meaning, so they can weigh less than those of other scripts
   * (Korean words glue particles on, and their n-grams are what makes 무시해/무시하고 alike).
   */
  readonly weights?: FeatureWeights;
  /** Pattern-rule features (see `rule-features.ts`); absent: none. */
  readonly rules?: RuleFeatureSettings;
}

/** Weights of the feature groups. */
export interface FeatureWeights {
  readonly word: number;
  readonly bigram: number;
  /** Character n-grams of words that start with an ASCII character. */
  readonly charLatin: number;
  /** Character n-grams of other words (Hangul, CJK, Cyrillic …). */
  readonly charOther: number;
}

/** Pattern-rule features: slot `buckets + i` is rule `ids[i]`; slot `buckets + ids.length` is the window's pattern score. */
export interface RuleFeatureSettings {
  readonly ids: readonly string[];
  /** The value of a rule's slot when it matched in the window. */
  readonly value: number;
}

const UNIT_WEIGHTS: FeatureWeights = { word: 1, bigram: 1, charLatin: 1, charOther: 1 };

/** Rows of the model's weight matrix: hashed slots plus rule slots. */
export function slotCount(s: FeatureSettings): number {
  return s.buckets + (s.rules ? s.rules.ids.length + 1 : 0);
}

export const DEFAULT_FEATURES: FeatureSettings = {
  buckets: 1 << 18,
  minN: 2,
  maxN: 4,
  maxWordChars: 24,
  window: 400,
  stride: 200,
  maxChars: 65_536,
};

/** One chunk's sparse vector: slot ids (ascending) and values, and the view range it covers. */
export interface SparseVector {
  readonly ids: Int32Array;
  readonly vals: Float32Array;
  readonly start: number;
  readonly end: number;
}

const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_NGRAM = 0xc2b2ae3d;

/** Letters and digits of any script (cached per code unit outside ASCII). */
const wordCache = new Int8Array(65_536).fill(-1);
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;

function isWordUnit(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
  // Surrogates: treat as word parts (emoji and astral letters stay together).
  if (c >= 0xd800 && c <= 0xdfff) return true;
  let v = wordCache[c] as number;
  if (v < 0) {
    v = WORD_RE.test(String.fromCharCode(c)) ? 1 : 0;
    wordCache[c] = v;
  }
  return v === 1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

/** murmur3's finaliser: FNV's low bits are weak, and the slot is taken from the low bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv(text: string, start: number, end: number, seed: number): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h;
}

const RADIX_BITS = 9;
const radixCounts = new Int32Array(1 << RADIX_BITS);
let radixScratch = new Int32Array(1024);

/**
 * The touched slots in ascending order: an LSD radix sort (two passes for 2^18 slots). A window has
 * about a thousand slots, and the built-in typed-array sort took 60 % of featurisation.
 */
function sortSlots(slots: Int32Array, bits: number): Int32Array {
  const n = slots.length;
  let a = slots.slice();
  if (radixScratch.length < n) radixScratch = new Int32Array(Math.max(n, radixScratch.length * 2));
  let b = radixScratch.subarray(0, n);
  const mask = (1 << RADIX_BITS) - 1;
  let passes = 0;
  for (let shift = 0; shift < bits; shift += RADIX_BITS, passes++) {
    radixCounts.fill(0);
    for (let i = 0; i < n; i++) radixCounts[((a[i] as number) >>> shift) & mask]++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = radixCounts[d] as number;
      radixCounts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = a[i] as number;
      const d = (v >>> shift) & mask;
      b[radixCounts[d] as number] = v;
      radixCounts[d] = (radixCounts[d] as number) + 1;
    }
    const t = a;
    a = b;
    b = t;
  }
  // After an odd number of passes the result sits in the shared scratch buffer: copy it out.
  return passes % 2 === 1 ? a.slice() : a;
}

/** Weight groups of a slot entry: indices into `TokenSlots.groupWeight`. */
const WORD = 0;
const CHAR_LATIN = 1;
const CHAR_OTHER = 2;
const BIGRAM = 3;

/**
 * Reusable accumulator over one dense table: a slot's cell is `count << 2 | group`, the group of the
 * entry that touched it first (groups rarely collide), 0 when untouched. One 4-byte cell per slot
 * rather than a count and a weight of 8 bytes each: the table is touched at random, and featurising
 * was waiting on those cache misses.
 */
class Accumulator {
  readonly cells: Int32Array;
  /** Slots touched since the last `take`, in first-touch order: `touched[0 .. used)`. */
  touched = new Int32Array(1024);
  used = 0;
  /** Bits of a slot id (buckets is a power of two). */
  readonly bits: number;
  constructor(buckets: number) {
    this.cells = new Int32Array(buckets);
    this.bits = Math.max(1, Math.ceil(Math.log2(buckets)));
  }
  add(slot: number, group: number): void {
    const cell = this.cells[slot] as number;
    if (cell !== 0) {
      this.cells[slot] = cell + 4;
      return;
    }
    if (this.used === this.touched.length) {
      const grown = new Int32Array(this.used * 2);
      grown.set(this.touched);
      this.touched = grown;
    }
    this.touched[this.used++] = slot;
    this.cells[slot] = 4 | group;
  }
  /** Emits the normalised sparse vector for view range `[start, end)` and resets. */
  take(start: number, end: number, groupWeight: Float64Array): SparseVector {
    const ids = sortSlots(this.touched.subarray(0, this.used), this.bits);
    const vals = new Float32Array(ids.length);
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      const slot = ids[i] as number;
      const cell = this.cells[slot] as number;
      const c = cell >>> 2;
      const scale = groupWeight[cell & 3] as number;
      // Most slots occur once, and 1 + ln 1 is exactly 1.
      const v = c === 1 ? scale : scale * (1 + Math.log(c));
      vals[i] = v;
      norm += v * v;
      this.cells[slot] = 0;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    let kept = 0;
    for (let i = 0; i < vals.length; i++) {
      // A group weighted 0 leaves its slots out.
      if (vals[i] === 0) continue;
      ids[kept] = ids[i] as number;
      vals[kept++] = (vals[i] as number) * inv;
    }
    this.used = 0;
    return kept === ids.length ? { ids, vals, start, end } : { ids: ids.slice(0, kept), vals: vals.slice(0, kept), start, end };
  }
}

const accumulators = new Map<number, Accumulator>();

function accumulator(buckets: number): Accumulator {
  let a = accumulators.get(buckets);
  if (!a) {
    a = new Accumulator(buckets);
    accumulators.set(buckets, a);
  }
  return a;
}

/** A token: `[start, end)` in the text; `word` false for a single punctuation character. */
interface Token {
  start: number;
  end: number;
  word: boolean;
  hash: number;
}

function tokenize(text: string, limit: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isWordUnit(c)) {
      const s = i;
      while (i < limit && isWordUnit(text.charCodeAt(i))) i++;
      tokens.push({ start: s, end: i, word: true, hash: fnv(text, s, i, SEED_WORD) });
    } else {
      tokens.push({ start: i, end: i + 1, word: false, hash: fnv(text, i, i + 1, SEED_WORD) });
      i++;
    }
  }
  return tokens;
}

/**
 * Every token's own slots (unigram and character n-grams) in one flat array, plus the slot of its
 * bigram with the previous token: computed once, then summed per window (windows overlap).
 */
interface TokenSlots {
  readonly flat: Int32Array;
  /** The weight group of each entry of `flat` (`WORD`, `CHAR_LATIN`, `CHAR_OTHER`). */
  readonly group: Uint8Array;
  /**
   * Weight per group; bigrams are `BIGRAM`. The own groups hold float32-rounded weights and the
   * bigram weight is exact: the values the weights always had here.
   */
  readonly groupWeight: Float64Array;
  /** Token k's own slots are flat[offsets[k] .. offsets[k + 1]). */
  readonly offsets: Int32Array;
  /** Slot of the bigram (token k-1, token k); unused for k = 0. */
  readonly bigram: Int32Array;
}

function tokenSlots(text: string, tokens: Token[], s: FeatureSettings): TokenSlots {
  const mask = s.buckets - 1;
  const w = s.weights ?? UNIT_WEIGHTS;
  const offsets = new Int32Array(tokens.length + 1);
  const bigram = new Int32Array(tokens.length);
  let cap = 0;
  for (const t of tokens) cap += 1 + (t.word ? ngramCount(Math.min(t.end - t.start, s.maxWordChars) + 2, s) : 0);
  const flat = new Int32Array(cap);
  const group = new Uint8Array(cap);
  let o = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    offsets[k] = o;
    group[o] = WORD;
    flat[o++] = fmix(t.hash) & mask;
    if (k > 0) bigram[k] = fmix(Math.imul((tokens[k - 1] as Token).hash ^ SEED_BIGRAM, 31) ^ t.hash) & mask;
    if (!t.word) continue;
    const latin = text.charCodeAt(t.start) < 128;
    if ((latin ? w.charLatin : w.charOther) === 0) continue;
    const cg = latin ? CHAR_LATIN : CHAR_OTHER;
    const len = Math.min(t.end - t.start, s.maxWordChars);
    const padded = len + 2;
    // FNV is sequential, so the n-grams starting at `a` extend one another: one pass per start.
    // (The order of the slots does not matter: a window's slots are sorted.) The whole padded word
    // is already the unigram, so n stops below `padded`.
    const top = Math.min(s.maxN, padded - 1);
    for (let a = 0; a + s.minN <= padded; a++) {
      let h = SEED_NGRAM ^ 0x811c9dc5;
      for (let p = a, n = 1; n <= top && p < padded; p++, n++) {
        h ^= p === 0 ? 60 : p === len + 1 ? 62 : text.charCodeAt(t.start + p - 1);
        h = Math.imul(h, 16777619);
        if (n >= s.minN) {
          group[o] = cg;
          flat[o++] = fmix(h ^ n) & mask;
        }
      }
    }
  }
  offsets[tokens.length] = o;
  const groupWeight = Float64Array.of(Math.fround(w.word), Math.fround(w.charLatin), Math.fround(w.charOther), w.bigram);
  return { flat: o === cap ? flat : flat.subarray(0, o), group, groupWeight, offsets, bigram };
}

function ngramCount(padded: number, s: FeatureSettings): number {
  let c = 0;
  for (let n = s.minN; n <= s.maxN && n < padded; n++) c += padded - n + 1;
  return c;
}

/** Adds tokens [first, last) of a window: own slots, and bigrams inside the window. */
function addWindow(acc: Accumulator, ts: TokenSlots, first: number, last: number): void {
  const { flat, group, offsets, bigram } = ts;
  for (let i = offsets[first] as number, e = offsets[last] as number; i < e; i++) acc.add(flat[i] as number, group[i] as number);
  for (let k = first + 1; k < last; k++) acc.add(bigram[k] as number, BIGRAM);
}

/** The chunks of one view text: windows of `window` characters every `stride` characters. */
export function featurize(text: string, s: FeatureSettings = DEFAULT_FEATURES): SparseVector[] {
  const limit = Math.min(text.length, s.maxChars);
  const tokens = tokenize(text, limit);
  if (tokens.length === 0) return [];
  const acc = accumulator(s.buckets);
  const slots = tokenSlots(text, tokens, s);
  const out: SparseVector[] = [];
  if (limit <= s.window) {
    addWindow(acc, slots, 0, tokens.length);
    out.push(acc.take((tokens[0] as Token).start, (tokens[tokens.length - 1] as Token).end, slots.groupWeight));
    return out;
  }
  let first = 0;
  for (let ws = 0; ws < limit; ws += s.stride) {
    const we = ws + s.window;
    while (first < tokens.length && (tokens[first] as Token).start < ws) first++;
    if (first >= tokens.length) break;
    let k = first;
    while (k < tokens.length && (tokens[k] as Token).start < we) k++;
    // Windows before the first token (a text opening with more than a window of whitespace) hold
    // nothing: no chunk. They used to throw, which switched the model off for the whole text. (An
    // empty window between tokens still yields its empty chunk: the model was trained with those.)
    if (k === 0) continue;
    addWindow(acc, slots, first, k);
    out.push(acc.take((tokens[first] as Token).start, (tokens[k - 1] as Token).end, slots.groupWeight));
    // The last window reached the end: later windows would be its suffixes.
    if (k >= tokens.length || we >= limit) break;
  }
  return out;
}
