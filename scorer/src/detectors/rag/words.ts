/**
 * The words and units of a document for the indirect-injection features: units (lines, cells,
 * sentences), lowercased words with their lexicon classes, and a cheap stem hash to compare words.
 */
import { classesOf, W } from './lexicon';

export interface Token {
  readonly start: number;
  readonly end: number;
  readonly word: string;
  readonly bits: number;
  /** `stemKey(word)` once computed (-1 before). */
  key: number;
}

export function keyOf(t: Token): number {
  if (t.key < 0) t.key = stemKey(t.word);
  return t.key;
}

const MAX_UNIT = 400;

/** Units of `text`: lines and table cells, split at sentence ends, at most ~400 characters each. */
export function splitUnits(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  const n = text.length;
  const push = (s: number, e: number): void => {
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push([s, e]);
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 124 || c === 9 || c === 60 || c === 62) {
      // Line breaks, table cells (|), tabs and markup (< >): a table row or an HTML line is not one
      // sentence; each cell and each text between tags is a unit.
      push(start, i);
      start = i + 1;
    } else if ((c === 46 || c === 33 || c === 63 || c === 0x3002) && (i + 1 >= n || isBlank(text.charCodeAt(i + 1)))) {
      push(start, i + 1);
      start = i + 1;
    } else if (i - start >= MAX_UNIT && c === 32) {
      push(start, i);
      start = i + 1;
    }
  }
  push(start, n);
  return out;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0xa0;
}

/** Letters and digits: ASCII by table, the rest by Unicode property (rare in most documents). */
const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;
function isWordChar(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (c >= 0xac00 && c <= 0xd7a3) return true;
  return NON_ASCII_WORD.test(text[i] as string);
}

/** Words of the (already lowercased) text, with their classes; an inner apostrophe stays in the word. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isWordChar(c, text, i)) {
      i++;
      continue;
    }
    const start = i;
    let curly = false;
    i++;
    for (;;) {
      if (i >= n) break;
      c = text.charCodeAt(i);
      if (isWordChar(c, text, i)) {
        i++;
        continue;
      }
      // "don't", "what's": an apostrophe between letters.
      if ((c === 39 || c === 0x2019) && i + 1 < n && isWordChar(text.charCodeAt(i + 1), text, i + 1)) {
        if (c === 0x2019) curly = true;
        i += 2;
        continue;
      }
      break;
    }
    const word = curly ? text.slice(start, i).replace(/\u2019/g, "'") : text.slice(start, i);
    tokens.push({ start, end: i, word, bits: word.length <= 24 ? classesOf(word) : 0, key: -1 });
  }
  return tokens;
}

/**
 * A crude stem ("explains", "explained", "explaining" → "explain"; "studies" → "study"), as a 32-bit
 * FNV-1a hash of the stem's characters: comparing stems needs no new strings.
 */
export function stemKey(w: string): number {
  const n = w.length;
  const last = w.charCodeAt(n - 1);
  const prev = n > 1 ? w.charCodeAt(n - 2) : 0;
  const third = n > 2 ? w.charCodeAt(n - 3) : 0;
  let len = n;
  let y = false;
  // -ing, -ies (→ y), -ed, -es, -s (not -ss); character codes: no closures, no substrings.
  if (n > 5 && third === 105 && prev === 110 && last === 103) len = n - 3;
  else if (n > 4 && third === 105 && prev === 101 && last === 115) {
    len = n - 3;
    y = true;
  } else if (n > 4 && prev === 101 && (last === 100 || last === 115)) len = n - 2;
  else if (n > 3 && last === 115 && prev !== 115) len = n - 1;
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  if (y) h = Math.imul(h ^ 121, 0x01000193);
  // 30 bits: small integers stay unboxed as map keys.
  return h & 0x3fffffff;
}

export function isContent(t: Token): boolean {
  if (t.word.length < 3 || (t.bits & W.stop) !== 0) return false;
  const c = t.word.charCodeAt(0);
  return !(c >= 48 && c <= 57) || !/^\d+$/.test(t.word);
}

