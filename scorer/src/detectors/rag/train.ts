/**
 * Training for the indirect-injection model: logistic regression over the unit features, fitted by
 * Newton's method (deterministic, no randomness, converges in a few dozen steps for ~25 features).
 * Used by `npm run train:rag` (writes `weights.ts`) and `npm run eval:rag` (leave-out evaluation), and
 * by a test that re-trains and compares with the shipped weights.
 */
import { normalizeText } from '../../normalize';
import { extractUnits, FEATURE_COUNT, FEATURES } from './features';

/** One labelled training document. `attack` is the injected text's range in `text`, if any. */
export interface TrainingDoc {
  readonly text: string;
  readonly attack?: readonly [number, number];
}

/** A labelled unit: 1 = the first unit of an injected instruction, 0 = document content. */
export interface Sample {
  readonly x: Float64Array;
  readonly y: 0 | 1;
}

/** A fitted linear model. */
export interface LinearModel {
  readonly weights: readonly number[];
  readonly bias: number;
}

/**
 * Units of a document with labels. Units inside the injected text after its first one (a code block
 * under "use the following code") carry no label: they are neither content nor the instruction.
 */
export function samplesOf(doc: TrainingDoc): Sample[] {
  const n = normalizeText(doc.text);
  const view = n.folded;
  const out: Sample[] = [];
  let seenAttack = false;
  for (const u of extractUnits(view.text)) {
    const [s, e] = view.map.toOriginal(u.start, u.end);
    const inside = doc.attack !== undefined && s < doc.attack[1] && e > doc.attack[0];
    if (inside) {
      if (!seenAttack) out.push({ x: u.features, y: 1 });
      seenAttack = true;
    } else out.push({ x: u.features, y: 0 });
  }
  return out;
}

/**
 * Fits `sigmoid(w·x + b)` with an L2 penalty `l2` towards `priors` (0 for features not named there) and
 * per-class weights.
 */
export function fitLogistic(samples: readonly Sample[], l2 = 0.5, positiveWeight = 1, priors: Readonly<Record<string, number>> = {}): LinearModel {
  const d = FEATURE_COUNT + 1; // last = bias
  const mu = new Float64Array(d);
  FEATURES.forEach((name, i) => (mu[i] = priors[name] ?? 0));
  const w = Float64Array.from(mu);
  for (let iter = 0; iter < 60; iter++) {
    const grad = new Float64Array(d);
    const hess = Array.from({ length: d }, () => new Float64Array(d));
    for (const s of samples) {
      let z = w[d - 1] as number;
      for (let i = 0; i < FEATURE_COUNT; i++) z += (w[i] as number) * (s.x[i] as number);
      const p = 1 / (1 + Math.exp(-z));
      const cw = s.y === 1 ? positiveWeight : 1;
      const g = cw * (p - s.y);
      const h = cw * p * (1 - p);
      for (let i = 0; i < d; i++) {
        const xi = i === d - 1 ? 1 : (s.x[i] as number);
        if (xi === 0) continue;
        grad[i] = (grad[i] as number) + g * xi;
        const row = hess[i] as Float64Array;
        for (let j = 0; j < d; j++) {
          const xj = j === d - 1 ? 1 : (s.x[j] as number);
          if (xj !== 0) row[j] = (row[j] as number) + h * xi * xj;
        }
      }
    }
    for (let i = 0; i < d - 1; i++) {
      grad[i] = (grad[i] as number) + l2 * ((w[i] as number) - (mu[i] as number));
      (hess[i] as Float64Array)[i] = ((hess[i] as Float64Array)[i] as number) + l2;
    }
    (hess[d - 1] as Float64Array)[d - 1] = ((hess[d - 1] as Float64Array)[d - 1] as number) + 1e-6;
    const step = solve(hess, grad);
    // A full Newton step can overshoot from a start far from the optimum (units saturated at the prior
    // weights) and then diverge; halve it until the objective does not rise. Where full steps descend,
    // as on the shipped model's data, this changes nothing.
    const before = objective(samples, w, mu, l2, positiveWeight);
    let t = 1;
    let next = stepped(w, step, t);
    for (let k = 0; k < 50 && objective(samples, next, mu, l2, positiveWeight) > before + 1e-9 * Math.abs(before); k++) next = stepped(w, step, (t /= 2));
    let change = 0;
    for (let i = 0; i < d; i++) change = Math.max(change, Math.abs((next[i] as number) - (w[i] as number)));
    w.set(next);
    if (change < 1e-9) break;
  }
  return { weights: Array.from(w.subarray(0, FEATURE_COUNT)), bias: w[d - 1] as number };
}

function stepped(w: Float64Array, step: Float64Array, t: number): Float64Array {
  return w.map((x, i) => x - t * (step[i] as number));
}

/** The penalised weighted log-loss `fitLogistic` minimises (last entry of `w` = bias). */
function objective(samples: readonly Sample[], w: Float64Array, mu: Float64Array, l2: number, positiveWeight: number): number {
  const d = FEATURE_COUNT + 1;
  let loss = 0;
  for (const s of samples) {
    let z = w[d - 1] as number;
    for (let i = 0; i < FEATURE_COUNT; i++) z += (w[i] as number) * (s.x[i] as number);
    // log(1 + e^z) - y·z without overflow
    const soft = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += (s.y === 1 ? positiveWeight : 1) * (soft - s.y * z);
  }
  for (let i = 0; i < d - 1; i++) loss += (l2 / 2) * ((w[i] as number) - (mu[i] as number)) ** 2;
  return loss;
}

/** Solves `A x = b` by Gaussian elimination with partial pivoting (A is small and well-conditioned). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m: Float64Array[] = a.map((row, i) => {
    const r = new Float64Array(n + 1);
    r.set(row);
    r[n] = b[i] as number;
    return r;
  });
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs((m[r] as Float64Array)[col] as number) > Math.abs((m[pivot] as Float64Array)[col] as number)) pivot = r;
    const tmp = m[col] as Float64Array;
    m[col] = m[pivot] as Float64Array;
    m[pivot] = tmp;
    const pr = m[col] as Float64Array;
    const pv = pr[col] as number;
    if (Math.abs(pv) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as Float64Array;
      const factor = (row[col] as number) / pv;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] as number) - factor * (pr[c] as number);
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = m[i] as Float64Array;
    const pv = row[i] as number;
    x[i] = Math.abs(pv) < 1e-12 ? 0 : (row[n] as number) / pv;
  }
  return x;
}

/** The raw score `w·x + b` of one unit. */
export function logit(model: LinearModel, x: Float64Array): number {
  let z = model.bias;
  for (let i = 0; i < FEATURE_COUNT; i++) z += (model.weights[i] as number) * (x[i] as number);
  return z;
}

/** A document's raw score: the highest unit logit (-Infinity for an empty document). */
export function documentLogit(model: LinearModel, samples: readonly Sample[]): number {
  let best = -Infinity;
  for (const s of samples) best = Math.max(best, logit(model, s.x));
  return best;
}

/**
 * The lowest logit threshold that keeps the false-positive rate on `benign` at or below `maxFpr`
 * (documents flagged when their logit is >= the threshold).
 */
export function thresholdFor(benignLogits: readonly number[], maxFpr: number): number {
  const sorted = [...benignLogits].sort((a, b) => b - a);
  const allowed = Math.floor(maxFpr * sorted.length);
  // Flag strictly above the (allowed+1)-th highest benign score.
  const edge = sorted[allowed];
  return edge === undefined ? -Infinity : edge + 1e-6;
}
