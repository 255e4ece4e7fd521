/**
 * Token maps in Redis: one hash per key (`<prefix>tok:<key>`), HSET + EXPIRE in one MULTI. Commands fail
 * fast while Redis is unreachable (no offline queue), so a request is never held up waiting for it.
 */
import { Redis } from 'ioredis';
import type { TokenStore } from './store';

export class RedisTokenStore implements TokenStore {
  readonly kind = 'redis' as const;
  readonly #redis: Redis;

  constructor(
    url: string,
    readonly prefix = 'aegis:',
  ) {
    this.#redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // Keep trying in the background; health reports the state meanwhile.
      retryStrategy: (times) => Math.min(times * 200, 5000),
    });
    // Connection errors surface through health and failed commands; an unhandled 'error' event would crash.
    this.#redis.on('error', () => undefined);
  }

  #key(key: string): string {
    return `${this.prefix}tok:${key}`;
  }

  async put(key: string, entries: Readonly<Record<string, string>>, ttlSeconds: number): Promise<void> {
    const k = this.#key(key);
    const res = await this.#redis.multi().hset(k, entries).expire(k, ttlSeconds).exec();
    const failed = res?.find(([err]) => err !== null);
    if (failed) throw failed[0] as Error;
  }

  async get(key: string): Promise<Record<string, string>> {
    return this.#redis.hgetall(this.#key(key));
  }

  /** Resolves once connected (or rejects after `timeoutMs`); for start-up and tests. */
  async ready(timeoutMs = 3000): Promise<void> {
    if (this.#redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis not ready')), timeoutMs);
      this.#redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  health() {
    const ready = this.#redis.status === 'ready';
    return { status: ready ? ('ok' as const) : ('degraded' as const), store: 'redis', connection: this.#redis.status };
  }

  async close(): Promise<void> {
    // Disconnect rather than QUIT: QUIT waits for an answer that a dead or restarting Redis may never
    // send, and shutdown must not hang on a cache.
    this.#redis.disconnect();
  }
}
