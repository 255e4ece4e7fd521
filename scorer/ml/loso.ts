/**
 * Training with an honest calibration, and leave-one-source-out scoring.
 *
 * The probability the model reports must mean what it says on sources it has never seen, so Platt
 * scaling is fitted on *out-of-source* predictions: for every source among the training rows, a model
 * trained on the other sources scores it; those raw logits (with each row's label) fit the scaling,
 * which is then folded into the model trained on all the rows. An in-distribution split would measure
 * how well the model knows its own sources — far better than it knows new ones — and give scores that
 * are much too sure of themselves.
 *
 * Augmented copies (`prepare.augment`) are trained on with their source but never calibrated on.
 * Rows with conflicting labels (`Row.conflict`) are neither trained nor calibrated on.
 *
 * The evaluation repeats the whole procedure inside every fold (nested: the held-out source takes no
 * part in the calibration either). A model trained without a set of sources is needed by several folds
 * (without {a, b} scores b inside fold a and a inside fold b), so `FoldCache` trains each set once.
 */
import type { SparseVector } from '../src/detectors/ml/features';
import type { Row } from './dataset';
import { applyPlatt, DEFAULT_TRAIN, fitPlatt, predict, train, type LinearModel, type TrainSettings } from './linear';
import { examplesOf, rowWeights, DEFAULT_WEIGHTS, type WeightSettings } from './prepare';

/** Calibration settings (recorded in the manifest). */
export interface CalibrationSettings {
  /**
   * The share of attacks the calibrated probability assumes. Out-of-source predictions are weighted
   * so that attacks make up this share of the calibration set: 0.5 gives the odds of a balanced mix;
   * a lower prior asks for proportionally stronger evidence before the score passes a threshold.
   */
  readonly prior: number;
}

export const DEFAULT_CALIBRATION: CalibrationSettings = { prior: 0.2 };

/** Calibrated attack probability and jailbreak probability of one row. */
export interface RowScore {
  readonly p: number;
  readonly pJailbreak: number;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** The rows and their chunks, shared by every training of one run. */
export interface TrainingSet {
  readonly rows: readonly Row[];
  readonly chunks: readonly SparseVector[][];
  /** Weight-matrix rows of the model (`slotCount(features)`). */
  readonly slots: number;
  readonly train: TrainSettings;
  readonly weights: WeightSettings;
  readonly calibration: CalibrationSettings;
}

/** Builds a training set with the default settings unless given. */
export function trainingSet(
  rows: readonly Row[],
  chunks: readonly SparseVector[][],
  slots: number,
  opts: { train?: TrainSettings; weights?: WeightSettings; calibration?: CalibrationSettings } = {},
): TrainingSet {
  return { rows, chunks, slots, train: opts.train ?? DEFAULT_TRAIN, weights: opts.weights ?? DEFAULT_WEIGHTS, calibration: opts.calibration ?? DEFAULT_CALIBRATION };
}

/** Models trained on "every source except these", each trained once per run. */
export class FoldCache {
  readonly #set: TrainingSet;
  readonly #models = new Map<string, LinearModel>();
  /** Called after each training (for progress logs). */
  onTrain?: (excluded: readonly string[], ms: number) => void;
  trainings = 0;

  constructor(set: TrainingSet) {
    this.#set = set;
  }

  /** The model trained on every row whose source is not in `excluded`. */
  without(excluded: readonly string[]): LinearModel {
    const key = [...excluded].sort().join('\u0000');
    let m = this.#models.get(key);
    if (!m) {
      const t0 = Date.now();
      const skip = new Set(excluded);
      const idx: number[] = [];
      this.#set.rows.forEach((r, i) => {
        if (!skip.has(r.source) && !r.conflict) idx.push(i);
      });
      m = fitOn(this.#set, idx);
      this.#models.set(key, m);
      this.trainings++;
      this.onTrain?.(excluded, Date.now() - t0);
    }
    return m;
  }
}

function fitOn(set: TrainingSet, idx: readonly number[]): LinearModel {
  const sub = idx.map((i) => set.rows[i] as Row);
  const weights = rowWeights(sub, set.weights);
  return train(examplesOf(sub, idx.map((i) => set.chunks[i] as SparseVector[]), weights), set.slots, set.train);
}

/** Row weights for calibration: the training weights, with attacks rescaled to the prior's share. */
export function calibrationWeights(rows: readonly Row[], ws: WeightSettings, cs: CalibrationSettings): number[] {
  const w = rowWeights(rows, ws);
  let pos = 0;
  let neg = 0;
  rows.forEach((r, i) => {
    if (r.y === 1) pos += w[i] as number;
    else neg += w[i] as number;
  });
  const k = pos > 0 ? ((cs.prior / (1 - cs.prior)) * neg) / pos : 1;
  return rows.map((r, i) => (r.y === 1 ? (w[i] as number) * k : (w[i] as number)));
}

/** What `trainCalibrated` returns. */
export interface CalibratedModel {
  readonly model: LinearModel;
  readonly platt: { a: number; c: number };
  /** The out-of-source raw logits the calibration was fitted on, by row index. */
  readonly oofLogits: ReadonlyMap<number, number>;
}

/**
 * Trains on every source except `excluded` and calibrates on that set's own leave-one-source-out
 * predictions. With `excluded` empty this is the committed model.
 */
export function trainCalibrated(set: TrainingSet, cache: FoldCache, excluded: readonly string[] = []): CalibratedModel {
  const skip = new Set(excluded);
  const sources = [...new Set(set.rows.map((r) => r.source))].filter((s) => !skip.has(s));
  const oof = new Map<number, number>();
  for (const s of sources) {
    const m = cache.without([...excluded, s]);
    set.rows.forEach((r, i) => {
      if (r.source === s && !r.augmented && !r.conflict) oof.set(i, predict(m, set.chunks[i] as SparseVector[]).logit);
    });
  }
  const idx = [...oof.keys()].sort((a, b) => a - b);
  const calRows = idx.map((i) => set.rows[i] as Row);
  const platt = fitPlatt(idx.map((i) => oof.get(i) as number), calRows.map((r) => r.y), calibrationWeights(calRows, set.weights, set.calibration));
  return { model: applyPlatt(cache.without(excluded), platt), platt, oofLogits: oof };
}

/** Scores rows with a calibrated model. */
export function scoreWith(m: LinearModel, chunks: readonly SparseVector[][], idx: readonly number[]): Map<number, RowScore> {
  const out = new Map<number, RowScore>();
  for (const i of idx) {
    const p = predict(m, chunks[i] as SparseVector[]);
    out.set(i, { p: sigmoid(p.logit), pJailbreak: sigmoid(p.jailbreakLogit) });
  }
  return out;
}

/** The model used to score each source under leave-one-source-out: trained and calibrated without it. */
export function losoModels(set: TrainingSet, cache: FoldCache, onFold?: (source: string, ms: number) => void): Map<string, LinearModel> {
  const out = new Map<string, LinearModel>();
  for (const source of [...new Set(set.rows.map((r) => r.source))]) {
    const t0 = Date.now();
    out.set(source, trainCalibrated(set, cache, [source]).model);
    onFold?.(source, Date.now() - t0);
  }
  return out;
}
