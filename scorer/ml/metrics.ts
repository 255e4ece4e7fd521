/** Detection metrics: ROC AUC, TPR at a target FPR, and confusion counts at a threshold. */

/** Scores of attacks (positives) and of benign texts (negatives). */
export interface Scored {
  readonly pos: readonly number[];
  readonly neg: readonly number[];
}

/** ROC AUC by ranks (ties count half); NaN when a class is empty. */
export function rocAuc({ pos, neg }: Scored): number {
  if (pos.length === 0 || neg.length === 0) return NaN;
  const all = [...pos.map((s) => ({ s, p: 1 })), ...neg.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && (all[j] as { s: number }).s === (all[i] as { s: number }).s) j++;
    const avg = (i + j + 1) / 2; // ranks are 1-based
    for (let k = i; k < j; k++) if ((all[k] as { p: number }).p === 1) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/**
 * The lowest threshold whose FPR (share of negatives scoring ≥ it) is at most `fpr`: everything
 * strictly above the k-th highest negative, k = floor(fpr · n).
 */
export function thresholdAtFpr(neg: readonly number[], fpr: number): number {
  if (neg.length === 0) return 0.5;
  const sorted = [...neg].sort((a, b) => b - a);
  const k = Math.floor(fpr * sorted.length);
  const t = sorted[k] as number;
  // Strictly above the (k+1)-th highest negative: at most k negatives pass.
  return nextUp(t);
}

function nextUp(x: number): number {
  return x + Math.max(1e-12, Math.abs(x) * 1e-12);
}

/** Confusion counts and rates at `threshold` (score ≥ threshold is flagged). */
export interface Confusion {
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
  readonly tn: number;
  readonly tpr: number;
  readonly fpr: number;
}

export function confusion({ pos, neg }: Scored, threshold: number): Confusion {
  const tp = pos.filter((s) => s >= threshold).length;
  const fp = neg.filter((s) => s >= threshold).length;
  return {
    tp,
    fn: pos.length - tp,
    fp,
    tn: neg.length - fp,
    tpr: pos.length > 0 ? tp / pos.length : NaN,
    fpr: neg.length > 0 ? fp / neg.length : NaN,
  };
}
