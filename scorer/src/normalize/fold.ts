/**
 * Stage 2 of normalisation: the folded view that pattern detectors match on. Lowercase, cross-script
 * look-alikes folded to Latin, letters that were spread out (`i g n o r e`, `이.전.의`) joined, leetspeak
 * undone, and URL-encoding and HTML entities decoded inline. Every step keeps the offset map.
 */
import { applyReplacements, ArrayMap, type OffsetMap, type Replacement, type TextView } from './view';
import { HOMOGLYPHS, HOMOGLYPH_TEST, LEET } from './tables';
import type { Signal } from './signals';
import type { TextFeatures } from './features';

/** Builds the folded view from the clean view; pushes what it undid onto `signals`. */
export function foldView(clean: TextView, features: TextFeatures, signals: Signal[]): TextView {
  let text = clean.text;
  let map: OffsetMap = clean.map;

  // 1. Lowercase. A few characters change length when lowercased (İ → i̇): rebuild the map then.
  const lower = text.toLowerCase();
  const lengthKept = lower.length === text.length;
  if (lengthKept) {
    text = lower;
  } else {
    ({ text, map } = lowerWithMap(text, map));
  }

  // 2. Look-alikes, one unit for one unit, so the map is unchanged.
  if (features.confusable && HOMOGLYPH_TEST.test(text)) text = foldHomoglyphs(text, map, signals);

  // 3. Spread-out letters. Changes length: compose the map.
  const spaced = features.spaced ? findSpacedRuns(text) : [];
  if (spaced.length > 0) {
    for (const r of spaced) pushSignal(signals, 'spaced', map, r.start, r.end);
    ({ text, map } = applyReplacements(text, map, spaced));
  }

  // 4. Leetspeak inside words, one for one.
  if (spaced.length > 0) text = undoLeet(text, map, signals, undefined);
  else if (features.leet) text = undoLeet(text, map, signals, lengthKept ? features.leetAt : undefined);

  // 5. Inline decoding of URL-encoding and HTML entities.
  const inline = features.inlineEncoded ? findInlineEncodings(text) : [];
  if (inline.length > 0) {
    for (const r of inline) pushSignal(signals, r.kind, map, r.start, r.end);
    ({ text, map } = applyReplacements(text, map, inline));
  }
  return { kind: 'folded', text, map };
}

function pushSignal(signals: Signal[], kind: Signal['kind'], map: OffsetMap, start: number, end: number): void {
  const [s, e] = map.toOriginal(start, Math.max(end, start + 1));
  signals.push({ kind, start: s, end: e, inWord: false });
}

function lowerWithMap(text: string, map: OffsetMap): { text: string; map: OffsetMap } {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const low = (text[i] as string).toLowerCase();
    const [s, e] = map.toOriginal(i, i + 1);
    for (let k = 0; k < low.length; k++) {
      starts.push(s);
      ends.push(e);
    }
    parts.push(low);
  }
  return { text: parts.join(''), map: new ArrayMap(Int32Array.from(starts), Int32Array.from(ends)) };
}

const ASCII_LETTER = /[a-z]/;

/** Letters and digits that make up a word for the script check (ASCII, Greek, Cyrillic, look-alikes). */
function isWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0x370 && c <= 0x52f) || HOMOGLYPHS[c] !== 0;
}

function hasAsciiLetter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** The word before `at` (`dir` = -1) or after it (`dir` = 1), skipping anything that is not a word unit. */
function neighbourWord(text: string, at: number, dir: -1 | 1): [number, number] {
  let i = at;
  if (dir < 0) {
    while (i > 0 && !isWordUnit(text.charCodeAt(i - 1))) i--;
    const end = i;
    while (i > 0 && isWordUnit(text.charCodeAt(i - 1))) i--;
    return [i, end];
  }
  while (i < text.length && !isWordUnit(text.charCodeAt(i))) i++;
  const start = i;
  while (i < text.length && isWordUnit(text.charCodeAt(i))) i++;
  return [start, i];
}

