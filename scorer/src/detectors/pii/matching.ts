/**
 * How recognisers run their regexes. A global regex lets V8 try every position of the text, and with
 * twenty-odd patterns that scan dominated the cost of Korean text (three bytes a character, digits
 * and label words spread thin). Most patterns can only match at a few places the text itself points
 * to: numbers next to a run of digits, names next to a label or title word. Such a regex is built
 * sticky and tried only at those places, in text order; a match consumes the text it covers, exactly
 * as the global scan would, so the matches are the same ones. Text dense with numbers (tables, lists
 * of phone numbers) has a run of digits every few characters; there one global scan is cheaper than a
 * try per run, and a global twin of the regex is used instead.
 */

/**
 * Where a match of a digit-anchored regex may start: at a digit run, or at most `back` characters
 * before one, on one of the characters `first`.
 */
interface DigitAnchor {
  readonly kind: 'digits';
  readonly first: CharSet;
  readonly back: number;
  /** Fewest and most digits in the run that holds the first digit of a match. */
  readonly run: number;
  readonly maxRun: number;
  /** Numbers built by `numeric`: their left boundary is `leftBoundaryOk`. */
  readonly leftCheck: boolean;
  /** The same pattern as a global regex, for text dense with digits. */
  readonly global: RegExp;
}

/** A regex whose matches all start with one of a few literal prefixes. */
interface PrefixAnchor {
  readonly kind: 'prefix';
  readonly prefixes: Prefixes;
}

const ANCHORS = new WeakMap<RegExp, DigitAnchor | PrefixAnchor>();
const DIGITS = '0123456789';
/** No upper bound on a run's length (a small integer keeps the comparison cheap). */
const ANY_RUN = 1 << 30;
/** Text with a run of digits every DENSE characters or more often is scanned globally. */
const DENSE = 12;

/** Where a number pattern's matches start (see `numeric`). */
export interface NumberShape {
  /** Fewest digits in the run a match starts with (`\d{6}…` → 6). */
  readonly run?: number;
  /** Most digits in that run (`\d{3}-…` → 3). */
  readonly maxRun?: number;
  /** The digits a match may start with (`01[016789]…` → `0`); any by default. */
  readonly digits?: string;
  /** Characters a match may start with right before its digits, such as `(`. */
  readonly opening?: string;
  /** Extra regex flags (the regex is always sticky). */
  readonly flags?: string;
}

/**
 * A regex for a number pattern whose left boundary is `leftBoundaryOk` (checked in code: a leading
 * lookbehind costs more). Matches start at a run of digits, or on an `opening` character right before one.
 */
export function numeric(source: string, shape: NumberShape = {}): RegExp {
  const opening = shape.opening ?? '';
  const first = new CharSet(opening + (shape.digits ?? DIGITS));
  return digitAnchored(source, { first, back: opening.length > 0 ? 1 : 0, run: shape.run ?? 1, maxRun: shape.maxRun ?? ANY_RUN, leftCheck: true }, shape.flags);
}

/** Where a pattern that leads up to a number starts (see `nearDigits`). */
export interface LeadShape {
  /** Characters a match may start with. */
  readonly first: string;
  /** Most characters a match may have before its first digit. */
  readonly back: number;
  /** Fewest digits in the run the match's first digit starts. */
  readonly run?: number;
  /** Extra regex flags (the regex is always sticky). */
  readonly flags?: string;
}

/**
 * A regex for a pattern whose first digit starts a run of digits at most `back` characters after the
 * start of the match ("테헤란로 12", "M12345678", "+82 10…"): it is tried only there.
 */
export function nearDigits(source: string, shape: LeadShape): RegExp {
  return digitAnchored(source, { first: new CharSet(shape.first), back: shape.back, run: shape.run ?? 1, maxRun: ANY_RUN, leftCheck: false }, shape.flags);
}

