/**
 * Stage 1 of normalisation: NFKC per character cluster and removal of invisible characters, with an
 * offset map. Tag characters are removed too, but their ASCII payload is returned so it can be scanned.
 */
import { isUtf8 } from 'node:buffer';
import { ArrayMap, IDENTITY, type TextView } from './view';
import { isBidiControl, isCombining, isInvisible, isNfkcStableUnit, isTagChar } from './tables';
import type { Signal } from './signals';

/** Anything the slow path must look at: invisible, bidi, tag or variation-selector characters. */
const SPECIAL = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ud834\udb40]/;

/**
 * Text smuggled in invisible characters: tag characters mirror ASCII; runs of variation selectors can
 * carry arbitrary bytes (one byte each). Each payload character keeps the original range it came from.
 */
export interface HiddenPayload {
  readonly via: 'tags' | 'variation_selectors';
  readonly text: string;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/** The result of the clean stage. */
export interface CleanResult {
  readonly view: TextView;
  readonly payloads: readonly HiddenPayload[];
  readonly signals: Signal[];
}

/** Fewer variation selectors than this in a row are ordinary emoji presentation, not a payload. */
const MIN_VS_PAYLOAD = 4;

/**
 * NFKC + invisible-character removal with an offset map back to `text`. `plain` (from the feature scan)
 * says the text is only printable ASCII and Hangul syllables: already clean.
 */
export function cleanText(text: string, plain: boolean): CleanResult {
  if (plain) return { view: { kind: 'clean', text, map: IDENTITY }, payloads: [], signals: [] };
  if (!SPECIAL.test(text) && text.normalize('NFKC') === text) {
    return { view: { kind: 'clean', text, map: IDENTITY }, payloads: [], signals: [] };
  }
  return slowClean(text);
}

function slowClean(text: string): CleanResult {
  const n = text.length;
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const signals: Signal[] = [];
  const tags = { text: '', starts: [] as number[], ends: [] as number[] };
  const payloads: HiddenPayload[] = [];
  let vsBytes: number[] = [];
  let vsStarts: number[] = [];
  let vsEnds: number[] = [];
  const flushVariation = (): void => {
    if (vsBytes.length >= MIN_VS_PAYLOAD) {
      const decoded = decodeUtf8(vsBytes);
      if (decoded !== undefined) {
        // Multi-byte characters make the decoded text shorter than the byte run: map each character to
        // the whole run rather than guess.
        const s0 = vsStarts[0] ?? 0;
        const e0 = vsEnds[vsEnds.length - 1] ?? 0;
        payloads.push({ via: 'variation_selectors', text: decoded, starts: Array(decoded.length).fill(s0), ends: Array(decoded.length).fill(e0) });
        signals.push({ kind: 'variation_payload', start: s0, end: e0, inWord: false });
      }
    }
    vsBytes = [];
    vsStarts = [];
    vsEnds = [];
  };
  let invisibleStart = -1;
  let invisibleEnd = -1;
  let invisibleBidi = false;

  const flushInvisible = (): void => {
    if (invisibleStart < 0) return;
    signals.push({ kind: invisibleBidi ? 'bidi_control' : 'invisible', start: invisibleStart, end: invisibleEnd, inWord: false });
    invisibleStart = -1;
    invisibleBidi = false;
  };

  for (let i = 0; i < n; ) {
    const unit = text.charCodeAt(i);
    if (isNfkcStableUnit(unit) && !(i + 1 < n && isCombining(text.charCodeAt(i + 1)))) {
      flushInvisible();
      flushVariation();
      out.push(text[i] as string);
      starts.push(i);
      ends.push(i + 1);
      i++;
      continue;
    }
    const cp = text.codePointAt(i) ?? unit;
    const len = cp > 0xffff ? 2 : 1;
    if (isTagChar(cp)) {
      if (cp >= 0xe0020 && cp <= 0xe007e) {
        tags.text += String.fromCharCode(cp - 0xe0000);
        tags.starts.push(i);
        tags.ends.push(i + len);
      }
      if (invisibleStart < 0) invisibleStart = i;
      invisibleEnd = i + len;
      i += len;
      continue;
    }
    if (isInvisible(cp) || isBidiControl(cp)) {
      const vsByte = variationByte(cp);
      if (vsByte >= 0) {
        vsBytes.push(vsByte);
        vsStarts.push(i);
        vsEnds.push(i + len);
      } else {
        flushVariation();
      }
      if (invisibleStart < 0) invisibleStart = i;
      invisibleEnd = i + len;
      if (isBidiControl(cp)) invisibleBidi = true;
      i += len;
      continue;
    }
    flushInvisible();
    flushVariation();
    let j = i + len;
    while (j < n && isCombining(text.charCodeAt(j))) j++;
    const norm = text.slice(i, j).normalize('NFKC');
    for (let k = 0; k < norm.length; k++) {
      out.push(norm[k] as string);
      starts.push(i);
      ends.push(j);
    }
    i = j;
  }
  flushInvisible();
  flushVariation();

  const clean = out.join('');
  // An invisible character between two letters or digits splits a word: the classic evasion.
  for (const s of signals) {
    const before = s.start > 0 ? text.charCodeAt(s.start - 1) : 0;
    const after = s.end < n ? text.charCodeAt(s.end) : 0;
    s.inWord = isWordUnit(before) && isWordUnit(after);
  }
  if (tags.text.length > 0) {
    payloads.push({ via: 'tags', ...tags });
    signals.push({ kind: 'tag_payload', start: tags.starts[0] ?? 0, end: tags.ends[tags.ends.length - 1] ?? 0, inWord: false });
  }
  return {
    view: { kind: 'clean', text: clean, map: new ArrayMap(Int32Array.from(starts), Int32Array.from(ends)) },
    payloads,
    signals,
  };
}

/** Variation selector → the byte it encodes (VS1–16 → 0–15, VS17–256 → 16–255), or -1. */
function variationByte(cp: number): number {
  if (cp >= 0xfe00 && cp <= 0xfe0f) return cp - 0xfe00;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return cp - 0xe0100 + 16;
  return -1;
}

/** Bytes → text when they are valid UTF-8 and mostly printable; otherwise undefined. */
export function decodeUtf8(bytes: ArrayLike<number> | Buffer): string | undefined {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(Uint8Array.from(bytes));
  // isUtf8 checks without throwing: decoding junk is the common case here, and exceptions are slow.
  if (!isUtf8(buf)) return undefined;
  const text = buf.toString('utf8');
  return isMostlyPrintable(text) ? text : undefined;
}

/** At least 90 % letters, digits, punctuation or whitespace, and no NUL. */
export function isMostlyPrintable(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c < 0xa0) || c === 0xfffd) bad++;
  }
  return bad / text.length <= 0.1;
}

const WORD_UNIT = /[\p{L}\p{N}]/u;

function isWordUnit(unit: number): boolean {
  return unit !== 0 && WORD_UNIT.test(String.fromCharCode(unit));
}