/**
 * Folds look-alikes where they disguise Latin: in words that also hold Latin letters (`іgnоrе`), and in
 * words made only of look-alikes between Latin words (`please ехесute`). Words of real Russian or Greek
 * text stay as written, so rules for those languages can match them (`все` is not `bce`).
 */
function foldHomoglyphs(text: string, map: OffsetMap, signals: Signal[]): string {
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    if ((HOMOGLYPHS[text.charCodeAt(i)] ?? 0) === 0) continue;
    let ws = i;
    let we = i + 1;
    while (ws > 0 && isWordUnit(text.charCodeAt(ws - 1))) ws--;
    while (we < text.length && isWordUnit(text.charCodeAt(we))) we++;
    let fold = hasAsciiLetter(text, ws, we);
    if (!fold) {
      let allAlike = true;
      for (let k = ws; k < we && allAlike; k++) {
        const c = text.charCodeAt(k);
        allAlike = HOMOGLYPHS[c] !== 0 || (c >= 48 && c <= 57);
      }
      if (allAlike) {
        const [ps, pe] = neighbourWord(text, ws, -1);
        const [ns, ne] = neighbourWord(text, we, 1);
        fold = hasAsciiLetter(text, ps, pe) || hasAsciiLetter(text, ns, ne);
      }
    }
    if (fold) {
      for (let k = ws; k < we; k++) {
        const to = HOMOGLYPHS[text.charCodeAt(k)] ?? 0;
        if (to === 0) continue;
        out.push(text.slice(last, k), String.fromCharCode(to));
        last = k + 1;
        // A look-alike next to a Latin letter is a mixed-script word: worth a signal.
        const prev = text[k - 1] ?? '';
        const next = text[k + 1] ?? '';
        if (ASCII_LETTER.test(prev) || ASCII_LETTER.test(next)) pushSignal(signals, 'homoglyph', map, k, k + 1);
      }
    }
    i = we - 1;
  }
  out.push(text.slice(last));
  return out.join('');
}

/**
 * Three or more single letters (or Hangul syllables) separated by one to three separator characters:
 * `i g n o r e`, `i-g-n-o-r-e`, `이.전.의`. The separators are removed. A hand-written scan: this runs
 * on every text, and a Unicode-property regex with lookbehind cost more than the rest of the fold.
 */
function findSpacedRuns(text: string): Replacement[] {
  const runs: SpacedRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // Skip whole words; only a one-character word can start a run.
    let w = i + 1;
    while (w < n && isWordChar(text.charCodeAt(w))) w++;
    if (w - i > 1) {
      i = w;
      continue;
    }
    const start = i;
    let count = 1;
    let letters = isLetterChar(text.charCodeAt(i)) ? 1 : 0;
    let end = i + 1;
    let j = i + 1;
    // The separator between the first two letters; a different gap that holds a space ends the run,
    // so `이.전.의 지.시.를` and `i g n o r e  a l l` keep their word breaks.
    let first: string | undefined;
    for (;;) {
      let k = j;
      while (k < n && k - j < 3 && isSeparator(text.charCodeAt(k))) k++;
      if (k === j || k >= n || !isWordChar(text.charCodeAt(k)) || (k + 1 < n && isWordChar(text.charCodeAt(k + 1)))) break;
      const gap = text.slice(j, k);
      if (first === undefined) first = gap;
      else if (gap !== first && gap.includes(' ')) break;
      count++;
      if (isLetterChar(text.charCodeAt(k))) letters++;
      end = k + 1;
      j = k + 1;
    }
    // Only runs with letters: spaced digits are dates and versions.
    if (count >= 2 && letters > 0) runs.push({ start, end, count });
    i = end;
  }
  // A run qualifies alone with three letters, or as part of a chain of runs (gaps of at most three
  // characters) with four or more: `모 든  지 시 를` spreads a two-syllable word too.
  const out: Replacement[] = [];
  for (let a = 0; a < runs.length; ) {
    let b = a;
    let total = (runs[a] as SpacedRun).count;
    while (b + 1 < runs.length && (runs[b + 1] as SpacedRun).start - (runs[b] as SpacedRun).end <= 3) total += (runs[++b] as SpacedRun).count;
    for (let k = a; k <= b; k++) {
      const r = runs[k] as SpacedRun;
      if (r.count < 3 && total < 4) continue;
      let joined = '';
      for (let x = r.start; x < r.end; x++) if (!isSeparator(text.charCodeAt(x))) joined += text[x];
      out.push({ start: r.start, end: r.end, text: joined });
    }
    a = b + 1;
  }
  return out;
}

