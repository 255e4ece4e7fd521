/**
 * `npm run bench:engine`: latency of `evaluate()` (normaliser + every registered detector, the embedded
 * default policy) on 1 KB, 4 KB and 32 KB prompts from a fixed corpus, then the telemetry overhead on
 * the full decision pipeline (bench/telemetry.ts). Prints JSON.
 * Goals: p99 ≤ 100 µs at 4 KB, ≤ 1.5 ms at 32 KB; metrics + tracing add ≤ 5 % to the pipeline p99.
 */
import { performance } from 'node:perf_hooks';
import { createDefaultRegistry } from '../scorer/src/detectors/registry';
import { createEngine } from '../scorer/src/engine/evaluate';
import type { Subject } from '../scorer/src/engine/types';
import { loadEmbeddedDefaults } from '../policy/store/policy-set';
import { corpus } from './corpus';
import { percentile, r1 } from './stats';
import { telemetryOverhead } from './telemetry';

const SIZES = [
  { label: '1KB', bytes: 1024, iterations: 20_000 },
  { label: '4KB', bytes: 4096, iterations: 10_000 },
  { label: '32KB', bytes: 32_768, iterations: 2_000 },
];

async function main(): Promise<void> {
  const registry = createDefaultRegistry();
  const engine = createEngine(registry);
  const policy = loadEmbeddedDefaults(registry).default;
  const results: Record<string, unknown> = {};
  for (const size of SIZES) {
    const subjects: Subject[] = corpus(size.bytes, 200).map((text, i) => ({
      direction: 'request',
      segments: [{ role: 'user', text }],
      meta: { requestId: `bench-${i}` },
    }));
    const opts = { decisionId: 'bench' };
    for (let i = 0; i < 2_000; i++) await engine.evaluate(subjects[i % subjects.length] as Subject, policy, undefined, opts);
    const samples: number[] = [];
    let blocked = 0;
    const start = performance.now();
    for (let i = 0; i < size.iterations; i++) {
      const t0 = performance.now();
      const v = await engine.evaluate(subjects[i % subjects.length] as Subject, policy, undefined, opts);
      samples.push((performance.now() - t0) * 1000);
      if (v.action === 'block') blocked++;
    }
    const totalS = (performance.now() - start) / 1000;
    results[size.label] = {
      iterations: size.iterations,
      p50_us: r1(percentile(samples, 50)),
      p99_us: r1(percentile(samples, 99)),
      max_us: r1(percentile(samples, 100)),
      checks_per_s: Math.round(size.iterations / totalS),
      blocked_fraction: Math.round((blocked / size.iterations) * 1000) / 1000,
    };
  }
  const telemetry = await telemetryOverhead();
  const goals = {
    p99_4KB_le_100us: (results['4KB'] as { p99_us: number }).p99_us <= 100,
    p99_32KB_le_1500us: (results['32KB'] as { p99_us: number }).p99_us <= 1500,
    telemetry_p99_added_le_5pct: telemetry.goal_p99_added_le_5pct,
  };
  process.stdout.write(`${JSON.stringify({ bench: 'engine', node: process.version, date: new Date().toISOString(), results, telemetry, goals }, null, 2)}\n`);
}

void main();
