/**
 * Decode, then scan: turns each text into views that detectors match on, with offset maps back to the
 * original text so every span points at what the caller sent.
 *
 * - `clean`: NFKC, invisible characters removed. Case and digits kept (for PII and secrets).
 * - `folded`: clean + lowercase, look-alikes, spread-out letters, leetspeak, URL/HTML decoding.
 * - `decoded`: one view per decoded payload (base64, hex, ROT13, tag characters, variation selectors),
 *   themselves normalised, up to a bounded depth and size.
 */
import { cleanText } from './clean';
import { DEFAULT_BUDGET, findEncodedTokens, looksRot13, MAX_DECODE_DEPTH, rot13View, type DecodeBudget } from './decode';
import { foldView } from './fold';
import { scanFeatures } from './features';
import type { Signal } from './signals';
import { ArrayMap, RangeMap, type OffsetMap, type TextView } from './view';
import type { Segment, Subject } from '../engine/types';

export type { Signal, SignalKind } from './signals';
export type { TextView, OffsetMap } from './view';
export { spanToOriginal } from './view';

/** A text and its views. */
export interface NormalizedText {
  readonly original: string;
  readonly clean: TextView;
  readonly folded: TextView;
  /** Decoded payloads, normalised and folded; maps point into `original`. */
  readonly decoded: readonly TextView[];
  /** Obfuscation facts, with ranges in `original`. */
  readonly signals: readonly Signal[];
}

/** A segment of a subject with its normalised text. */
export interface NormalizedSegment extends NormalizedText {
  readonly index: number;
  readonly segment: Segment;
  /**
   * What detectors derive from this segment and share within one evaluation (rule hits, document
   * analysis), each under a key of its own. A field of the segment rather than a WeakMap per detector:
   * WeakMap entries are ephemerons, and at 32 KB their garbage-collection cost showed in the p99.
   */
  readonly memo: Map<symbol, unknown>;
}

/** A segment's normalised form, with an empty memo. */
export function normalizeSegment(segment: Segment, index: number, budget?: DecodeBudget): NormalizedSegment {
  return { index, segment, ...normalizeText(segment.text, budget), memo: new Map() };
}

/** What detectors receive: the subject and each segment normalised once. */
export interface NormalizedSubject {
  readonly subject: Subject;
  readonly segments: readonly NormalizedSegment[];
}

/** Normalises one text. */
export function normalizeText(text: string, budget: DecodeBudget = { ...DEFAULT_BUDGET }): NormalizedText {
  return normalizeAt(text, 0, budget);
}

/** Normalises every segment of a subject; the decode budget is per segment. */
export function normalizeSubject(subject: Subject): NormalizedSubject {
  return {
    subject,
    segments: subject.segments.map((segment, index) => normalizeSegment(segment, index)),
  };
}

/** The views a pattern detector should match on: folded first, then every decoded view. */
export function scanViews(n: NormalizedText): readonly TextView[] {
  return n.decoded.length === 0 ? [n.folded] : [n.folded, ...n.decoded];
}

function normalizeAt(text: string, depth: number, budget: DecodeBudget): NormalizedText {
  let features = scanFeatures(text);
  const cleaned = cleanText(text, features.plain);
  const signals: Signal[] = cleaned.signals;
  const clean = cleaned.view;
  if (clean.text !== text) features = scanFeatures(clean.text);
  const folded = foldView(clean, features, signals);
  const decoded: TextView[] = [];

  if (depth < MAX_DECODE_DEPTH) {
    for (const payload of cleaned.payloads) {
      if (budget.chars <= 0) break;
      const inner = normalizeAt(payload.text.slice(0, budget.chars), depth + 1, budget);
      budget.chars -= payload.text.length;
      const outer = new ArrayMap(Int32Array.from(payload.starts), Int32Array.from(payload.ends));
      pushDecoded(decoded, inner, payload.via, (view) => compose(view.map, outer, view.text.length));
    }
    for (const token of findEncodedTokens(clean.text, features, budget)) {
      const [s, e] = clean.map.toOriginal(token.start, token.end);
      signals.push({ kind: token.via, start: s, end: e, inWord: false });
      const inner = normalizeAt(token.text, depth + 1, budget);
      const range = new RangeMap(s, e);
      pushDecoded(decoded, inner, token.via, () => range);
    }
  }
  if (looksRot13(folded.text)) decoded.push(rot13View(folded, signals));
  return { original: text, clean, folded, decoded, signals };
}

/** Adds a decoded text's folded view and its own decoded views, re-mapped into the outer original. */
function pushDecoded(out: TextView[], inner: NormalizedText, via: string, remap: (view: TextView) => OffsetMap): void {
  out.push({ kind: 'decoded', via, text: inner.folded.text, map: remap(inner.folded) });
  for (const d of inner.decoded) out.push({ kind: 'decoded', via: `${via}>${d.via ?? '?'}`, text: d.text, map: remap(d) });
}

/** `inner` maps view → payload indices; `outer` maps payload → original indices. */
function compose(inner: OffsetMap, outer: OffsetMap, length: number): OffsetMap {
  if (length === 0) return outer;
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const [a, b] = inner.toOriginal(i, i + 1);
    const [s, e] = outer.toOriginal(a, Math.max(a + 1, b));
    starts[i] = s;
    ends[i] = e;
  }
  return new ArrayMap(starts, ends);
}
