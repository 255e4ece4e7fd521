/**
 * Starts Core: configuration, logger, detectors, policies, the decision service and the REST server.
 * Used by `aegis serve` (and by tests, which start real instances on free ports).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config';
import { createDefaultRegistry } from './detectors/registry';
import { createEngine } from './engine/evaluate';
import { loadEmbeddedDefaults, loadPolicyFile, type PolicySet } from '../../policy/store/policy-set';
import { POLICY_DIR } from '../../policy/store/paths';
import { CoreService } from './service';
import { createLogger, type Logger } from './telemetry/logger';
import { HealthRegistry, overall, type HealthReport } from './transports/http/health';
import { createTokenServices } from './tokens';
import { buildHttpServer } from './transports/http/server';

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
  close(): Promise<void>;
}

/** How to start Core; everything defaults to the environment. */
export interface StartOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly overrides?: Partial<Config>;
  readonly logger?: Logger;
}

/** Loads the policy set named by the config, or the embedded defaults. */
export function loadPolicies(config: Config, registry = createDefaultRegistry()): PolicySet {
  return config.policyFile !== undefined ? loadPolicyFile(config.policyFile, registry) : loadEmbeddedDefaults(registry);
}

/** Validates everything, then listens. Throws (without listening) on a bad config or policy. */
export async function startCore(options: StartOptions = {}): Promise<CoreHandle> {
  const config = loadConfig(options.env ?? process.env, options.overrides);
  const logger = options.logger ?? createLogger(config.logLevel);
  const registry = createDefaultRegistry();
  const policies = loadPolicies(config, registry);
  const tokens = createTokenServices(config, logger);
  const service = new CoreService(createEngine(registry), policies, config, logger, tokens.options);
  const started = Date.now();

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
  components.register('tokens', () => tokens.vault.store.health());
  const health = (): HealthReport => {
    const snapshot = components.snapshot();
    return { status: overall(snapshot), version: VERSION, uptimeS: Math.round((Date.now() - started) / 1000), components: snapshot };
  };

  const http = await buildHttpServer({ service, config, logger, health });
  await http.listen({ port: config.port, host: config.host });
  const address = http.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info(
    { port, host: config.host, policy: policies.source, dryRun: config.dryRun, detectors: registry.ids(), version: VERSION },
    'aegis core listening',
  );
  return {
    config,
    service,
    components,
    http,
    url: `http://${shownHost}:${port}`,
    port,
    close: async () => {
      await http.close();
      await tokens.vault.store.close();
    },
  };
}
