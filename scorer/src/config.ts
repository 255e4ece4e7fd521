/**
 * Configuration from environment variables, read and validated once at start. A bad value names the
 * variable and the reason; `main` prints it and exits non-zero.
 */
import { AegisError } from './errors';

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
  /** Requests per window per client on the REST API; 0 turns the limit off. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Trust X-Forwarded-For from a proxy in front of Core (nginx). */
  readonly trustProxy: boolean;
  /** How long a request's system prompt, tools and taint wait for its response check; 0 = not kept. */
  readonly exchangeTtlMs: number;
}

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

/** Reads and validates the configuration. `overrides` (from CLI flags) win over the environment. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const origins = (str(env, 'CORS_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const o of origins) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError('CORS_ORIGINS', `"${o}" is not an origin like https://console.example.org`);
  }
  const policyFile = str(env, 'AEGIS_POLICY_FILE');
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
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', 0, 0, 10_000_000),
    rateLimitWindowMs: int(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    exchangeTtlMs: int(env, 'EXCHANGE_TTL_MS', 300_000, 0, 86_400_000),
  };
  return { ...config, ...stripUndefined(overrides) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
