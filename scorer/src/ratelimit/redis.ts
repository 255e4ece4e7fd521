/**
 * The Redis limiter: one Lua script does the whole check atomically, so every Core (and edge) instance
 * sharing the Redis shares the counts. When Redis fails (down, slow, not yet connected) the hit is
 * answered by the in-process limiter instead: logged on each change of state and counted, never an
 * error to the caller.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../telemetry/logger';
import type { ComponentHealth } from '../transports/http/health';
import { MemoryLimiter, refused } from './memory';
import type { LimitDecision, LimitRule, Limiter } from './types';

// KEYS[1] the window counter, KEYS[2] the block marker; ARGV cost, limit, windowMs, blockMs.
// Returns {count, windowTtlMs, blockTtlMs}; count -1 means the key is in its block period.
const SCRIPT = `
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local block = tonumber(ARGV[4])
local bttl = redis.call('PTTL', KEYS[2])
if bttl > 0 then return {-1, 0, bttl} end
local n = redis.call('INCRBY', KEYS[1], cost)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
if n > limit and block > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', block)
  return {n, ttl, block}
end
return {n, ttl, 0}
`;

type LimitCommand = (counterKey: string, blockKey: string, cost: number, limit: number, windowMs: number, blockMs: number) => Promise<[number, number, number]>;

/** Options for the Redis limiter. */
export interface RedisLimiterOptions {
  readonly url: string;
  /** Prefix of every key (tests use a unique one per run). */
  readonly keyPrefix: string;
  readonly logger: Logger;
  /** A command slower than this counts as a failure (default 200 ms). */
  readonly commandTimeoutMs?: number;
}

/** Fixed windows in Redis, with an in-process fallback. */
export class RedisLimiter implements Limiter {
  readonly backend = 'redis' as const;
  readonly #redis: Redis;
  readonly #fallback = new MemoryLimiter();
  readonly #prefix: string;
  readonly #logger: Logger;
  #fallbacks = 0;
  #failing = false;
  #lastError = '';

  constructor(options: RedisLimiterOptions) {
    this.#prefix = options.keyPrefix;
    this.#logger = options.logger;
    this.#redis = new Redis(options.url, {
      // Fail fast instead of queueing: a hit waiting on a dead Redis would stall the request.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 200,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(100 * times, 2000),
      lazyConnect: false,
    });
    this.#redis.defineCommand('aegisLimit', { numberOfKeys: 2, lua: SCRIPT });
    // ioredis emits 'error' on every failed reconnect; state changes are logged in #fail instead.
    this.#redis.on('error', (err: Error) => {
      this.#lastError = err.message;
    });
    this.#redis.on('ready', () => this.#logger.info({ component: 'ratelimit' }, 'redis limiter connected'));
  }

  get fallbacks(): number {
    return this.#fallbacks;
  }

  /** Resolves when connected (or rejects after `timeoutMs`); hits before that are answered in-process. */
  async ready(timeoutMs = 5000): Promise<void> {
    if (this.#redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis not ready after ${timeoutMs} ms (${this.#lastError || this.#redis.status})`)), timeoutMs);
      this.#redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async consume(key: string, rule: LimitRule, cost = 1): Promise<LimitDecision> {
    const full = `${this.#prefix}{${key}}`;
    try {
      const cmd = (this.#redis as unknown as { aegisLimit: LimitCommand }).aegisLimit;
      const [count, ttl, blockTtl] = await cmd.call(this.#redis, `${full}:w`, `${full}:b`, cost, rule.limit, rule.windowMs, rule.blockMs ?? 0);
      this.#recovered();
      if (count < 0) return refused(rule, blockTtl, true, 'redis');
      if (count > rule.limit) return refused(rule, blockTtl > 0 ? blockTtl : ttl, blockTtl > 0, 'redis');
      return { allowed: true, limit: rule.limit, remaining: rule.limit - count, resetMs: ttl, blocked: false, backend: 'redis' };
    } catch (err) {
      this.#fail(err);
      return this.#fallback.consumeSync(key, rule, cost);
    }
  }

  #fail(err: unknown): void {
    this.#fallbacks++;
    if (!this.#failing) {
      this.#failing = true;
      this.#logger.warn({ component: 'ratelimit', err: (err as Error).message }, 'redis limiter unavailable; counting in-process until it returns');
    }
  }

  #recovered(): void {
    if (this.#failing) {
      this.#failing = false;
      this.#logger.info({ component: 'ratelimit', fallbacks: this.#fallbacks }, 'redis limiter back; counting in redis again');
    }
  }

  health(): ComponentHealth {
    const connected = this.#redis.status === 'ready';
    return {
      status: connected && !this.#failing ? 'ok' : 'degraded',
      backend: 'redis',
      redis: this.#redis.status,
      fallbacks: this.#fallbacks,
      ...(this.#failing || !connected ? { fallback: 'memory' } : {}),
    };
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
    await this.#fallback.close();
  }
}
