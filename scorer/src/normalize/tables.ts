/**
 * Character tables for the normaliser. Homoglyphs are the look-alikes attackers use to slip past word
 * lists (Cyrillic `о` for Latin `o`); NFKC already folds fullwidth and mathematical letters, so only
 * cross-script look-alikes are listed here, in lowercase because folding runs after lowercasing.
 */

/** Cross-script look-alike → Latin letter. One UTF-16 unit each way, so folding keeps offsets. */
const HOMOGLYPH_PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic
  ['а', 'a'], ['в', 'b'], ['е', 'e'], ['ё', 'e'], ['к', 'k'], ['м', 'm'], ['н', 'h'], ['о', 'o'],
  ['р', 'p'], ['с', 'c'], ['т', 't'], ['у', 'y'], ['х', 'x'], ['ѕ', 's'], ['і', 'i'], ['ї', 'i'],
  ['ј', 'j'], ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['һ', 'h'], ['ӏ', 'l'], ['ɡ', 'g'], ['ь', 'b'],
  ['г', 'r'], ['п', 'n'], ['ѵ', 'v'], ['ү', 'y'], ['ᴄ', 'c'], ['ᴏ', 'o'],
  // Greek
  ['α', 'a'], ['β', 'b'], ['γ', 'y'], ['ε', 'e'], ['η', 'n'], ['ι', 'i'], ['κ', 'k'], ['ν', 'v'],
  ['ο', 'o'], ['ρ', 'p'], ['τ', 't'], ['υ', 'u'], ['χ', 'x'], ['ω', 'w'], ['ϲ', 'c'], ['ϳ', 'j'],
  // Latin look-alikes outside ASCII
  ['ı', 'i'], ['ɑ', 'a'], ['ɩ', 'i'], ['ʟ', 'l'], ['ɪ', 'i'], ['ȷ', 'j'], ['ɵ', 'o'], ['ſ', 's'],
  // Armenian
  ['օ', 'o'], ['ս', 'u'], ['հ', 'h'], ['ո', 'n'], ['ց', 'g'], ['զ', 'q'],
];

/** Code unit → Latin code unit, 0 when the unit is not a look-alike. */
export const HOMOGLYPHS: Uint16Array = (() => {
  const table = new Uint16Array(0x10000);
  for (const [from, to] of HOMOGLYPH_PAIRS) table[from.charCodeAt(0)] = to.charCodeAt(0);
  return table;
})();

/** Matches any character the homoglyph table folds (a quick test before the per-character pass). */
export const HOMOGLYPH_TEST = new RegExp(`[${HOMOGLYPH_PAIRS.map(([f]) => f).join('')}]`);

/** Leetspeak digits and symbols → letters. */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', '$': 's', '!': 'i', '|': 'l', '€': 'e',
};

/**
 * Invisible or formatting characters that change nothing a reader sees: zero-width spaces and joiners,
 * the soft hyphen, bidi controls, variation selectors, fillers. Tag characters (U+E0000–E007F) are
 * handled separately because they can carry a hidden ASCII payload.
 */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || cp === 0x034f || cp === 0x061c || cp === 0x115f || cp === 0x1160 ||
    cp === 0x17b4 || cp === 0x17b5 || (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) || cp === 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff || cp === 0xffa0 || (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/** Bidirectional overrides and isolates ("Trojan Source" reordering). */
export function isBidiControl(cp: number): boolean {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f;
}

/** Unicode tag characters; U+E0020–E007E mirror printable ASCII. */
export function isTagChar(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}

/** Combining marks that NFKC may compose with the preceding base character. */
export function isCombining(unit: number): boolean {
  return (
    (unit >= 0x0300 && unit <= 0x036f) || (unit >= 0x1ab0 && unit <= 0x1aff) ||
    (unit >= 0x1dc0 && unit <= 0x1dff) || (unit >= 0x20d0 && unit <= 0x20ff) ||
    (unit >= 0xfe20 && unit <= 0xfe2f) || unit === 0x3099 || unit === 0x309a ||
    (unit >= 0x1160 && unit <= 0x11ff)
  );
}

/** Code units that are their own NFKC form and need no per-character normalisation. */
export function isNfkcStableUnit(unit: number): boolean {
  return (
    unit < 0x80 || (unit >= 0xac00 && unit <= 0xd7a3) || (unit >= 0x4e00 && unit <= 0x9fff) ||
    (unit >= 0x3041 && unit <= 0x3096) || (unit >= 0x30a1 && unit <= 0x30fa) ||
    (unit >= 0x0400 && unit <= 0x04ff) || (unit >= 0x00c0 && unit <= 0x00ff)
  );
}
