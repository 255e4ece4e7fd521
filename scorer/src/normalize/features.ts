/**
 * One pass over a text that finds what the later stages need to look at, so ordinary text costs a
 * single loop instead of one regex scan per obfuscation technique. Every flag is a cheap necessary
 * condition; the stage it gates does the exact work.
 */

/** Facts about a text gathered in one pass. */
export interface TextFeatures {
  /** Only tab, newline, printable ASCII and Hangul syllables: already NFKC, nothing invisible. */
  readonly plain: boolean;
  /** Runs of 16 or more base64/base64url/hex characters: `[start, end)`. */
  readonly longRuns: readonly (readonly [number, number])[];
  /** A letter touches a digit or a leet symbol (`pr0mpt`, `$ystem`). */
  readonly leet: boolean;
  /** Where letters touch digits or symbols (the first 256), to find leet words without a regex scan. */
  readonly leetAt: readonly number[];
  /** Characters from scripts with Latin look-alikes (Greek, Cyrillic, Armenian, IPA). */
  readonly confusable: boolean;
  /** Three or more one-character words close together (`i g n o r e`, `이.전.의`). */
  readonly spaced: boolean;
  /** Hex bytes written as `\x41`, `0x41` or `41 42 43`. */
  readonly hexList: boolean;
  /** `%41` or `&…;` that inline decoding may turn into text. */
  readonly inlineEncoded: boolean;
}

const MIN_RUN = 16;
const MAX_LEET_AT = 256;
// Bit flags per ASCII code unit.
const B64 = 1;
const LETTER = 2;
const LEETISH = 4;
const HEX = 8;
const WORD = 16;
const NOT_PLAIN = 32;
/** Characters that need a closer look: `%`, `&`, `\\`, `0`, `!`. */
const SPECIAL = 64;
const CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 32; c++) t[c] = NOT_PLAIN;
  t[9] = t[10] = t[13] = 0;
  t[127] = NOT_PLAIN;
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') t[c.charCodeAt(0)] = B64 | LETTER | WORD;
  for (const c of '0123456789') t[c.charCodeAt(0)] = B64 | LEETISH | HEX | WORD;
  for (const c of 'abcdefABCDEF') t[c.charCodeAt(0)] |= HEX;
  for (const c of '+/_-=') t[c.charCodeAt(0)] |= B64;
  for (const c of '@$|') t[c.charCodeAt(0)] |= LEETISH;
  for (const c of '%&\\0!') t[c.charCodeAt(0)] |= SPECIAL;
  return t;
})();

function wideClass(u: number): number {
  if (u >= 0xac00 && u <= 0xd7a3) return WORD;
  if ((u >= 0x4e00 && u <= 0x9fff) || (u >= 0x3040 && u <= 0x30ff) || (u >= 0xc0 && u <= 0x52f) || (u >= 0xff10 && u <= 0xff5a)) return WORD | NOT_PLAIN;
  return NOT_PLAIN;
}

function isAsciiLetter(u: number): boolean {
  return ((u | 0x20) - 97) >>> 0 < 26;
}

/** Hangul syllables: the only units whose class is exactly WORD. */
function isHangul(u: number): boolean {
  return u >= 0xac00 && u <= 0xd7a3;
}

/** Class of the unit at `i`; 0 outside the text. */
function clsAt(text: string, i: number): number {
  const u = text.charCodeAt(i);
  if (u < 128) return CLASS[u] as number;
  return u >= 128 ? wideClass(u) : 0; // NaN (out of range) fails both tests
}

/** Scans `text` once. */
export function scanFeatures(text: string): TextFeatures {
  const runs: [number, number][] = [];
  const leetAt: number[] = [];
  const n = text.length;
  let seen = 0;
  let run = 0;
  let start = 0;
  let bangLeet = false;
  let confusable = false;
  let spaced = false;
  let hexList = false;
  let inlineEncoded = false;
  let prev = 0;
  let wordLen = 0;
  let lastLoneEnd = -10;
  let streak = 0;
  let hexGroups = 0;
  for (let i = 0; i < n; i++) {
    const u = text.charCodeAt(i);
    let cls: number;
    if (u < 128) cls = CLASS[u] as number;
    else {
      cls = wideClass(u);
      if (!confusable && u >= 0x0131 && (u <= 0x058f || (u >= 0x1d00 && u <= 0x1d7f))) confusable = true;
    }
    seen |= cls;
    if (cls & B64) {
      if (run++ === 0) start = i;
    } else if (run > 0) {
      if (run >= MIN_RUN) runs.push([start, i]);
      run = 0;
    }
    if ((((cls & LEETISH) !== 0 && (prev & LETTER) !== 0) || ((cls & LETTER) !== 0 && (prev & LEETISH) !== 0)) && leetAt.length < MAX_LEET_AT) {
      leetAt.push(i);
    }
    if (cls & WORD) wordLen++;
    else if (wordLen > 0) {
      if (wordLen === 1) {
        streak = i - 1 - lastLoneEnd <= 3 ? streak + 1 : 1;
        lastLoneEnd = i;
        if (streak >= 3) spaced = true;
        hexGroups = 0;
      } else if (wordLen === 2 && (prev & HEX) !== 0 && (clsAt(text, i - 2) & HEX) !== 0 && (u === 32 || u === 58 || u === 44)) {
        // `41 42 43`: two-hex-digit words before a separator, three in a row.
        if (++hexGroups >= 3) hexList = true;
      } else hexGroups = 0;
      wordLen = 0;
    }
    if (cls & SPECIAL) {
      if (u === 37) inlineEncoded ||= (clsAt(text, i + 1) & HEX) !== 0 && (clsAt(text, i + 2) & HEX) !== 0;
      else if (u === 38) inlineEncoded ||= (clsAt(text, i + 1) & LETTER) !== 0 || text.charCodeAt(i + 1) === 35;
      else if (u === 92 || u === 48) hexList ||= text.charCodeAt(i + 1) === 120 && (u === 92 || (clsAt(text, i - 1) & WORD) === 0);
      else if (u === 33) bangLeet ||= (prev & LETTER) !== 0 && (clsAt(text, i + 1) & LETTER) !== 0;
    }
    prev = cls;
    // More letters after a letter (syllables after a syllable) only count: skip them in a tight loop.
    if ((cls & LETTER) !== 0 || cls === WORD) {
      let j = i + 1;
      if (cls === WORD) while (j < n && isHangul(text.charCodeAt(j))) j++;
      else while (j < n && isAsciiLetter(text.charCodeAt(j))) j++;
      if (j > i + 1) {
        if (cls & B64) run += j - i - 1;
        wordLen += j - i - 1;
        prev = cls === WORD ? WORD : (CLASS[text.charCodeAt(j - 1)] as number);
        i = j - 1;
      }
    }
  }
  if (run >= MIN_RUN) runs.push([start, n]);
  if (wordLen === 1 && n - 1 - lastLoneEnd <= 3 && streak + 1 >= 3) spaced = true;
  return { plain: (seen & NOT_PLAIN) === 0, longRuns: runs, leet: leetAt.length > 0 || bangLeet, leetAt, confusable, spaced, hexList, inlineEncoded };
}
