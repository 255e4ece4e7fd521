/**
 * Starts Core: configuration, logger, detectors, policies, the decision service and the REST server.
 * Used by `aegis serve` (and by tests, which start real instances on free ports).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { loadConfig, type Config } from './config';
import { createDefaultRegistry } from './detectors/registry';
import { createEngine } from './engine/evaluate';
import { loadEmbeddedDefaults, loadPolicyFile, type PolicySet } from '../../policy/store/policy-set';
import { POLICY_DIR } from '../../policy/store/paths';
import { createPool } from '../../policy/store/pg';
import { PolicyStore } from '../../policy/store/pg-store';
import { PolicySync } from '../../policy/store/sync';
import { Authenticator } from './admin/auth';
import { ApiKeyStore } from './admin/keys';
import { AuditLog } from './audit/audit-log';
import { PgAuditSink } from './audit/pg-sink';
import { CoreService } from './service';
import { createLogger, type Logger } from './telemetry/logger';
import { HealthRegistry, overall, type HealthReport } from './transports/http/health';
import type { AdminDeps } from './transports/http/admin';
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
  /** Present when POSTGRES_URL is set. */
  readonly pool?: Pool;
  readonly policySync?: PolicySync;
  readonly audit?: AuditLog;
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
  // With Postgres these are the fallback for when it never answered; without, they are the policies.
  const policies = loadPolicies(config, registry);
  const service = new CoreService(createEngine(registry), policies, config, logger);
  const started = Date.now();

  const components = new HealthRegistry();
  components.register('engine', () => ({ status: 'ok', detectors: registry.ids() }));
  let pool: Pool | undefined;
  let sync: PolicySync | undefined;
  let audit: AuditLog | undefined;
  let admin: AdminDeps | undefined;
  if (config.postgresUrl !== undefined) {
    const settings = { url: config.postgresUrl, schema: config.postgresSchema };
    pool = createPool(settings);
    const store = new PolicyStore(pool, registry);
    const policySync = new PolicySync({
      settings,
      store,
      registry,
      fallback: policies,
      cacheFile: resolve(config.policyCacheFile),
      recheckMs: config.policyRecheckMs,
      logger,
      apply: (set) => service.setPolicies(set),
    });
    sync = policySync;
    await policySync.start();
    components.register('postgres', () => policySync.health());
    if (config.auditEnabled) {
      const log = new AuditLog({
        sink: new PgAuditSink(pool),
        spoolFile: resolve(config.auditSpoolFile),
        queueMax: config.auditQueueMax,
        batchSize: config.auditBatchSize,
        flushMs: config.auditFlushMs,
        excerptChars: config.auditExcerptChars,
        logger,
        allowSampleRate: (ctx) => service.policies.resolve(ctx).audit?.allowSampleRate ?? 1,
      });
      audit = log;
      service.addObserver(log);
      components.register('audit', () => log.health());
    } else {
      components.register('audit', () => ({ status: 'disabled', reason: 'AUDIT_ENABLED=false' }));
    }
    const keys = new ApiKeyStore(pool);
    const jwt = { secret: config.jwtSecret, jwksUrl: config.jwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience };
    admin = { store, keys, auth: new Authenticator(keys, jwt), pool, refresh: () => policySync.refresh(), logger };
  } else {
    components.register('audit', () => ({ status: 'disabled', reason: 'POSTGRES_URL not set' }));
  }
  components.register('policy', () => {
    const set = service.policies;
    return {
      status: 'ok',
      source: set.source.kind,
      ...(set.source.location ? { location: set.source.location } : {}),
      ...(sync ? { stale: sync.stale } : {}),
      default: `${set.default.id}@${set.default.version}`,
      policies: set.policies.length,
      dryRun: config.dryRun || set.default.dryRun === true,
    };
  });
  const health = (): HealthReport => {
    const snapshot = components.snapshot();
    return { status: overall(snapshot), version: VERSION, uptimeS: Math.round((Date.now() - started) / 1000), components: snapshot };
  };

  const http = await buildHttpServer({ service, config, logger, health, ...(admin ? { admin } : {}) });
  await http.listen({ port: config.port, host: config.host });
  const address = http.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info(
    { port, host: config.host, policy: service.policies.source, postgres: sync ? sync.health().state : 'not configured', dryRun: config.dryRun, detectors: registry.ids(), version: VERSION },
    'aegis core listening',
  );
  return {
    config,
    service,
    components,
    http,
    url: `http://${shownHost}:${port}`,
    port,
    ...(pool ? { pool } : {}),
    ...(sync ? { policySync: sync } : {}),
    ...(audit ? { audit } : {}),
    close: async () => {
      await http.close();
      // Queued audit records go to Postgres, or to the spool file, before the pool closes.
      await audit?.close();
      await sync?.close();
      await pool?.end().catch(() => undefined);
    },
  };
}
