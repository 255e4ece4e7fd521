/**
 * Configuration from environment variables, read and validated once at start. A bad value names the
 * variable and the reason; `main` prints it and exits non-zero.
 */
import { availableParallelism } from 'node:os';
import { AegisError } from './errors';
import { DEFAULT_MODEL_DIR } from './detectors/ml/paths';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated settings. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  readonly nodeEnv: string;
  readonly dryRun: boolean;
  /** Allowed CORS origins; empty = no CORS headers. `*` allows any origin. */
  readonly corsOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly policyFile?: string;
  /** Deadline for one evaluation; detectors still running after it are reported as incomplete. */
  readonly engineTimeoutMs: number;
  /** Worker threads that run the engine; 0 runs it on the event loop that serves requests. */
  readonly engineWorkers: number;
  /** Requests per window per client on the REST API; 0 turns the limit off. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Trust X-Forwarded-For from a proxy in front of Core (nginx). */
  readonly trustProxy: boolean;
  /** OTLP/HTTP collector base URL; tracing is off when unset. */
  readonly otlpEndpoint?: string;
  readonly serviceName: string;
  /** Load and run the ONNX injection model (`ml.injection`). */
  readonly mlEnabled: boolean;
  /** Directory with the model and its manifest. */
  readonly mlModelDir: string;
  /** Postgres for policies, audit and API keys; unset = embedded/file policies, no audit, no admin API. */
  readonly postgresUrl?: string;
  /** Schema holding Aegis's tables (created by migrations). */
  readonly postgresSchema: string;
  /** Last-known-good policy snapshot, written after every load from Postgres. */
  readonly policyCacheFile: string;
  /** Safety-net re-check of the policy store (LISTEN/NOTIFY does the fast path). */
  readonly policyRecheckMs: number;
  /** HS256/384/512 secret for admin JWTs. */
  readonly jwtSecret?: string;
  /** JWKS URL for admin JWTs signed with asymmetric keys. */
  readonly jwksUrl?: string;
  readonly jwtIssuer?: string;
  readonly jwtAudience?: string;
  /** Record decisions in the audit log (needs Postgres). */
  readonly auditEnabled: boolean;
  /** Append-only file for audit records while Postgres is unreachable; one per Core instance. */
  readonly auditSpoolFile: string;
  readonly auditQueueMax: number;
  readonly auditBatchSize: number;
  readonly auditFlushMs: number;
  readonly auditExcerptChars: number;
  /** Redis for shared state (rate-limit counts, tokenised PII); in-process stores when absent. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key Core writes. */
  readonly redisKeyPrefix: string;
  /** Key of the `hash` masking strategy and of the token vault's encryption; random per process when absent. */
  readonly piiHashKey?: string;
  /** How long tokenised originals are kept for restoring an answer. */
  readonly piiTokenTtlSeconds: number;
  /** gRPC port (Envoy ext_authz, ext_proc, rate-limit service; aegis.v1.Scorer; health). */
  readonly grpcPort: number;
  /** After exceeding a limit a key stays refused this long; 0 = only until its window ends. */
  readonly rateLimitBlockDurationMs: number;
  /** Envoy rate-limit service: the limit when a descriptor carries none. */
  readonly rlsRequestsPerUnit: number;
  readonly rlsUnit: RlsUnit;
  /** Characters of streamed output held back so an item split across events is caught. */
  readonly streamHoldBackChars: number;
  /** How long a request's system prompt, tools and taint wait for its response check; 0 = not kept. */
  readonly exchangeTtlMs: number;
}

export const RLS_UNITS = ['second', 'minute', 'hour', 'day'] as const;
export type RlsUnit = (typeof RLS_UNITS)[number];

/** Thrown for an invalid variable. */
export class ConfigError extends AegisError {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super('AEGIS_ERR_CONFIG_INVALID', `${variable}: ${reason}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be a whole number, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const v = str(env, name);
  if (v === undefined) return def;
  if (/^(true|1|yes|on)$/i.test(v)) return true;
  if (/^(false|0|no|off)$/i.test(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${v}"`);
}

function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
  const v = str(env, name);
  if (v === undefined) return def;
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

/**
 * One core is the event loop's (gRPC, HTTP, logs, audit); the others run the engine, up to four.
 * Two cores or fewer get none: measured on two cores, the workers only added the cost of copying
 * subjects and verdicts between threads (`bench:grpc`, bench/README.md).
 */
export function defaultEngineWorkers(cores = availableParallelism()): number {
  return cores <= 2 ? 0 : Math.min(4, cores - 1);
}