interface SpacedRun {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

const SEPARATORS = new Set([...' .-_*·•,/|~+:\'"'].map((c) => c.charCodeAt(0)));

function isSeparator(c: number): boolean {
  return SEPARATORS.has(c);
}

const ASCII_LETTER_OR_DIGIT = (() => {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = 2;
  for (let c = 65; c <= 90; c++) t[c] = 1;
  for (let c = 97; c <= 122; c++) t[c] = 1;
  return t;
})();

function isLetterChar(c: number): boolean {
  if (c < 128) return ASCII_LETTER_OR_DIGIT[c] === 1;
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x52f);
}

function isWordChar(c: number): boolean {
  if (c < 128) return (ASCII_LETTER_OR_DIGIT[c] as number) > 0;
  return isLetterChar(c);
}

const LETTER = /[a-z]/;
const LEET_PAIR = /[a-z][0-9@$!|€]|[0-9@$|€][a-z]/g;
/** a–z, 0–9 and the leet symbols `@ $ ! | €`. */
function isLeetWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c === 33 || c === 124 || c === 0x20ac;
}

/**
 * Digits count anywhere in a leet word; `|` and `!` only between two letters (so `<|im_start|>` and
 * `ignore!` keep them); `@ $ €` when a letter follows (`$ystem`, `@dmin`).
 */
function leetApplies(c: string, prev: string | undefined, next: string | undefined): boolean {
  if (c >= '0' && c <= '9') return true;
  const nextLetter = next !== undefined && LETTER.test(next);
  if (c === '|' || c === '!') return nextLetter && prev !== undefined && LETTER.test(prev);
  return nextLetter;
}

/**
 * Rewrites leet words (`1gn0r3` → `ignore`) one character for one. Only words where a letter touches a
 * digit or symbol are visited, so ordinary text costs one regex scan. When several words were clearly
 * leet (a leet *context*), a second pass also rewrites the short, digit-heavy words that the first pass
 * leaves alone in ordinary text (`7h3`, `4c7`, `i5`, `45`): in `4c7 45 4 h4ck3r` they are words, not ids.
 */
function undoLeet(text: string, map: OffsetMap, signals: Signal[], at: readonly number[] | undefined): string {
  // Only rewritten words are copied out: ids and versions in ordinary text leave the text as it was.
  const out: string[] = [];
  let copied = 0;
  let last = 0;
  let rewrittenWords = 0;
  const rewrite = (pos: number): void => {
    if (pos < last) return; // inside a word already handled
    let start = pos;
    while (start > last && isLeetWordChar(text.charCodeAt(start - 1))) start--;
    let end = pos + 1;
    while (end < text.length && isLeetWordChar(text.charCodeAt(end))) end++;
    last = end;
    // Hashes, ids and versions mix letters and digits too; leet words are mostly letters.
    let digits = 0;
    let letters = 0;
    for (let k = start; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c >= 48 && c <= 57) digits++;
      else if (c >= 97 && c <= 122) letters++;
    }
    const length = end - start;
    if (length > 32 || digits > letters || (length <= 3 && digits >= letters)) return;
    const word = text.slice(start, end);
    const rewritten = leetWord(word);
    if (rewritten === word) return;
    pushSignal(signals, 'leet', map, start, end);
    if (letters >= 2 && length >= 4) rewrittenWords++;
    out.push(text.slice(copied, start), rewritten);
    copied = end;
  };
  if (at) for (const pos of at) rewrite(pos);
  else for (const m of text.matchAll(LEET_PAIR)) rewrite(m.index ?? 0);
  if (out.length === 0) return text;
  out.push(text.slice(copied));
  const first = out.join('');
  return rewrittenWords >= LEET_CONTEXT_WORDS ? undoLeetInContext(first, map, signals, rewrittenWords) : first;
}

