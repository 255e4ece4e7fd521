/** Small helpers shared by benchmarks: percentiles over microsecond samples. */
import { performance } from 'node:perf_hooks';

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

/**
 * The machine's own tail: a fixed arithmetic loop that allocates nothing, sized to take about as long
 * as the code under test and timed between its samples. Its p99 over p50 is the part of a tail that
 * the host adds (other tenants, interrupts) rather than the code: on a quiet core it is close to 1.
 */
export class HostLoop {
  readonly #data = new Float64Array(1024).map((_, i) => i);
  #n = 1;
  sink = 0;

  #run(n: number): void {
    const d = this.#data;
    let s = this.sink;
    for (let r = 0; r < n; r++) for (let i = 0; i < d.length; i++) s += (d[i] as number) * 1.0001;
    this.sink = s;
  }

  /** Sizes the loop to `targetUs` (warmed up first, so it is timed compiled). */
  calibrate(targetUs: number): void {
    this.#run(2000);
    const per: number[] = [];
    for (let k = 0; k < 9; k++) {
      const t0 = performance.now();
      this.#run(200);
      per.push(((performance.now() - t0) * 1000) / 200);
    }
    this.#n = Math.max(1, Math.round(targetUs / percentile(per, 50)));
  }

  /** One timed run, µs. */
  time(): number {
    const t0 = performance.now();
    this.#run(this.#n);
    return (performance.now() - t0) * 1000;
  }
}
