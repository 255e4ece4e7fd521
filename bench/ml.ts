/**
 * `npm run bench:ml`: latency of the ML detector alone (features + rules + one onnxruntime run over a
 * pre-normalised subject) and of the full `evaluate()` with and without the model, on 1 KB and 4 KB
 * prompts from the fixed benchmark corpus. Prints JSON.
 * Goals (issue "Detection quality"): ML detector p99 ≤ 1 ms at 1 KB; full pipeline with ML p99 ≤ 1.5 ms at 1 KB.
 */
import { performance } from 'node:perf_hooks';
import { createMlDetector, loadInjectionModel } from '../scorer/src/detectors/ml';
import { DEFAULT_MODEL_DIR } from '../scorer/src/detectors/ml/paths';
import { createDefaultRegistry } from '../scorer/src/detectors/registry';
import { createEngine } from '../scorer/src/engine/evaluate';
import type { Subject } from '../scorer/src/engine/types';
import { normalizeSubject } from '../scorer/src/normalize';
import { loadEmbeddedDefaults } from '../policy/store/policy-set';
import { corpus } from './corpus';
import { percentile, r1 } from './stats';

const SIZES = [
  { label: '1KB', bytes: 1024, iterations: 10_000 },
  { label: '4KB', bytes: 4096, iterations: 4_000 },
];

async function time(iterations: number, warmup: number, run: (i: number) => Promise<unknown>): Promise<{ p50_us: number; p99_us: number; max_us: number; per_s: number }> {
  for (let i = 0; i < warmup; i++) await run(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await run(i);
    samples.push((performance.now() - t0) * 1000);
  }
  const total = (performance.now() - start) / 1000;
  return { p50_us: r1(percentile(samples, 50)), p99_us: r1(percentile(samples, 99)), max_us: r1(percentile(samples, 100)), per_s: Math.round(iterations / total) };
}

async function main(): Promise<void> {
  const model = await loadInjectionModel(DEFAULT_MODEL_DIR);
  const detector = createMlDetector(model);
  const withMl = createDefaultRegistry({ mlModel: model });
  const withoutMl = createDefaultRegistry();
  const engineMl = createEngine(withMl);
  const engineNoMl = createEngine(withoutMl);
  const policy = loadEmbeddedDefaults(withMl).default;
  const never = new AbortController().signal;
  const opts = { decisionId: 'bench' };
  const results: Record<string, unknown> = {};
  for (const size of SIZES) {
    const subjects: Subject[] = corpus(size.bytes, 200).map((text, i) => ({ direction: 'request', segments: [{ role: 'user', text }], meta: { requestId: `bench-${i}` } }));
    const normalized = subjects.map((s) => normalizeSubject(s));
    const pick = <T>(list: T[], i: number): T => list[i % list.length] as T;
    let mlRuns = 0;
    results[size.label] = {
      // The segments' memo would keep the first call's rule hits and later calls would skip the rule
      // scan: emptied per call, so every call pays features + rules + one run, as when the model runs alone.
      ml_detector: await time(size.iterations, 1000, (i) => {
        const n = pick(normalized, i);
        for (const seg of n.segments) seg.memo.clear();
        return detector.detect(n, detector.defaultConfig, never) as Promise<unknown>;
      }),
      evaluate_with_ml: await time(size.iterations, 1000, async (i) => {
        const v = await engineMl.evaluate(pick(subjects, i), policy, undefined, opts);
        if (v.findings.some((f) => f.detector === 'ml.injection')) mlRuns++;
      }),
      evaluate_without_ml: await time(size.iterations, 1000, (i) => engineNoMl.evaluate(pick(subjects, i), policy, undefined, opts)),
      ml_findings_fraction: Math.round((mlRuns / size.iterations) * 1000) / 1000,
    };
  }
  const at = (label: string, key: string): number => ((results[label] as Record<string, { p99_us: number }>)[key] as { p99_us: number }).p99_us;
  const goals = { ml_p99_1KB_le_1000us: at('1KB', 'ml_detector') <= 1000, pipeline_with_ml_p99_1KB_le_1500us: at('1KB', 'evaluate_with_ml') <= 1500 };
  await model.close();
  process.stdout.write(`${JSON.stringify({ bench: 'ml', node: process.version, date: new Date().toISOString(), model: `${model.manifest.name}@${model.manifest.version}`, results, goals }, null, 2)}\n`);
}

void main();
