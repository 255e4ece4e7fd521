/**
 * Stage 3 of normalisation: find encoded payloads (base64, hex, ROT13) and decode them into extra views.
 * Bounded in depth and size so a hostile body cannot make the normaliser do unbounded work.
 */
import { decodeUtf8 } from './clean';
import type { Signal } from './signals';
import type { TextView } from './view';
import type { TextFeatures } from './features';

/** Limits for decoding, shared by all nesting levels of one text. */
export interface DecodeBudget {
  /** Decoded characters still allowed. */
  chars: number;
  /** Candidate tokens still allowed. */
  candidates: number;
}

export const MAX_DECODE_DEPTH = 3;
export const DEFAULT_BUDGET = { chars: 65_536, candidates: 32 } as const;

/** An encoded token found in the clean view, and what it decodes to. */
export interface DecodedToken {
  readonly via: 'base64' | 'hex';
  /** Range in the clean view's text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

// `\x41` escapes, `0x41` lists, and space/colon-separated hex bytes (contiguous runs come from the
// feature scan).
const HEX_LIST = /(?:\\x[0-9a-fA-F]{2}){4,}|(?:0x[0-9a-fA-F]{2}[\s,]*){4,}|(?:[0-9a-fA-F]{2}[ :,]){5,}[0-9a-fA-F]{2}/g;
const HEX_ONLY = /^[0-9a-fA-F]+$/;
const HAS_LETTERS = /[A-Za-z\uac00-\ud7a3]{2}/;

/** Finds and decodes base64 and hex tokens in `text`, within `budget`. */
export function findEncodedTokens(text: string, features: TextFeatures, budget: DecodeBudget): DecodedToken[] {
  const out: DecodedToken[] = [];
  const consider = (raw: string, start: number): void => {
    if (budget.candidates <= 0 || budget.chars <= 0) return;
    const decoded = decodeToken(raw);
    if (decoded === undefined) return;
    budget.candidates--;
    const clipped = decoded.text.slice(0, budget.chars);
    budget.chars -= clipped.length;
    out.push({ via: decoded.via, start, end: start + raw.length, text: clipped });
  };
  for (const [start, end] of features.longRuns) consider(text.slice(start, end), start);
  if (features.hexList) {
    for (const m of text.matchAll(HEX_LIST)) consider(m[0], m.index ?? 0);
  }
  return out.sort((a, b) => a.start - b.start);
}

function decodeToken(raw: string): { via: 'base64' | 'hex'; text: string } | undefined {
  if (raw.startsWith('\\x') || raw.startsWith('0x') || /[ :,]/.test(raw) || (HEX_ONLY.test(raw) && raw.length % 2 === 0)) {
    const hex = raw.replace(/\\x|0x|[\s:,]/g, '');
    if (HEX_ONLY.test(hex) && hex.length % 2 === 0) {
      const text = decodeUtf8(Buffer.from(hex, 'hex'));
      if (text !== undefined && HAS_LETTERS.test(text)) return { via: 'hex', text };
    }
    if (!/^[A-Za-z0-9+/_-]+=*$/.test(raw)) return undefined;
  }
  const body = raw.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined; // impossible length for base64
  const bytes = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 8) return undefined;
  const text = decodeUtf8(bytes);
  if (text === undefined || !HAS_LETTERS.test(text) || !looksLikeWords(text)) return undefined;
  return { via: 'base64', text };
}

/** Decoded text should read like language (mostly letters and spaces), not a random printable jumble. */
function looksLikeWords(text: string): boolean {
  const wordish = text.match(/[\p{L}\s]/gu)?.length ?? 0;
  return wordish / text.length >= 0.6;
}

// Common English words as they look after ROT13 (the, and, you, your, this, that, with, all, ignore,
// previous, instructions, system, prompt, password, secret, reveal, print), and a "rot13" hint.
const ROT13_WORDS = /\b(?:gur|naq|lbh|lbhe|guvf|gung|jvgu|nyy|vtaber|cerivbhf|vafgehpgvbaf|flfgrz|cebzcg|cnffjbeq|frperg|erirny|cevag|(rot[\s-]?13))\b/g;

/** True when a folded text looks like it holds ROT13-encoded English: two such words, or a hint. */
export function looksRot13(folded: string): boolean {
  let count = 0;
  ROT13_WORDS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ROT13_WORDS.exec(folded)) !== null) {
    count += m[1] !== undefined ? 2 : 1;
    if (count >= 2) {
      ROT13_WORDS.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/** ROT13 of ASCII letters; everything else unchanged, so offsets are kept. */
export function rot13(text: string): string {
  return text.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
}

/** A ROT13 view of a folded view (same map). */
export function rot13View(folded: TextView, signals: Signal[]): TextView {
  const [s, e] = folded.map.toOriginal(0, Math.max(1, folded.text.length));
  signals.push({ kind: 'rot13', start: s, end: e, inWord: false });
  return { kind: 'decoded', via: 'rot13', text: rot13(folded.text), map: folded.map };
}
