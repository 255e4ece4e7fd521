/** Small helpers shared by benchmarks: percentiles over microsecond samples. */

/** The p-th percentile (0..100) of `samples` (sorted in place). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  samples.sort((a, b) => a - b);
  const idx = Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1));
  return samples[idx] as number;
}

/** Rounds to 0.1. */
export function r1(x: number): number {
  return Math.round(x * 10) / 10;
}
