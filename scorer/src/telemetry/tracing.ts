/**
 * The one place that starts the OpenTelemetry SDK. Library code only uses `@opentelemetry/api`: without
 * this SDK every span is a no-op, and the engine skips its stage spans entirely when the decision span
 * is not recording, so tracing that is off costs nothing measurable.
 */
import { trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/** A started SDK. */
export interface Tracing {
  /** Exports every finished span now. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts tracing when an OTLP endpoint is configured (or an exporter is given, in tests); returns
 * undefined and starts nothing otherwise.
 */
export function startTracing(options: { endpoint?: string; serviceName: string; version: string; exporter?: SpanExporter }): Tracing | undefined {
  if (options.endpoint === undefined && options.exporter === undefined) return undefined;
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/$/, '')}/v1/traces` });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName, [ATTR_SERVICE_VERSION]: options.version }),
    traceExporter: exporter,
    // Spans are made by hand (decision and pipeline stages); no auto-instrumentation of every module.
    instrumentations: [],
  });
  sdk.start();
  const provider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as { forceFlush?: () => Promise<void> };
  return { flush: async () => provider.forceFlush?.(), shutdown: () => sdk.shutdown() };
}
