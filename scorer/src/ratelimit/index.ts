/**
 * The limiter module: `createLimiter` picks Redis when a URL is configured, else the in-process store.
 * Envoy's rate-limit service uses it today; the REST API and the Kong edge plugin take the same rule shape.
 */
import type { Logger } from '../telemetry/logger';
import { MemoryLimiter } from './memory';
import { RedisLimiter } from './redis';
import type { Limiter } from './types';

export type { LimitDecision, LimitRule, Limiter } from './types';
export { MemoryLimiter } from './memory';
export { RedisLimiter } from './redis';

/** Where counts live. */
export interface LimiterOptions {
  /** `redis://…` or `rediss://…`; absent = in-process. */
  readonly redisUrl?: string;
  readonly keyPrefix: string;
  readonly logger: Logger;
  readonly commandTimeoutMs?: number;
}

/** The limiter for this process. */
export function createLimiter(options: LimiterOptions): Limiter {
  if (options.redisUrl === undefined) return new MemoryLimiter();
  return new RedisLimiter({
    url: options.redisUrl,
    keyPrefix: options.keyPrefix,
    logger: options.logger,
    ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
  });
}
