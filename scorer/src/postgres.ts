/**
 * Core's Postgres side, started when POSTGRES_URL is set: the policy store with hot reload (the file or
 * embedded policies stay the fallback), the audit log, and what the admin API needs.
 */
import { resolve } from 'node:path';
import type { Pool } from 'pg';
import type { Config } from './config';
import type { DetectorRegistry } from './engine/detector';
import type { PolicySet } from '../../policy/store/policy-set';
import { createPool } from '../../policy/store/pg';
import { PolicyStore } from '../../policy/store/pg-store';
import { PolicySync } from '../../policy/store/sync';
import { Authenticator } from './admin/auth';
import { ApiKeyStore } from './admin/keys';
import { AuditLog } from './audit/audit-log';
import { PgAuditSink } from './audit/pg-sink';
import type { CoreService } from './service';
import type { Logger } from './telemetry/logger';
import type { HealthRegistry } from './transports/http/health';
import type { AdminDeps } from './transports/http/admin';

/** The running Postgres-backed parts; all absent without POSTGRES_URL. */
export interface PostgresParts {
  readonly pool?: Pool;
  readonly sync?: PolicySync;
  readonly audit?: AuditLog;
  readonly admin?: AdminDeps;
  /** Flushes the audit log (to Postgres or the spool file), then stops sync and the pool. */
  close(): Promise<void>;
}

/** Starts the store, sync and audit log when configured, and registers their health. */
export async function startPostgres(deps: {
  config: Config;
  registry: DetectorRegistry;
  fallback: PolicySet;
  service: CoreService;
  logger: Logger;
  components: HealthRegistry;
}): Promise<PostgresParts> {
  const { config, registry, service, logger, components } = deps;
  if (config.postgresUrl === undefined) {
    components.register('audit', () => ({ status: 'disabled', reason: 'POSTGRES_URL not set' }));
    return { close: async () => undefined };
  }
  const settings = { url: config.postgresUrl, schema: config.postgresSchema };
  const pool = createPool(settings);
  const store = new PolicyStore(pool, registry);
  const sync = new PolicySync({
    settings,
    store,
    registry,
    fallback: deps.fallback,
    cacheFile: resolve(config.policyCacheFile),
    recheckMs: config.policyRecheckMs,
    logger,
    apply: (set) => service.setPolicies(set),
  });
  await sync.start();
  components.register('postgres', () => sync.health());
  let audit: AuditLog | undefined;
  if (config.auditEnabled) {
    audit = new AuditLog({
      sink: new PgAuditSink(pool),
      spoolFile: resolve(config.auditSpoolFile),
      queueMax: config.auditQueueMax,
      batchSize: config.auditBatchSize,
      flushMs: config.auditFlushMs,
      excerptChars: config.auditExcerptChars,
      logger,
      allowSampleRate: (ctx) => service.policies.resolve(ctx).audit?.allowSampleRate ?? 1,
    });
    service.addObserver(audit);
    const log = audit;
    components.register('audit', () => log.health());
  } else {
    components.register('audit', () => ({ status: 'disabled', reason: 'AUDIT_ENABLED=false' }));
  }
  const keys = new ApiKeyStore(pool);
  const jwt = { secret: config.jwtSecret, jwksUrl: config.jwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience };
  const admin: AdminDeps = { store, keys, auth: new Authenticator(keys, jwt), pool, refresh: () => sync.refresh(), logger };
  return {
    pool,
    sync,
    ...(audit ? { audit } : {}),
    admin,
    close: async () => {
      // Queued audit records go to Postgres, or to the spool file, before the pool closes.
      await audit?.close();
      await sync.close();
      await pool.end().catch(() => undefined);
    },
  };
}
