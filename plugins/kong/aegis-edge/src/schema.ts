/**
 * The plugin's configuration: one table of fields gives both the schema Kong validates `kong.yml`
 * against (reported by `GetPluginInfo` / `--dump-all-plugins`) and the resolver the plugin runs on the
 * config Kong sends to `StartInstance`. Every field has a default, so `StartInstance` with `{}` works;
 * the defaults come from the plugin process's environment (the seed's Edge variables, read in
 * `scorer/src/config.ts`).
 */
import type { EdgeConfig } from '../../../../scorer/src/config';
import { AegisError } from '../../../../scorer/src/errors';

/** A route's plugin config, resolved. */
export interface EdgePluginConfig {
  readonly coreEndpoint: string;
  /** Ask Core about each request (false: the edge decides alone with its rate limit and fast screen). */
  readonly coreInspectEnabled: boolean;
  /** Deadline of one Core call (Inspect, AnalyzeOutput). */
  readonly coreTimeoutMs: number;
  readonly rateLimitWindowMs: number;
  /** 0 turns the edge rate limit off. */
  readonly rateLimitMaxRequests: number;
  readonly rateLimitBlockDurationMs: number;
  /** Header whose value keys the rate limit (before the consumer and the client IP). */
  readonly rateLimitKeyHeader?: string;
  readonly redisUrl?: string;
  readonly redisKeyPrefix: string;
  readonly failOpenEnabled: boolean;
  readonly failOpenTargetUrl?: string;
  readonly coreHealthCheckIntervalMs: number;
  readonly coreHealthCheckTimeoutMs: number;
  readonly coreFailureThreshold: number;
  readonly coreRecoveryThreshold: number;
  readonly fastScreenEnabled: boolean;
  /** The fast screen refuses a request only when its policy says block AND its risk reaches this. */
  readonly fastScreenThreshold: number;
  readonly outputGuardEnabled: boolean;
  /** Larger request bodies are refused with 413 before any check. */
  readonly maxBodyBytes: number;
  /** Policy scope sent to Core (and the `route` label of the edge metrics). */
  readonly tenant?: string;
  readonly route?: string;
}

type Kind = 'string' | 'integer' | 'number' | 'boolean';

interface FieldSpec {
  readonly name: string;
  readonly key: keyof EdgePluginConfig;
  readonly kind: Kind;
  readonly default?: string | number | boolean;
  readonly min?: number;
  readonly max?: number;
  /** For strings: what a valid value looks like, and how to say it. */
  readonly pattern?: RegExp;
  readonly expect?: string;
}

const HOST_PORT = /^[A-Za-z0-9.[\]:_-]+:\d{1,5}$/;
const REDIS_URL = /^rediss?:\/\/\S+$/;
const HTTP_URL = /^https?:\/\/[^/\s]+(\/\S*)?$/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
const SCOPE = /^[A-Za-z0-9._:/-]{1,128}$/;
const PREFIX = /^[A-Za-z0-9:._-]{1,64}$/;