const CHARS_PER_WORD = 6;
/** Clearly leet words (mostly letters, rewritten) that make a text a leet context. */
const LEET_CONTEXT_WORDS = 3;
/** …and at least one word in this many must be one. */
const LEET_CONTEXT_DENSITY = 8;
const LEET_WORD = /[a-z0-9@$!|€]+/g;
/** Digits that are not leet letters: a word with one is a number or an id (`2024`, `h264`). */
const NON_LEET_DIGIT = /[26]/;
/** Long runs of hex digits are hashes and ids, leet context or not. */
const HEXISH = /^[0-9a-f]{6,}$/;

function leetWord(word: string): string {
  let rewritten = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i] as string;
    const to = LEET[c];
    rewritten += to !== undefined && leetApplies(c, word[i - 1], word[i + 1]) ? to : c;
  }
  return rewritten;
}

/** The second pass of `undoLeet`, run only in a leet context. */
function undoLeetInContext(text: string, map: OffsetMap, signals: Signal[], clearlyLeet: number): string {
  // Words estimated from the length (about six characters each, spaces included): a regex count over a
  // long ordinary text would cost more than the whole fold.
  if (clearlyLeet * LEET_CONTEXT_DENSITY * CHARS_PER_WORD < text.length) return text;
  return text.replace(LEET_WORD, (word, start: number) => {
    if (word.length > 12 || NON_LEET_DIGIT.test(word) || HEXISH.test(word) || !/[0-9]/.test(word)) return word;
    const rewritten = leetWord(word);
    if (rewritten !== word) pushSignal(signals, 'leet', map, start, start + word.length);
    return rewritten;
  });
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', sol: '/', bsol: '\\', colon: ':',
  lsqb: '[', rsqb: ']', lpar: '(', rpar: ')', vert: '|', equals: '=', num: '#', excl: '!', period: '.',
};
const INLINE_TEST = /%[0-9a-f]{2}|&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/;
const INLINE = /(?:%[0-9a-f]{2})+|&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/g;

interface InlineReplacement extends Replacement {
  readonly kind: 'url_encoding' | 'html_entities';
}

function findInlineEncodings(text: string): InlineReplacement[] {
  if (!INLINE_TEST.test(text)) return [];
  const out: InlineReplacement[] = [];
  for (const m of text.matchAll(INLINE)) {
    const raw = m[0];
    const start = m.index ?? 0;
    if (raw.startsWith('%')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        continue; // not valid UTF-8 percent-encoding: leave it
      }
      out.push({ kind: 'url_encoding', start, end: start + raw.length, text: decoded.toLowerCase() });
      continue;
    }
    const body = raw.slice(1, -1);
    let decoded: string | undefined;
    if (body.startsWith('#x')) decoded = codePoint(parseInt(body.slice(2), 16));
    else if (body.startsWith('#')) decoded = codePoint(parseInt(body.slice(1), 10));
    else decoded = NAMED_ENTITIES[body];
    if (decoded !== undefined) out.push({ kind: 'html_entities', start, end: start + raw.length, text: decoded.toLowerCase() });
  }
  return out;
}

function codePoint(cp: number): string | undefined {
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return String.fromCodePoint(cp);
}
