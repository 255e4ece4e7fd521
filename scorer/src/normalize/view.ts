/**
 * A text view is a transformed copy of a segment's text plus an offset map back to the original, so a
 * detector can match on de-obfuscated text and still report spans in the caller's coordinates.
 */

/** How a view was derived from the original text. */
export type ViewKind = 'clean' | 'folded' | 'decoded';

/** Maps a range of view indices back to a range of original indices. */
export interface OffsetMap {
  /** Original `[start, end)` for the view range `[start, end)`; `end > start` required. */
  toOriginal(start: number, end: number): [number, number];
}

/** The identity map: views that only changed characters one for one (lowercase, leet, ROT13). */
export const IDENTITY: OffsetMap = { toOriginal: (start, end) => [start, end] };

/** Each view character knows the original range it came from. */
export class ArrayMap implements OffsetMap {
  constructor(
    readonly starts: Int32Array,
    readonly ends: Int32Array,
  ) {}

  toOriginal(start: number, end: number): [number, number] {
    const last = Math.max(start, end - 1);
    return [this.starts[start] ?? 0, this.ends[last] ?? 0];
  }
}

/** Every character of the view comes from one original range (text decoded from a base64 token, say). */
export class RangeMap implements OffsetMap {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  toOriginal(): [number, number] {
    return [this.start, this.end];
  }
}

/** A transformed copy of a text and how to find its characters in the original. */
export interface TextView {
  readonly kind: ViewKind;
  /** For decoded views: the chain of decoders, e.g. `base64` or `base64>rot13`. */
  readonly via?: string;
  readonly text: string;
  readonly map: OffsetMap;
}

/** A replacement of `[start, end)` in a view's text by `text` (decoding `%41` to `A`, say). */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies non-overlapping replacements (sorted by start) to a text whose characters map to the original
 * through `map`, and returns the new text with a composed map: every replacement character maps to the
 * original range of the text it replaced.
 */
export function applyReplacements(
  text: string,
  map: OffsetMap,
  replacements: readonly Replacement[],
): { text: string; map: OffsetMap } {
  if (replacements.length === 0) return { text, map };
  let outLen = text.length;
  for (const r of replacements) outLen += r.text.length - (r.end - r.start);
  const starts = new Int32Array(outLen);
  const ends = new Int32Array(outLen);
  const parts: string[] = [];
  let cursor = 0;
  let o = 0;
  const copy = (from: number, to: number): void => {
    for (let i = from; i < to; i++, o++) {
      const [s, e] = map.toOriginal(i, i + 1);
      starts[o] = s;
      ends[o] = e;
    }
  };
  for (const r of replacements) {
    if (r.start < cursor) continue; // overlapping: keep the first
    parts.push(text.slice(cursor, r.start));
    copy(cursor, r.start);
    parts.push(r.text);
    const [s, e] = r.end > r.start ? map.toOriginal(r.start, r.end) : map.toOriginal(r.start, r.start + 1);
    for (let k = 0; k < r.text.length; k++, o++) {
      starts[o] = s;
      ends[o] = e;
    }
    cursor = r.end;
  }
  parts.push(text.slice(cursor));
  copy(cursor, text.length);
  const out = parts.join('');
  // Overlap skipping can leave the arrays longer than the text; trim to the real length.
  return { text: out, map: new ArrayMap(starts.subarray(0, out.length), ends.subarray(0, out.length)) };
}

/** Maps a view span to the original; an empty span maps to an empty original span at its position. */
export function spanToOriginal(view: TextView, start: number, end: number): [number, number] {
  if (end <= start) {
    const [s] = view.map.toOriginal(start, start + 1);
    return [s, s];
  }
  return view.map.toOriginal(start, end);
}
