/**
 * From rows to training examples: normalise each text exactly as the detector does, featurise every
 * view, and weight rows so that no single source or class dominates.
 */
import { DEFAULT_FEATURES, type FeatureSettings, type SparseVector } from '../src/detectors/ml/features';
import { ALL_RULES } from '../src/detectors/pattern';
import { segmentChunks } from '../src/detectors/ml/segment-features';
import { normalizeSegment } from '../src/normalize';
import type { Row } from './dataset';
import { obfuscate } from './obfuscate';
import type { Example } from './linear';

/**
 * The committed model's features: the detector's defaults plus one slot per pattern rule (every
 * built-in rule at training time; the manifest lists them, so later rules are simply not features).
 */
export const MODEL_FEATURES: FeatureSettings = {
  ...DEFAULT_FEATURES,
  rules: { ids: ALL_RULES.map((r) => r.id), value: 1 },
};

/** The chunks the detector would score for `text` as a user message (the same code path). */
export function chunksOf(text: string, settings: FeatureSettings = MODEL_FEATURES): SparseVector[] {
  const seg = normalizeSegment({ role: 'user', text }, 0);
  return segmentChunks(seg, settings).map((c) => c.chunk);
}

/** Weighting settings (recorded in the manifest). */
export interface WeightSettings {
  /** A (source, class) group larger than this is down-weighted to this total. */
  readonly groupCap: number;
  /** Multiplier for `harmful` rows (negatives that are not benign chat). */
  readonly harmfulWeight: number;
  /** Multiplier for augmented copies (`augment`). */
  readonly augmentedWeight: number;
}

export const DEFAULT_WEIGHTS: WeightSettings = { groupCap: 600, harmfulWeight: 0.5, augmentedWeight: 0.5 };

/**
 * Training-only copies: every row whose text changes when the letters of its longer words are spread
 * out with single spaces (`i g n o r e all p r e v i o u s`). The normaliser joins such letters, but
 * cannot tell where one spread word ends and the next begins (`previousinstructions`), so the model
 * must learn those merged forms from both classes. A copy keeps its row's source, so leave-one-source-out
 * never trains on a copy of a held-out row.
 */
export function augment(rows: readonly Row[]): Row[] {
  const out: Row[] = [];
  for (const r of rows) {
    const spaced = obfuscate(r.text, 'spacing', 0);
    if (spaced !== r.text) out.push({ ...r, text: spaced, augmented: true });
  }
  return out;
}

/** Row weights: capped per (source, class), then positives rescaled to the negatives' total. */
export function rowWeights(rows: readonly Row[], s: WeightSettings = DEFAULT_WEIGHTS): number[] {
  const groups = new Map<string, number>();
  const key = (r: Row): string => `${r.source}\u0000${r.y}`;
  for (const r of rows) if (!r.augmented) groups.set(key(r), (groups.get(key(r)) ?? 0) + 1);
  const w = rows.map((r) => {
    const n = groups.get(key(r)) ?? 1;
    return Math.min(1, s.groupCap / n) * (r.kind === 'harmful' ? s.harmfulWeight : 1) * (r.augmented ? s.augmentedWeight : 1);
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
