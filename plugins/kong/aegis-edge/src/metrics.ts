/**
 * The plugin server process's own Prometheus metrics, served on `EDGE_METRICS_PORT` (`GET /metrics`).
 * `aegis_bypassed_total` and `aegis_ratelimited_total` are Core's own definitions (`sharedGatewayMetrics`),
 * so one dashboard panel sums Core and every Kong node; the rest is edge-only (`aegis_edge_*`).
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sharedGatewayMetrics } from '../../../../scorer/src/telemetry/metrics';

/** What happened to a request at the edge. */
export type EdgeOutcome = 'allow' | 'mask' | 'block_edge' | 'block_core' | 'ratelimited' | 'bypass' | 'unavailable' | 'bad_request' | 'skipped';

/** Every metric of the edge plugin. */
export class EdgeMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'phase' | 'outcome' | 'route'>;
  readonly bypassed: Counter<'reason' | 'route'>;
  readonly ratelimited: Counter<'source' | 'route'>;
  readonly coreCalls: Histogram<'method' | 'result'>;
  readonly phaseDuration: Histogram<'phase'>;
  readonly circuitOpen: Gauge<'endpoint'>;
  readonly limiterFallbacks: Counter<'reason'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'aegis_edge_requests_total', help: 'Requests seen by the aegis-edge plugin, by phase and outcome.', labelNames: ['phase', 'outcome', 'route'], registers });
    ({ bypassed: this.bypassed, ratelimited: this.ratelimited } = sharedGatewayMetrics(registers));
    this.coreCalls = new Histogram({
      name: 'aegis_edge_core_call_duration_seconds',
      help: 'Calls from the edge to Core (Inspect, AnalyzeOutput), by result.',
      labelNames: ['method', 'result'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.phaseDuration = new Histogram({
      name: 'aegis_edge_phase_duration_seconds',
      help: 'Time inside the plugin per phase, PDK round trips to Kong included.',
      labelNames: ['phase'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.circuitOpen = new Gauge({ name: 'aegis_edge_core_circuits_open', help: 'Circuits to Core that are open (Core is not called), per Core address: one circuit per distinct health setting of the routes.', labelNames: ['endpoint'], registers });
    this.limiterFallbacks = new Counter({ name: 'aegis_edge_ratelimit_fallbacks_total', help: 'Rate-limit hits counted in-process because Redis was unreachable.', labelNames: ['reason'], registers });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'aegis_edge_' });
  }
}

/** Serves `GET /metrics` (Prometheus text format) on `host:port`; port 0 picks a free one. */
export function serveMetrics(metrics: EdgeMetrics, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.unref();
      resolve(server);
    });
  });
}
