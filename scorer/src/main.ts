/**
 * Starts Core: configuration, logger, detectors, policies, the decision service, the rate limiter, the
 * REST server and the gRPC server (Envoy services, Aegis's Scorer, health). Used by `aegis serve` (and
 * by tests, which start real instances on free ports).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config';
import { createDefaultRegistry } from './detectors/registry';
import type { DetectorRegistry } from './engine/detector';
import { createEngine } from './engine/evaluate';
import { createLimiter, type Limiter } from './ratelimit';
import { loadEmbeddedDefaults, loadPolicyFile, type PolicySet } from '../../policy/store/policy-set';
import { POLICY_DIR } from '../../policy/store/paths';
import { CoreService } from './service';
import { createLogger, type Logger } from './telemetry/logger';
import { HealthRegistry, overall, type HealthReport } from './transports/http/health';
import { buildHttpServer } from './transports/http/server';
import { startGrpcServer, type GrpcHandle } from './transports/grpc';

/** The package version, for health and `aegis --version`. */
export const VERSION: string = (JSON.parse(readFileSync(join(POLICY_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** A running Core. */
export interface CoreHandle {
  readonly config: Config;
  readonly service: CoreService;
  /** Component health probes; later subsystems (gRPC, Postgres, Redis, ML) register theirs. */
  readonly components: HealthRegistry;
  readonly http: FastifyInstance;
  /** Base URL of the REST API, e.g. `http://127.0.0.1:8081`. */
  readonly url: string;
  readonly port: number;
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

/** Validates everything, then listens. Throws (without listening) on a bad config or policy. */
export async function startCore(options: StartOptions = {}): Promise<CoreHandle> {
  const config = loadConfig(options.env ?? process.env, options.overrides);
  const logger = options.logger ?? createLogger(config.logLevel);
  const registry = options.registry ?? createDefaultRegistry();
  const policies = options.policies ?? loadPolicies(config, registry);
  const service = new CoreService(createEngine(registry), policies, config, logger);
  const started = Date.now();
  let ready = false;

  const components = new HealthRegistry();
  components.register('engine', () => ({ status: 'ok', detectors: registry.ids() }));
  components.register('policy', () => {
    const set = service.policies;
    return {
      status: 'ok',
      source: set.source.kind,
      ...(set.source.location ? { location: set.source.location } : {}),
      default: `${set.default.id}@${set.default.version}`,
      policies: set.policies.length,
      dryRun: config.dryRun || set.default.dryRun === true,
    };
  });
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
    { service, config, logger, limiter },
    { port: config.grpcPort, host: config.host, ready: () => ready && components.snapshot().engine?.status === 'ok' },
  ).catch(async (err: unknown) => {
    await limiter.close();
    throw err;
  });
  components.register('grpc', () => ({ status: grpc.health.status === 'SERVING' || !ready ? 'ok' : 'down', port: grpc.port, serving: grpc.health.status, extProcStreams: grpc.extProc.active }));
  const http = await buildHttpServer({ service, config, logger, health });
  try {
    await http.listen({ port: config.port, host: config.host });
  } catch (err) {
    await grpc.close();
    await limiter.close();
    throw err;
  }
  ready = true;
  grpc.health.refresh();
  const address = http.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info(
    { port, grpcPort: grpc.port, host: config.host, policy: policies.source, dryRun: config.dryRun, detectors: registry.ids(), rateLimit: limiter.backend, version: VERSION },
    'aegis core listening',
  );
  return {
    config,
    service,
    components,
    http,
    url: `http://${shownHost}:${port}`,
    port,
    grpc,
    grpcPort: grpc.port,
    limiter,
    close: async () => {
      // Health goes NOT_SERVING first so Envoy stops sending, then both servers drain.
      ready = false;
      await Promise.all([grpc.close(), http.close()]);
      await limiter.close();
    },
  };
}
