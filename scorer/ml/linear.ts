/**
 * The trainer: two logistic heads over hashed n-gram features, trained by Adagrad with a fixed seed.
 *
 * - head 0, attack: a text is as suspicious as its most suspicious chunk (multiple-instance learning
 *   with max pooling): each step scores every chunk, and the loss and gradient go through the top one.
 * - head 1, jailbreak vs injection: trained on attacks only, on the chunk head 0 picked; it only
 *   chooses the category of a finding.
 *
 * Plain float64 arithmetic in a fixed order with a seeded shuffle: the same data gives the same
 * weights, bit for bit.
 */
import type { SparseVector } from '../src/detectors/ml/features';
import { rng } from './synth/template';

/** One training example: a text's chunks (all views), its label and weight. */
export interface Example {
  readonly chunks: readonly SparseVector[];
  readonly y: 0 | 1;
  /** 1 when the attack is a jailbreak (head 1's label); ignored for negatives. */
  readonly jailbreak: 0 | 1;
  readonly weight: number;
}

/** Trainer settings (recorded in the manifest). */
export interface TrainSettings {
  readonly epochs: number;
  readonly lr: number;
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN: TrainSettings = { epochs: 6, lr: 0.15, l2: 1e-4, seed: 1337 };

/** Weights interleaved per slot: `w[2 * slot + head]`. */
export interface LinearModel {
  readonly buckets: number;
  readonly w: Float64Array;
  readonly b: [number, number];
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function dot(w: Float64Array, head: number, v: SparseVector): number {
  let s = 0;
  const ids = v.ids;
  const vals = v.vals;
  for (let i = 0; i < ids.length; i++) s += (w[2 * (ids[i] as number) + head] as number) * (vals[i] as number);
  return s;
}

/** Index and logit of the highest-scoring chunk for head 0 (-1 when there are no chunks). */
export function topChunk(m: LinearModel, chunks: readonly SparseVector[]): { index: number; logit: number } {
  let best = -1;
  let logit = -Infinity;
  for (let c = 0; c < chunks.length; c++) {
    const s = dot(m.w, 0, chunks[c] as SparseVector) + m.b[0];
    if (s > logit) {
      logit = s;
      best = c;
    }
  }
  return { index: best, logit: best < 0 ? m.b[0] : logit };
}

/** Trains both heads. */
export function train(examples: readonly Example[], buckets: number, s: TrainSettings = DEFAULT_TRAIN): LinearModel {
  const w = new Float64Array(2 * buckets);
  const g2 = new Float64Array(2 * buckets);
  const b: [number, number] = [0, 0];
  const bg2 = [0, 0];
  const m: LinearModel = { buckets, w, b };
  const rand = rng(s.seed);
  const order = examples.map((_, i) => i);
  const eps = 1e-8;

  const step = (head: number, v: SparseVector, g: number): void => {
    const ids = v.ids;
    const vals = v.vals;
    for (let i = 0; i < ids.length; i++) {
      const k = 2 * (ids[i] as number) + head;
      const grad = g * (vals[i] as number) + s.l2 * (w[k] as number);
      const acc = (g2[k] as number) + grad * grad;
      g2[k] = acc;
      w[k] = (w[k] as number) - (s.lr * grad) / (Math.sqrt(acc) + eps);
    }
    const bacc = (bg2[head] as number) + g * g;
    bg2[head] = bacc;
    b[head] = b[head] - (s.lr * g) / (Math.sqrt(bacc) + eps);
  };

  for (let epoch = 0; epoch < s.epochs; epoch++) {
    // Fisher–Yates with the seeded generator.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (const i of order) {
      const ex = examples[i] as Example;
      if (ex.chunks.length === 0) continue;
      const top = topChunk(m, ex.chunks);
      const chunk = ex.chunks[top.index] as SparseVector;
      step(0, chunk, (sigmoid(top.logit) - ex.y) * ex.weight);
      if (ex.y === 1) {
        const s1 = dot(w, 1, chunk) + b[1];
        step(1, chunk, (sigmoid(s1) - ex.jailbreak) * ex.weight);
      }
    }
  }
  return m;
}

/** Head 0's max-chunk logit and head 1's logit on that chunk. */
export function predict(m: LinearModel, chunks: readonly SparseVector[]): { logit: number; jailbreakLogit: number } {
  const top = topChunk(m, chunks);
  if (top.index < 0) return { logit: top.logit, jailbreakLogit: m.b[1] };
  return { logit: top.logit, jailbreakLogit: dot(m.w, 1, chunks[top.index] as SparseVector) + m.b[1] };
}

/** Platt scaling: `a` and `c` minimising the weighted log-loss of sigmoid(a·s + c). */
export function fitPlatt(scores: readonly number[], ys: readonly number[], weights: readonly number[]): { a: number; c: number } {
  const loss = (a: number, c: number): number => {
    let l = 0;
    for (let i = 0; i < scores.length; i++) {
      const z = a * (scores[i] as number) + c;
      // log(1 + e^z) - y·z, computed without overflow
      const soft = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      l += (weights[i] as number) * (soft - (ys[i] as number) * z);
    }
    return l;
  };
  let a = 1;
  let c = 0;
  let current = loss(a, c);
  // Newton's method with backtracking: plain Newton overshoots when the scores are far apart.
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gc = 0;
    let haa = 1e-9;
    let hac = 0;
    let hcc = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number;
      const wt = weights[i] as number;
      const p = sigmoid(a * s + c);
      const d = (p - (ys[i] as number)) * wt;
      const h = p * (1 - p) * wt;
      ga += d * s;
      gc += d;
      haa += h * s * s;
      hac += h * s;
      hcc += h;
    }
    const det = haa * hcc - hac * hac;
    if (Math.abs(det) < 1e-12) break;
    const da = (hcc * ga - hac * gc) / det;
    const dc = (haa * gc - hac * ga) / det;
    let step = 1;
    let next = loss(a - da, c - dc);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, c - step * dc);
    }
    if (next > current) break;
    a -= step * da;
    c -= step * dc;
    const done = Math.abs(step * da) + Math.abs(step * dc) < 1e-10 || current - next < 1e-12 * Math.max(1, current);
    current = next;
    if (done) break;
  }
  return { a, c };
}

/** Folds Platt scaling of head 0 into the weights, so the exported model outputs calibrated probabilities. */
export function applyPlatt(m: LinearModel, platt: { a: number; c: number }): LinearModel {
  const w = Float64Array.from(m.w);
  for (let k = 0; k < w.length; k += 2) w[k] = (w[k] as number) * platt.a;
  return { buckets: m.buckets, w, b: [m.b[0] * platt.a + platt.c, m.b[1]] };
}
