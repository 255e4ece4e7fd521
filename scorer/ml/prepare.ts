/**
 * From rows to training examples: normalise each text exactly as the detector does, featurise every
 * view, and weight rows so that no single source or class dominates.
 */
import { DEFAULT_FEATURES, type FeatureSettings, type SparseVector } from '../src/detectors/ml/features';
import { segmentChunks } from '../src/detectors/ml/segment-features';
import { normalizeText } from '../src/normalize';
import type { Row } from './dataset';
import type { Example } from './linear';

/** The chunks the detector would score for `text` as a user message (the same code path). */
export function chunksOf(text: string, settings: FeatureSettings = DEFAULT_FEATURES): SparseVector[] {
  const seg = { index: 0, segment: { role: 'user' as const, text }, ...normalizeText(text) };
  return segmentChunks(seg, settings).map((c) => c.chunk);
}

/** Weighting settings (recorded in the manifest). */
export interface WeightSettings {
  /** A (source, class) group larger than this is down-weighted to this total. */
  readonly groupCap: number;
  /** Multiplier for `harmful` rows (negatives that are not benign chat). */
  readonly harmfulWeight: number;
}

export const DEFAULT_WEIGHTS: WeightSettings = { groupCap: 600, harmfulWeight: 0.5 };

/** Row weights: capped per (source, class), then positives rescaled to the negatives' total. */
export function rowWeights(rows: readonly Row[], s: WeightSettings = DEFAULT_WEIGHTS): number[] {
  const groups = new Map<string, number>();
  const key = (r: Row): string => `${r.source}\u0000${r.y}`;
  for (const r of rows) groups.set(key(r), (groups.get(key(r)) ?? 0) + 1);
  const w = rows.map((r) => {
    const n = groups.get(key(r)) as number;
    return Math.min(1, s.groupCap / n) * (r.kind === 'harmful' ? s.harmfulWeight : 1);
  });
  let pos = 0;
  let neg = 0;
  rows.forEach((r, i) => {
    if (r.y === 1) pos += w[i] as number;
    else neg += w[i] as number;
  });
  const scale = pos > 0 && neg > 0 ? neg / pos : 1;
  return rows.map((r, i) => (r.y === 1 ? (w[i] as number) * scale : (w[i] as number)));
}

/** Examples for the trainer. `chunks[i]` belongs to `rows[i]`. */
export function examplesOf(rows: readonly Row[], chunks: readonly SparseVector[][], weights: readonly number[]): Example[] {
  return rows.map((r, i) => ({ chunks: chunks[i] as SparseVector[], y: r.y, jailbreak: r.kind === 'jailbreak' ? 1 : 0, weight: weights[i] as number }));
}
