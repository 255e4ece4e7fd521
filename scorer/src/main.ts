/**
 * Starts Core: configuration, logger, detectors, policies, the decision service, the rate limiter, the
 * REST server and the gRPC server (Envoy services, Aegis's Scorer, health). Used by `aegis serve` (and
 * by tests, which start real instances on free ports).
 */
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { loadConfig, type Config } from './config';
import { loadInjectionModel, type InjectionModel } from './detectors/ml';
import { createDefaultRegistry } from './detectors/registry';
import type { DetectorRegistry } from './engine/detector';
import { createEngine } from './engine/evaluate';
import { createPooledEngine, type PooledEngine } from './engine-pool/engine-pool';
import { createLimiter, type Limiter } from './ratelimit';
import { loadEmbeddedDefaults, loadPolicyFile, type PolicySet } from '../../policy/store/policy-set';
import type { PolicySync } from '../../policy/store/sync';
import { startPostgres } from './postgres';
import type { AuditLog } from './audit/audit-log';
import { CoreService } from './service';
import { createLogger, type Logger } from './telemetry/logger';
import { AegisMetrics } from './telemetry/metrics';
import { startTracing } from './telemetry/tracing';
import { HealthRegistry, overall, type HealthReport } from './transports/http/health';
import { createTokenServices } from './tokens';
import { buildHttpServer } from './transports/http/server';
import { startGrpcServer, type GrpcHandle } from './transports/grpc';

import { VERSION } from './version';

/** The package version, for health and `aegis --version`. */
export { VERSION };

/** A running Core. */
export interface CoreHandle {
  readonly config: Config;
  readonly service: CoreService;
  /** Component health probes; later subsystems (gRPC, Postgres, Redis, ML) register theirs. */
  readonly components: HealthRegistry;
  readonly metrics: AegisMetrics;
  readonly http: FastifyInstance;
  /** Base URL of the REST API, e.g. `http://127.0.0.1:8081`. */
  readonly url: string;
  readonly port: number;
  /** Present when POSTGRES_URL is set. */
  readonly pool?: Pool;
  readonly policySync?: PolicySync;
  readonly audit?: AuditLog;
  /** The gRPC server (GRPC_PORT). */
  readonly grpc: GrpcHandle;
  readonly grpcPort: number;
  readonly limiter: Limiter;
  close(): Promise<void>;
}

/** How to start Core; everything defaults to the environment. */
export interface StartOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly overrides?: Partial<Config>;
  readonly logger?: Logger;
  /** Detectors to use instead of the default registry (tests). */
  readonly registry?: DetectorRegistry;
  /** Policies to use instead of the configured ones (tests). */
  readonly policies?: PolicySet;
}

/** Loads the policy set named by the config, or the embedded defaults. */
export function loadPolicies(config: Config, registry = createDefaultRegistry()): PolicySet {
  return config.policyFile !== undefined ? loadPolicyFile(config.policyFile, registry) : loadEmbeddedDefaults(registry);
}

/** The injection model when ML is enabled (a missing or corrupt model throws `ModelError`). */
export async function loadMlModel(config: Config): Promise<InjectionModel | undefined> {
  return config.mlEnabled ? loadInjectionModel(config.mlModelDir) : undefined;
}