/** Reads and validates the configuration. `overrides` (from CLI flags) win over the environment. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const origins = (str(env, 'CORS_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const o of origins) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError('CORS_ORIGINS', `"${o}" is not an origin like https://console.example.org`);
  }
  const policyFile = str(env, 'AEGIS_POLICY_FILE');
  const otlpEndpoint = str(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlpEndpoint !== undefined && !/^https?:\/\/\S+$/.test(otlpEndpoint)) throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an http(s) URL, got "${otlpEndpoint}"`);
  const postgresUrl = str(env, 'POSTGRES_URL');
  if (postgresUrl !== undefined && !/^postgres(?:ql)?:\/\//.test(postgresUrl)) throw new ConfigError('POSTGRES_URL', 'must be a postgres:// or postgresql:// URL');
  const postgresSchema = str(env, 'POSTGRES_SCHEMA') ?? 'aegis';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(postgresSchema)) throw new ConfigError('POSTGRES_SCHEMA', 'must be a lower-case identifier ([a-z_][a-z0-9_]*)');
  const jwtSecret = str(env, 'JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  const jwksUrl = str(env, 'JWKS_URL');
  if (jwksUrl !== undefined && !/^https?:\/\/\S+$/.test(jwksUrl)) throw new ConfigError('JWKS_URL', 'must be an http(s) URL');
  const jwtIssuer = str(env, 'JWT_ISSUER');
  const jwtAudience = str(env, 'JWT_AUDIENCE');
  const redisUrl = str(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  const redisKeyPrefix = str(env, 'REDIS_KEY_PREFIX') ?? 'aegis:';
  if (!/^[A-Za-z0-9:._-]{1,64}$/.test(redisKeyPrefix)) throw new ConfigError('REDIS_KEY_PREFIX', 'must be 1-64 of A-Z a-z 0-9 : . _ -');
  const piiHashKey = str(env, 'PII_HASH_KEY');
  // Never echo the value: it is a secret.
  if (piiHashKey !== undefined && piiHashKey.length < 16) throw new ConfigError('PII_HASH_KEY', 'must be at least 16 characters');
  const config: Config = {
    port: int(env, 'PORT', 8081, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
    nodeEnv: str(env, 'NODE_ENV') ?? 'development',
    dryRun: bool(env, 'DRY_RUN', false),
    corsOrigins: origins,
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_048_576, 1024, 64 * 1_048_576),
    ...(policyFile !== undefined ? { policyFile } : {}),
    engineTimeoutMs: int(env, 'ENGINE_TIMEOUT_MS', 50, 1, 60_000),
    engineWorkers: int(env, 'ENGINE_WORKERS', defaultEngineWorkers(), 0, 64),
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', 0, 0, 10_000_000),
    rateLimitWindowMs: int(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    ...(otlpEndpoint !== undefined ? { otlpEndpoint } : {}),
    serviceName: str(env, 'OTEL_SERVICE_NAME') ?? 'aegis-core',
    mlEnabled: bool(env, 'ML_ENABLED', true),
    mlModelDir: str(env, 'ML_MODEL_DIR') ?? DEFAULT_MODEL_DIR,
    ...(postgresUrl !== undefined ? { postgresUrl } : {}),
    postgresSchema,
    policyCacheFile: str(env, 'POLICY_CACHE_FILE') ?? '.aegis/policy-cache.json',
    policyRecheckMs: int(env, 'POLICY_RECHECK_MS', 5000, 100, 3_600_000),
    ...(jwtSecret !== undefined ? { jwtSecret } : {}),
    ...(jwksUrl !== undefined ? { jwksUrl } : {}),
    ...(jwtIssuer !== undefined ? { jwtIssuer } : {}),
    ...(jwtAudience !== undefined ? { jwtAudience } : {}),
    auditEnabled: bool(env, 'AUDIT_ENABLED', true),
    auditSpoolFile: str(env, 'AUDIT_SPOOL_FILE') ?? '.aegis/audit-spool.jsonl',
    auditQueueMax: int(env, 'AUDIT_QUEUE_MAX', 20_000, 100, 10_000_000),
    auditBatchSize: int(env, 'AUDIT_BATCH_SIZE', 500, 1, 10_000),
    auditFlushMs: int(env, 'AUDIT_FLUSH_MS', 200, 1, 60_000),
    auditExcerptChars: int(env, 'AUDIT_EXCERPT_CHARS', 240, 0, 4000),
    ...(redisUrl !== undefined ? { redisUrl } : {}),
    redisKeyPrefix,
    ...(piiHashKey !== undefined ? { piiHashKey } : {}),
    piiTokenTtlSeconds: int(env, 'PII_TOKEN_TTL_SECONDS', 3600, 10, 604_800),
    grpcPort: int(env, 'GRPC_PORT', 50051, 0, 65535),
    rateLimitBlockDurationMs: int(env, 'RATE_LIMIT_BLOCK_DURATION_MS', 0, 0, 86_400_000),
    rlsRequestsPerUnit: int(env, 'RLS_REQUESTS_PER_UNIT', 60, 1, 1_000_000_000),
    rlsUnit: oneOf(env, 'RLS_UNIT', 'minute', RLS_UNITS),
    streamHoldBackChars: int(env, 'STREAM_HOLDBACK_CHARS', 128, 0, 65_536),
    exchangeTtlMs: int(env, 'EXCHANGE_TTL_MS', 300_000, 0, 86_400_000),
  };
  return { ...config, ...stripUndefined(overrides) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Settings of the Kong edge plugin's process (`kong-js-pluginserver` with `aegis-edge`): the defaults
 * of the plugin's config fields (the seed's Edge variables) and the process-wide switches. Kong fills
 * each route's plugin config from these defaults when it queries the schema; a route may override any
 * field in `kong.yml`.
 */