function digitAnchored(source: string, anchor: Omit<DigitAnchor, 'kind' | 'global'>, flags = ''): RegExp {
  const re = new RegExp(source, `${flags}y`);
  ANCHORS.set(re, { kind: 'digits', ...anchor, global: new RegExp(source, `${flags}g`) });
  return re;
}

/** A regex whose matches all start with one of `words` (only their first two characters are compared). */
export function startingWith(source: string, words: readonly string[], flags = ''): RegExp {
  const re = new RegExp(source, `${flags}y`);
  ANCHORS.set(re, { kind: 'prefix', prefixes: new Prefixes(words) });
  return re;
}

/** Calls `fn` for each match of `re` in `text`, in order, as a global scan would find them. */
export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  const anchor = ANCHORS.get(re);
  if (anchor?.kind === 'digits') eachNearDigits(re, anchor, text, fn);
  else if (anchor?.kind === 'prefix') eachAtPrefix(re, anchor.prefixes, text, fn);
  else eachGlobal(re, re, false, text, fn);
}

/**
 * The global scan: `scan` runs over the whole text; `re` (the caller's regex, `scan` itself or its
 * sticky twin) shows the caller where the scan stands, and `fn` may move it (to the end, to stop).
 */
function eachGlobal(scan: RegExp, re: RegExp, leftCheck: boolean, text: string, fn: (m: RegExpExecArray) => void): void {
  scan.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = scan.exec(text)) !== null) {
    if (leftCheck && !leftBoundaryOk(text, m.index)) {
      scan.lastIndex = m.index + 1;
      continue;
    }
    re.lastIndex = m.index + m[0].length;
    fn(m);
    scan.lastIndex = re.lastIndex + (m[0].length === 0 ? 1 : 0);
  }
}

/**
 * Tries `re` at position `p` and, on a match, calls `fn`; returns where the scan continues (`fn` may
 * move `re.lastIndex` to the end of the text to stop it) or -1 when nothing matched at `p`.
 */
function tryAt(re: RegExp, text: string, p: number, fn: (m: RegExpExecArray) => void): number {
  re.lastIndex = p;
  const m = re.exec(text);
  if (m === null) return -1;
  fn(m);
  return Math.max(re.lastIndex, p + 1);
}

/**
 * Tries `re` at each place a match may start (the characters up to `back` before each run of digits,
 * then the run's first digit), in text order; after a match the next try is past its end, where a
 * global scan would continue.
 */
function eachNearDigits(re: RegExp, a: DigitAnchor, text: string, fn: (m: RegExpExecArray) => void): void {
  const { starts, ends } = digitRuns(text);
  if (starts.length * DENSE > text.length) {
    eachGlobal(a.global, re, a.leftCheck, text, fn);
    return;
  }
  let next = 0;
  for (let k = 0; k < starts.length && next < text.length; k++) {
    const r = starts[k] as number;
    const length = (ends[k] as number) - r;
    if (length < a.run || length > a.maxRun) continue;
    for (let p = Math.max(next, r - a.back); p <= r; p++) {
      if (!a.first.has(text.charCodeAt(p)) || (a.leftCheck && !leftBoundaryOk(text, p))) continue;
      const after = tryAt(re, text, p, fn);
      if (after >= 0) {
        next = after;
        p = after - 1;
      }
    }
  }
}

/** Tries `re` where one of its words may start, in text order, continuing past each match. */
function eachAtPrefix(re: RegExp, prefixes: Prefixes, text: string, fn: (m: RegExpExecArray) => void): void {
  for (let p = prefixes.next(text, 0); p >= 0; ) {
    const after = tryAt(re, text, p, fn);
    p = prefixes.next(text, after >= 0 ? after : p + 1);
  }
}

/**
 * Whether a number may start at `i`: not inside a word or a longer number, and not the tail of an
 * identifier such as `INV-2024-0193` or a version such as `1.2.3`.
 */