/** Validates everything, then listens. Throws (without listening) on a bad config, policy or model. */
export async function startCore(options: StartOptions = {}): Promise<CoreHandle> {
  const config = loadConfig(options.env ?? process.env, options.overrides);
  const logger = options.logger ?? createLogger(config.logLevel);
  const mlModel = await loadMlModel(config);
  const registry = options.registry ?? createDefaultRegistry(mlModel ? { mlModel } : {});
  let policies: PolicySet;
  try {
    // With Postgres these are the fallback for when it never answered; without, they are the policies.
    policies = options.policies ?? loadPolicies(config, registry);
  } catch (err) {
    await mlModel?.close();
    throw err;
  }
  // Engine workers rebuild the default registry themselves; a caller's own registry stays in-process.
  let enginePool: PooledEngine | undefined;
  if (config.engineWorkers > 0 && options.registry === undefined) {
    try {
      enginePool = await createPooledEngine({
        size: config.engineWorkers,
        registry,
        ...(mlModel ? { mlModelDir: config.mlModelDir } : {}),
        onWorkerExit: (err) => logger.error({ err }, 'engine worker stopped; starting a new one'),
      });
    } catch (err) {
      await mlModel?.close();
      throw err;
    }
  }
  const tokens = createTokenServices(config, logger);
  const service = new CoreService(enginePool ?? createEngine(registry), policies, config, logger, tokens.options);
  const started = Date.now();
  let ready = false;
  const tracing = startTracing({ ...(config.otlpEndpoint !== undefined ? { endpoint: config.otlpEndpoint } : {}), serviceName: config.serviceName, version: VERSION });
  const metrics = new AegisMetrics();
  metrics.trackPolicies(() => service.policies);
  service.addObserver(metrics.observer());

  const components = new HealthRegistry();
  components.register('engine', () => ({ status: 'ok', detectors: registry.ids(), workers: enginePool?.size ?? 0 }));
  components.register('ml', () =>
    mlModel
      ? { status: 'ok', model: `${mlModel.manifest.name}@${mlModel.manifest.version}`, sha256: mlModel.manifest.model.sha256 }
      : { status: 'ok', enabled: false },
  );
  const pg = await startPostgres({ config, registry, fallback: policies, service, logger, components }).catch(async (err: unknown) => {
    await enginePool?.close();
    throw err;
  });
  metrics.trackAuditQueue(() => pg.audit?.queued ?? 0);
  components.register('policy', () => {
    const set = service.policies;
    return {
      status: 'ok',
      source: set.source.kind,
      ...(set.source.location ? { location: set.source.location } : {}),
      ...(pg.sync ? { stale: pg.sync.stale } : {}),
      default: `${set.default.id}@${set.default.version}`,
      policies: set.policies.length,
      dryRun: config.dryRun || set.default.dryRun === true,
    };
  });
  components.register('tokens', () => tokens.vault.store.health());
  const limiter = createLimiter({
    ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}),
    keyPrefix: `${config.redisKeyPrefix}rl:`,
    logger,
  });
  components.register('ratelimit', () => limiter.health());
  const health = (): HealthReport => {
    const snapshot = components.snapshot();
    return { status: ready ? overall(snapshot) : 'starting', version: VERSION, uptimeS: Math.round((Date.now() - started) / 1000), components: snapshot };
  };

  const grpc = await startGrpcServer(
    { service, config, logger, limiter, metrics },
    { port: config.grpcPort, host: config.host, ready: () => ready && components.snapshot().engine?.status === 'ok' },
  ).catch(async (err: unknown) => {
    await limiter.close();
    await pg.close();
    await enginePool?.close();
    throw err;
  });
  components.register('grpc', () => ({ status: grpc.health.status === 'SERVING' || !ready ? 'ok' : 'down', port: grpc.port, serving: grpc.health.status, extProcStreams: grpc.extProc.active }));
  const http = await buildHttpServer({ service, config, logger, health, metrics, ...(pg.admin ? { admin: pg.admin } : {}) });
  try {
    await http.listen({ port: config.port, host: config.host });
  } catch (err) {
    await grpc.close();
    await limiter.close();
    await pg.close();
    await enginePool?.close();
    throw err;
  }
  ready = true;
  grpc.health.refresh();
  const address = http.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info(
    { port, grpcPort: grpc.port, host: config.host, policy: service.policies.source, postgres: pg.sync ? pg.sync.health().state : 'not configured', dryRun: config.dryRun, detectors: registry.ids(), rateLimit: limiter.backend, version: VERSION, tracing: tracing !== undefined },
    'aegis core listening',
  );
  let closing: Promise<void> | undefined;
  return {
    config,
    service,
    components,
    metrics,
    http,
    url: `http://${shownHost}:${port}`,
    port,
    grpc,
    grpcPort: grpc.port,
    limiter,
    ...(pg.pool ? { pool: pg.pool } : {}),
    ...(pg.sync ? { policySync: pg.sync } : {}),
    ...(pg.audit ? { audit: pg.audit } : {}),
    // Idempotent: a second close (signal handler and test teardown, say) waits for the first.
    close: () =>
      (closing ??= (async () => {
        // Health goes NOT_SERVING first so Envoy stops sending, then both servers drain.
        ready = false;
        await Promise.all([grpc.close(), http.close()]);
        await limiter.close();
        await pg.close();
        await tracing?.shutdown();
        await enginePool?.close();
        await mlModel?.close();
        await tokens.vault.store.close();
      })()),
  };
}
