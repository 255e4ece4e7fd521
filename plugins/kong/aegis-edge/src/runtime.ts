/**
 * What every plugin instance in the plugin server process shares. kong-pdk makes a new instance per
 * route config (and again when an idle one expires), without telling the old one, so connections,
 * counters and the circuit state live here, keyed by the settings that shape them: one limiter per
 * Redis URL and key prefix, one Core link per Core address and health settings.
 */
import pino from 'pino';
import type { EdgeConfig } from '../../../../scorer/src/config';
import { createLimiter, type Limiter } from '../../../../scorer/src/ratelimit';
import { createLogger, type Logger } from '../../../../scorer/src/telemetry/logger';
import { CoreLink } from './core-link';
import { FastScreen } from './fast-screen';
import { EdgeMetrics, serveMetrics } from './metrics';
import type { EdgePluginConfig } from './schema';

/** Above this many distinct settings, the oldest limiter or link is closed (configs are few in practice). */
const MAX_SHARED = 32;

/** The process-wide state of the edge plugin. */
export class EdgeRuntime {
  readonly logger: Logger;
  readonly metrics: EdgeMetrics;
  readonly #limiters = new Map<string, Limiter>();
  readonly #links = new Map<string, CoreLink>();
  #screen: FastScreen | undefined;
  #metricsStarted = false;

  constructor(
    readonly env: EdgeConfig,
    options: { logger?: Logger; metrics?: EdgeMetrics } = {},
  ) {
    // Logs go to stderr: stdout of `--dump-all-plugins` must carry only the JSON Kong parses, and Kong
    // copies the plugin server's output into its error log either way.
    this.logger = options.logger ?? createLogger(env.logLevel, pino.destination({ dest: 2, sync: true }), 'aegis-edge');
    this.metrics = options.metrics ?? new EdgeMetrics();
  }

  /** The fast screen (its engine and policy are built on first use, not when Kong queries the plugin). */
  get screen(): FastScreen {
    this.#screen ??= new FastScreen();
    return this.#screen;
  }

  /** Starts the metrics listener once (EDGE_METRICS_PORT; 0 = none). A busy port is logged, not fatal. */
  startMetrics(): void {
    if (this.#metricsStarted || this.env.metricsPort === 0) return;
    this.#metricsStarted = true;
    serveMetrics(this.metrics, this.env.metricsPort, this.env.metricsHost).then(
      (server) => this.logger.info({ port: (server.address() as { port: number }).port }, 'aegis-edge metrics listening'),
      (err: Error) => this.logger.error({ err: err.message, port: this.env.metricsPort }, 'aegis-edge metrics port unavailable; no metrics from this process'),
    );
  }

  /** The limiter for a route's Redis settings. */
  limiter(cfg: EdgePluginConfig): Limiter {
    const key = `${cfg.redisUrl ?? 'memory'}|${cfg.redisKeyPrefix}`;
    let l = this.#limiters.get(key);
    if (!l) {
      l = createLimiter({ ...(cfg.redisUrl !== undefined ? { redisUrl: cfg.redisUrl } : {}), keyPrefix: cfg.redisKeyPrefix, logger: this.logger.child({ component: 'ratelimit' }), commandTimeoutMs: 200 });
      evictOldest(this.#limiters, (old) => void old.close());
      this.#limiters.set(key, l);
    }
    return l;
  }

  /** The Core link for a route's Core settings. */
  core(cfg: EdgePluginConfig): CoreLink {
    const key = [cfg.coreEndpoint, cfg.coreHealthCheckIntervalMs, cfg.coreHealthCheckTimeoutMs, cfg.coreFailureThreshold, cfg.coreRecoveryThreshold].join('|');
    let link = this.#links.get(key);
    if (!link) {
      const endpoint = cfg.coreEndpoint;
      const gauge = this.metrics.circuitOpen;
      gauge.inc({ endpoint }, 0);
      link = new CoreLink({
        endpoint,
        healthIntervalMs: cfg.coreHealthCheckIntervalMs,
        healthTimeoutMs: cfg.coreHealthCheckTimeoutMs,
        failureThreshold: cfg.coreFailureThreshold,
        recoveryThreshold: cfg.coreRecoveryThreshold,
        onStateChange: (state, why) => {
          gauge.inc({ endpoint }, state === 'open' ? 1 : -1);
          if (state === 'open') this.logger.warn({ component: 'core-link', endpoint, why }, 'circuit to Core opened: requests are not sent to Core');
          else this.logger.info({ component: 'core-link', endpoint, why }, 'circuit to Core closed: Core checks resume');
        },
      });
      evictOldest(this.#links, (old) => {
        if (old.breaker.state === 'open') gauge.dec({ endpoint: old.endpoint });
        old.close();
      });
      this.#links.set(key, link);
    }
    return link;
  }

  /** Closes every shared resource (tests, benchmarks). */
  async close(): Promise<void> {
    for (const l of this.#links.values()) l.close();
    this.#links.clear();
    await Promise.all([...this.#limiters.values()].map((l) => l.close()));
    this.#limiters.clear();
  }
}

function evictOldest<T>(map: Map<string, T>, close: (v: T) => void): void {
  if (map.size < MAX_SHARED) return;
  const first = map.entries().next().value;
  if (first === undefined) return;
  map.delete(first[0]);
  close(first[1]);
}
