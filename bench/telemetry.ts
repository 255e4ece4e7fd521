/**
 * Telemetry overhead on the full decision pipeline (`CoreService.inspectRequest`: parse, evaluate,
 * observers) at 4 KB: metrics + tracing on vs off in one run, calls alternating one by one so machine
 * noise hits both modes alike. "On" is what production runs with an OTLP endpoint: the metrics observer, a
 * recording tracer provider with a batch processor (spans handed to an exporter that drops them, so no
 * network is measured), and the async context manager.
 */
import { performance } from 'node:perf_hooks';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { loadConfig } from '../scorer/src/config';
import { createDefaultRegistry } from '../scorer/src/detectors/registry';
import { createEngine } from '../scorer/src/engine/evaluate';
import { CoreService } from '../scorer/src/service';
import { createLogger } from '../scorer/src/telemetry/logger';
import { AegisMetrics } from '../scorer/src/telemetry/metrics';
import { loadEmbeddedDefaults } from '../policy/store/policy-set';
import { corpus } from './corpus';
import { percentile, r1 } from './stats';

class DroppingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/**
 * Runs the comparison; returns the JSON section for bench:engine. 30k pairs: at 10k the p99 (the
 * 100th slowest call) moved by ±7 % from run to run on this machine.
 */
export async function telemetryOverhead(iterations = 30_000): Promise<Record<string, unknown>> {
  const registry = createDefaultRegistry();
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const on = new CoreService(createEngine(registry), loadEmbeddedDefaults(registry), config, createLogger('silent'));
  const off = new CoreService(createEngine(registry), loadEmbeddedDefaults(registry), config, createLogger('silent'));
  const metrics = new AegisMetrics({ defaultMetrics: false });
  metrics.trackPolicies(() => on.policies);
  on.addObserver(metrics.observer());
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new DroppingExporter())] });
  const manager = new AsyncLocalStorageContextManager();
  const enable = (yes: boolean): void => {
    trace.disable();
    context.disable();
    if (yes) {
      context.setGlobalContextManager(manager.enable());
      trace.setGlobalTracerProvider(provider);
    }
  };
  const bodies = corpus(4096, 200).map((text) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }));
  const samples: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const once = async (mode: 'off' | 'on', body: string, id: string, record: boolean): Promise<void> => {
    enable(mode === 'on');
    const t0 = performance.now();
    await (mode === 'on' ? on : off).inspectRequest(body, { requestId: id, transport: 'bench', contentType: 'application/json' });
    if (record) samples[mode].push((performance.now() - t0) * 1000);
  };
  // Warm both paths, then alternate call by call (and which mode goes first) so machine noise hits
  // both modes alike.
  for (let i = 0; i < 1000; i++) {
    await once('off', bodies[i % bodies.length] as string, `w${i}`, false);
    await once('on', bodies[i % bodies.length] as string, `w${i}`, false);
  }
  for (let i = 0; i < iterations; i++) {
    const body = bodies[i % bodies.length] as string;
    const [first, second]: Array<'off' | 'on'> = i % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    await once(first as 'off' | 'on', body, `b${i}`, true);
    await once(second as 'off' | 'on', body, `b${i}`, true);
  }
  enable(false);
  await provider.shutdown();
  const p99Off = percentile(samples.off, 99);
  const p99On = percentile(samples.on, 99);
  return {
    size: '4KB',
    samples_per_mode: samples.off.length,
    off: { p50_us: r1(percentile(samples.off, 50)), p99_us: r1(p99Off) },
    on: { p50_us: r1(percentile(samples.on, 50)), p99_us: r1(p99On) },
    p99_ratio_on_off: Math.round((p99On / p99Off) * 1000) / 1000,
    goal_p99_added_le_5pct: p99On <= p99Off * 1.05,
  };
}