export function leftBoundaryOk(text: string, i: number): boolean {
  if (i === 0) return true;
  const a = text.charCodeAt(i - 1);
  if (isWordish(a) || a === 64 /* @ */) return false;
  if (i === 1) return true;
  const b = text.charCodeAt(i - 2);
  if ((a === 45 || a === 47 || (a >= 0x2010 && a <= 0x2013)) && isAlnum(b)) return false;
  return !(a === 46 && b >= 48 && b <= 57);
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordish = (c: number): boolean => isAlnum(c) || c === 95;

const RUN = /[0-9]+/g;
let runsOf = '';
let runs: { starts: number[]; ends: number[] } = { starts: [], ends: [] };

/** The runs of ASCII digits in `text` (start and end indices), computed once per text. */
function digitRuns(text: string): { readonly starts: readonly number[]; readonly ends: readonly number[] } {
  if (text !== runsOf) {
    const starts: number[] = [];
    const ends: number[] = [];
    RUN.lastIndex = 0;
    // `test` leaves the run's end in lastIndex without building a match array; the start is found back.
    while (RUN.test(text)) {
      const end = RUN.lastIndex;
      let start = end - 1;
      while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
      starts.push(start);
      ends.push(end);
    }
    runsOf = text;
    runs = { starts, ends };
  }
  return runs;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** A short list of characters, read in O(1) (a table over the span of their codes). */
class CharSet {
  readonly #lo: number;
  readonly #in: Uint8Array;

  constructor(chars: string) {
    const codes = [...chars].map((c) => c.charCodeAt(0));
    this.#lo = Math.min(...codes);
    this.#in = new Uint8Array(Math.max(...codes) - this.#lo + 1);
    for (const c of codes) this.#in[c - this.#lo] = 1;
  }

  has(code: number): boolean {
    // Reading a typed array out of bounds is slow in V8: check the span first.
    const i = code - this.#lo;
    return i >= 0 && i < this.#in.length && this.#in[i] === 1;
  }
}

/**
 * The first two characters of a word list, as lookup tables: finding where a word may start costs a
 * table read per character instead of trying every alternative of a long regex there.
 */
class Prefixes {
  /** Per character code: the row of a first character (1…), else 0. Direct 64K tables: a range check per character costs more than the memory. */
  readonly #rows = new Uint8Array(65536);
  /** Per character code: the column of a second character (1…), else 0. */
  readonly #cols = new Uint8Array(65536);
  /** Row × column: whether the pair starts a word; column 0 is set for one-character words. */
  readonly #pairs: Uint8Array;

  constructor(words: readonly string[]) {
    let rows = 0;
    let cols = 0;
    const pairs: Array<[number, number]> = [];
    for (const w of words) {
      const c = w.charCodeAt(0);
      // A space may be optional or another blank in the regex: only the first character is known then.
      const d = w.length > 1 && w[1] !== ' ' ? w.charCodeAt(1) : -1;
      if (this.#rows[c] === 0) this.#rows[c] = ++rows;
      if (d >= 0 && this.#cols[d] === 0) this.#cols[d] = ++cols;
      pairs.push([c, d]);
    }
    if (rows > 255 || cols > 255) throw new Error('too many distinct word prefixes');
    this.#pairs = new Uint8Array((rows + 1) * 256);
    for (const [c, d] of pairs) this.#pairs[(this.#rows[c] as number) * 256 + (d < 0 ? 0 : (this.#cols[d] as number))] = 1;
  }

  /** The first index ≥ `from` where a word may start, or -1. */
  next(text: string, from: number): number {
    const rows = this.#rows;
    const cols = this.#cols;
    const pairs = this.#pairs;
    const n = text.length;
    for (let i = from; i < n; i++) {
      const row = rows[text.charCodeAt(i)] as number;
      if (row === 0) continue;
      if (pairs[row * 256] === 1 || (i + 1 < n && pairs[row * 256 + (cols[text.charCodeAt(i + 1)] as number)] === 1)) return i;
    }
    return -1;
  }
}