/** The fields, with their defaults from the process environment. */
export function fieldSpecs(env: EdgeConfig): readonly FieldSpec[] {
  return [
    { name: 'core_endpoint', key: 'coreEndpoint', kind: 'string', default: env.coreEndpoint, pattern: HOST_PORT, expect: 'host:port' },
    { name: 'core_inspect_enabled', key: 'coreInspectEnabled', kind: 'boolean', default: true },
    { name: 'core_timeout_ms', key: 'coreTimeoutMs', kind: 'integer', default: 500, min: 10, max: 60_000 },
    { name: 'rate_limit_window_ms', key: 'rateLimitWindowMs', kind: 'integer', default: env.rateLimitWindowMs, min: 1000, max: 86_400_000 },
    { name: 'rate_limit_max_requests', key: 'rateLimitMaxRequests', kind: 'integer', default: env.rateLimitMaxRequests, min: 0, max: 10_000_000 },
    { name: 'rate_limit_block_duration_ms', key: 'rateLimitBlockDurationMs', kind: 'integer', default: env.rateLimitBlockDurationMs, min: 0, max: 86_400_000 },
    { name: 'rate_limit_key_header', key: 'rateLimitKeyHeader', kind: 'string', pattern: HEADER_NAME, expect: 'a header name' },
    { name: 'redis_url', key: 'redisUrl', kind: 'string', ...(env.redisUrl !== undefined ? { default: env.redisUrl } : {}), pattern: REDIS_URL, expect: 'a redis:// or rediss:// URL' },
    { name: 'redis_key_prefix', key: 'redisKeyPrefix', kind: 'string', default: `${env.redisKeyPrefix}edge:`, pattern: PREFIX, expect: '1-64 of A-Z a-z 0-9 : . _ -' },
    { name: 'fail_open_enabled', key: 'failOpenEnabled', kind: 'boolean', default: env.failOpenEnabled },
    { name: 'fail_open_target_url', key: 'failOpenTargetUrl', kind: 'string', ...(env.failOpenTargetUrl !== undefined ? { default: env.failOpenTargetUrl } : {}), pattern: HTTP_URL, expect: 'an http(s) URL' },
    { name: 'core_health_check_interval_ms', key: 'coreHealthCheckIntervalMs', kind: 'integer', default: env.coreHealthCheckIntervalMs, min: 100, max: 3_600_000 },
    { name: 'core_health_check_timeout_ms', key: 'coreHealthCheckTimeoutMs', kind: 'integer', default: env.coreHealthCheckTimeoutMs, min: 10, max: 60_000 },
    { name: 'core_failure_threshold', key: 'coreFailureThreshold', kind: 'integer', default: env.coreFailureThreshold, min: 1, max: 1000 },
    { name: 'core_recovery_threshold', key: 'coreRecoveryThreshold', kind: 'integer', default: env.coreRecoveryThreshold, min: 1, max: 1000 },
    { name: 'fast_screen_enabled', key: 'fastScreenEnabled', kind: 'boolean', default: true },
    { name: 'fast_screen_threshold', key: 'fastScreenThreshold', kind: 'number', default: 0.9, min: 0, max: 1 },
    { name: 'output_guard_enabled', key: 'outputGuardEnabled', kind: 'boolean', default: env.outputGuardEnabled },
    { name: 'max_body_bytes', key: 'maxBodyBytes', kind: 'integer', default: 1_048_576, min: 1024, max: 64 * 1_048_576 },
    { name: 'tenant', key: 'tenant', kind: 'string', pattern: SCOPE, expect: '[A-Za-z0-9._:/-]{1,128}' },
    { name: 'route', key: 'route', kind: 'string', pattern: SCOPE, expect: '[A-Za-z0-9._:/-]{1,128}' },
  ];
}

/** One field of a Kong plugin schema (`{name: {type, required, default, between}}`). */
export type KongField = Record<string, { type: Kind; required: boolean; default?: string | number | boolean; between?: [number, number] }>;

/** The `config` fields as Kong's schema DSL spells them (kong-pdk wraps them in the `config` record). */
export function kongSchema(specs: readonly FieldSpec[]): KongField[] {
  return specs.map((f) => ({
    [f.name]: {
      type: f.kind,
      required: f.default !== undefined,
      ...(f.default !== undefined ? { default: f.default } : {}),
      ...(f.min !== undefined && f.max !== undefined ? { between: [f.min, f.max] as [number, number] } : {}),
    },
  }));
}

/** Thrown for a config Kong should not have accepted (or a test sent): names the field. */
export class PluginConfigError extends AegisError {
  constructor(field: string, reason: string) {
    super('AEGIS_ERR_CONFIG_INVALID', `aegis-edge config ${field}: ${reason}`);
  }
}

/**
 * The config Kong sent (JSON-decoded; unset optional fields may be null), checked and with every
 * missing field defaulted. Unknown fields are refused: a typo must not silently become a default.
 */
export function resolvePluginConfig(raw: unknown, specs: readonly FieldSpec[]): EdgePluginConfig {
  const input = (raw ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input)) throw new PluginConfigError('(root)', 'must be an object');
  const known = new Set(specs.map((f) => f.name));
  // Kong adds its own bookkeeping (`__key__`, `__seq__`, …) to the config it sends.
  for (const k of Object.keys(input)) if (!known.has(k) && !k.startsWith('__')) throw new PluginConfigError(k, 'unknown field');
  const out: Record<string, unknown> = {};
  for (const f of specs) {
    const v = input[f.name] ?? f.default;
    if (v === undefined || v === null) continue;
    out[f.key] = checkValue(f, v);
  }
  return out as unknown as EdgePluginConfig;
}

function checkValue(f: FieldSpec, v: unknown): string | number | boolean {
  switch (f.kind) {
    case 'boolean':
      if (typeof v !== 'boolean') throw new PluginConfigError(f.name, 'must be true or false');
      return v;
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v) || (f.kind === 'integer' && !Number.isInteger(v))) throw new PluginConfigError(f.name, `must be ${f.kind === 'integer' ? 'a whole number' : 'a number'}`);
      if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) throw new PluginConfigError(f.name, `must be between ${f.min} and ${f.max}`);
      return v;
    }
    case 'string':
      if (typeof v !== 'string') throw new PluginConfigError(f.name, 'must be a string');
      if (f.pattern && !f.pattern.test(v)) throw new PluginConfigError(f.name, `must be ${f.expect ?? f.pattern.source}`);
      return v;
  }
}
