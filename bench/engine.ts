/**
 * `npm run bench:engine`: latency of `evaluate()` on 1 KB, 4 KB and 32 KB prompts from a fixed corpus,
 * then the telemetry overhead on the full decision pipeline (bench/telemetry.ts). Prints JSON.
 *
 * Two configurations, both with the embedded default policy's thresholds:
 * - `patterns`: the normaliser + the pattern and obfuscation detectors — the scope of the engine goals
 *   (p99 ≤ 100 µs at 4 KB, ≤ 1.5 ms at 32 KB);
 * - `default_pipeline`: every detector the default policy enables (adds pii, rag, agent, leak; the ML
 *   model has its own benchmark, `bench:ml`), for reference.
 *
 * `host_loop_p50_us` / `host_loop_p99_us` per size: a loop that allocates nothing, sized to the
 * median check and timed after every sample (`HostLoop`): its p99 is the tail the host itself adds.
 */
import { performance } from 'node:perf_hooks';
import { createDefaultRegistry } from '../scorer/src/detectors/registry';
import { createEngine, type Engine } from '../scorer/src/engine/evaluate';
import type { Policy } from '../scorer/src/engine/policy';
import type { Subject } from '../scorer/src/engine/types';
import { loadEmbeddedDefaults } from '../policy/store/policy-set';
import { corpus } from './corpus';
import { HostLoop, percentile, r1 } from './stats';
import { telemetryOverhead } from './telemetry';

const SIZES = [
  { label: '1KB', bytes: 1024, iterations: 20_000 },
  { label: '4KB', bytes: 4096, iterations: 10_000 },
  { label: '32KB', bytes: 32_768, iterations: 2_000 },
];

interface SizeResult {
  iterations: number;
  p50_us: number;
  p99_us: number;
  max_us: number;
  checks_per_s: number;
  blocked_fraction: number;
  host_loop_p50_us: number;
  host_loop_p99_us: number;
}

async function measure(engine: Engine, policy: Policy, scale = 1): Promise<Record<string, SizeResult>> {
  const results: Record<string, SizeResult> = {};
  for (const size of SIZES) {
    const iterations = Math.max(200, Math.round(size.iterations * scale));
    const subjects: Subject[] = corpus(size.bytes, 200).map((text, i) => ({
      direction: 'request',
      segments: [{ role: 'user', text }],
      meta: { requestId: `bench-${i}` },
    }));
    const opts = { decisionId: 'bench' };
    const warm: number[] = [];
    for (let i = 0; i < 2_000 * scale; i++) {
      const t0 = performance.now();
      await engine.evaluate(subjects[i % subjects.length] as Subject, policy, undefined, opts);
      warm.push((performance.now() - t0) * 1000);
    }
    const host = new HostLoop();
    host.calibrate(percentile(warm.slice(-200), 50));
    const samples: number[] = [];
    const hostSamples: number[] = [];
    let blocked = 0;
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      const v = await engine.evaluate(subjects[i % subjects.length] as Subject, policy, undefined, opts);
      samples.push((performance.now() - t0) * 1000);
      if (v.action === 'block') blocked++;
      hostSamples.push(host.time());
    }
    const totalS = samples.reduce((a, b) => a + b, 0) / 1e6;
    results[size.label] = {
      iterations,
      p50_us: r1(percentile(samples, 50)),
      p99_us: r1(percentile(samples, 99)),
      max_us: r1(percentile(samples, 100)),
      checks_per_s: Math.round(iterations / totalS),
      blocked_fraction: Math.round((blocked / iterations) * 1000) / 1000,
      host_loop_p50_us: r1(percentile(hostSamples, 50)),
      host_loop_p99_us: r1(percentile(hostSamples, 99)),
    };
  }
  return results;
}

async function main(): Promise<void> {
  const registry = createDefaultRegistry();
  const engine = createEngine(registry);
  const defaults = loadEmbeddedDefaults(registry).default;
  // Same thresholds; only the detectors of the engine goals switched on.
  const enabled = new Set(['pattern', 'obfuscation']);
  const patternsOnly: Policy = {
    ...defaults,
    id: 'bench-patterns',
    detectors: Object.fromEntries(registry.ids().map((id) => [id, { enabled: enabled.has(id) }])),
  };
  const patterns = await measure(engine, patternsOnly);
  const pipeline = await measure(engine, defaults, 0.25);
  const telemetry = await telemetryOverhead();
  const goals = {
    patterns_p99_4KB_le_100us: (patterns['4KB'] as SizeResult).p99_us <= 100,
    patterns_p99_32KB_le_1500us: (patterns['32KB'] as SizeResult).p99_us <= 1500,
    telemetry_p99_added_le_5pct: telemetry.goal_p99_added_le_5pct,
  };
  const out = {
    bench: 'engine',
    node: process.version,
    date: new Date().toISOString(),
    patterns: { detectors: [...enabled], results: patterns },
    default_pipeline: { detectors: registry.list().filter((d) => defaults.detectors?.[d.id]?.enabled ?? d.enabledByDefault).map((d) => d.id), results: pipeline },
    telemetry,
    goals,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

void main();
