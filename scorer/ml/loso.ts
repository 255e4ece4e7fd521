/**
 * Leave-one-source-out: for every source, train on all the other sources and score the held-out one,
 * so every row gets a score from a model that never saw its source. Calibration inside a fold uses an
 * inner split of the fold's own training rows (train on 80 %, fit Platt on the other 20 %).
 */
import type { SparseVector } from '../src/detectors/ml/features';
import type { Row } from './dataset';
import { applyPlatt, DEFAULT_TRAIN, fitPlatt, predict, train, type LinearModel, type TrainSettings } from './linear';
import { examplesOf, rowWeights, DEFAULT_WEIGHTS, type WeightSettings } from './prepare';
import { rng } from './synth/template';

/** Calibrated attack probability and jailbreak probability of one row. */
export interface RowScore {
  readonly p: number;
  readonly pJailbreak: number;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Scores rows with a model. */
export function scoreWith(m: LinearModel, chunks: readonly SparseVector[][], idx: readonly number[]): Map<number, RowScore> {
  const out = new Map<number, RowScore>();
  for (const i of idx) {
    const p = predict(m, chunks[i] as SparseVector[]);
    out.set(i, { p: sigmoid(p.logit), pJailbreak: sigmoid(p.jailbreakLogit) });
  }
  return out;
}

/** Trains on `idx` and calibrates on an inner 20 % split (seeded). */
export function trainCalibrated(
  rows: readonly Row[],
  chunks: readonly SparseVector[][],
  idx: readonly number[],
  buckets: number,
  ts: TrainSettings = DEFAULT_TRAIN,
  ws: WeightSettings = DEFAULT_WEIGHTS,
): { model: LinearModel; platt: { a: number; c: number } } {
  const rand = rng(ts.seed ^ 0x5bd1e995);
  const calib: number[] = [];
  const fit: number[] = [];
  for (const i of idx) (rand() < 0.2 ? calib : fit).push(i);
  const inner = fitOn(rows, chunks, fit, buckets, ts, ws);
  const cw = rowWeights(calib.map((i) => rows[i] as Row), ws);
  const logits = calib.map((i) => predict(inner, chunks[i] as SparseVector[]).logit);
  const platt = fitPlatt(logits, calib.map((i) => (rows[i] as Row).y), cw);
  const full = fitOn(rows, chunks, idx, buckets, ts, ws);
  return { model: applyPlatt(full, platt), platt };
}

function fitOn(rows: readonly Row[], chunks: readonly SparseVector[][], idx: readonly number[], buckets: number, ts: TrainSettings, ws: WeightSettings): LinearModel {
  const sub = idx.map((i) => rows[i] as Row);
  const weights = rowWeights(sub, ws);
  return train(examplesOf(sub, idx.map((i) => chunks[i] as SparseVector[]), weights), buckets, ts);
}

/** Out-of-source scores for every row (index-aligned with `rows`). */
export function leaveOneSourceOut(
  rows: readonly Row[],
  chunks: readonly SparseVector[][],
  buckets: number,
  ts: TrainSettings = DEFAULT_TRAIN,
  ws: WeightSettings = DEFAULT_WEIGHTS,
  onFold?: (source: string, ms: number) => void,
): RowScore[] {
  const sources = [...new Set(rows.map((r) => r.source))];
  const scores: RowScore[] = new Array<RowScore>(rows.length);
  for (const source of sources) {
    const t0 = Date.now();
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    rows.forEach((r, i) => (r.source === source ? testIdx : trainIdx).push(i));
    const { model } = trainCalibrated(rows, chunks, trainIdx, buckets, ts, ws);
    for (const [i, s] of scoreWith(model, chunks, testIdx)) scores[i] = s;
    onFold?.(source, Date.now() - t0);
  }
  return scores;
}