export interface EdgeConfig {
  /** Core's gRPC address (`host:port`) for `aegis.v1.Scorer` and its health service. */
  readonly coreEndpoint: string;
  readonly rateLimitWindowMs: number;
  /** Requests per window per consumer (or client IP). */
  readonly rateLimitMaxRequests: number;
  /** After exceeding the limit a key stays refused this long. */
  readonly rateLimitBlockDurationMs: number;
  /** Redis shared by every Kong node for the counts; in-process when absent. */
  readonly redisUrl?: string;
  readonly redisKeyPrefix: string;
  /** Core down: let requests through, marked `X-Aegis-Bypassed: true` (else 503). */
  readonly failOpenEnabled: boolean;
  /** Where bypassed requests go instead of the route's service (absent: the service). */
  readonly failOpenTargetUrl?: string;
  readonly coreHealthCheckIntervalMs: number;
  readonly coreHealthCheckTimeoutMs: number;
  /** Consecutive Core failures that open the circuit. */
  readonly coreFailureThreshold: number;
  /** Consecutive healthy probes that close it again. */
  readonly coreRecoveryThreshold: number;
  /** Register the response phase (output guard). Kong buffers every response of a route that runs it. */
  readonly outputGuardEnabled: boolean;
  /** Port of the plugin process's own Prometheus metrics; 0 = none. */
  readonly metricsPort: number;
  /** Address the metrics port listens on. */
  readonly metricsHost: string;
  readonly logLevel: LogLevel;
}

/** Reads and validates the edge plugin's settings (same variable rules as `loadConfig`). */
export function loadEdgeConfig(env: Env = process.env): EdgeConfig {
  const coreEndpoint = str(env, 'CORE_ENDPOINT') ?? '127.0.0.1:50051';
  if (!/^[A-Za-z0-9.[\]:_-]+:\d{1,5}$/.test(coreEndpoint)) throw new ConfigError('CORE_ENDPOINT', `must be host:port (Core's gRPC port), got "${coreEndpoint}"`);
  const redisUrl = str(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  const redisKeyPrefix = str(env, 'REDIS_KEY_PREFIX') ?? 'aegis:';
  if (!/^[A-Za-z0-9:._-]{1,64}$/.test(redisKeyPrefix)) throw new ConfigError('REDIS_KEY_PREFIX', 'must be 1-64 of A-Z a-z 0-9 : . _ -');
  const failOpenTargetUrl = str(env, 'FAIL_OPEN_TARGET_URL');
  if (failOpenTargetUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(failOpenTargetUrl)) throw new ConfigError('FAIL_OPEN_TARGET_URL', 'must be an http(s) URL');
  return {
    coreEndpoint,
    rateLimitWindowMs: int(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    rateLimitMaxRequests: int(env, 'RATE_LIMIT_MAX_REQUESTS', 30, 0, 10_000_000),
    rateLimitBlockDurationMs: int(env, 'RATE_LIMIT_BLOCK_DURATION_MS', 300_000, 0, 86_400_000),
    ...(redisUrl !== undefined ? { redisUrl } : {}),
    redisKeyPrefix,
    failOpenEnabled: bool(env, 'FAIL_OPEN_ENABLED', true),
    ...(failOpenTargetUrl !== undefined ? { failOpenTargetUrl } : {}),
    coreHealthCheckIntervalMs: int(env, 'CORE_HEALTH_CHECK_INTERVAL_MS', 5000, 100, 3_600_000),
    coreHealthCheckTimeoutMs: int(env, 'CORE_HEALTH_CHECK_TIMEOUT_MS', 3000, 10, 60_000),
    coreFailureThreshold: int(env, 'CORE_FAILURE_THRESHOLD', 3, 1, 1000),
    coreRecoveryThreshold: int(env, 'CORE_RECOVERY_THRESHOLD', 2, 1, 1000),
    outputGuardEnabled: bool(env, 'OUTPUT_GUARD_ENABLED', true),
    metricsPort: int(env, 'EDGE_METRICS_PORT', 9542, 0, 65535),
    metricsHost: str(env, 'HOST') ?? '0.0.0.0',
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
  };
}
