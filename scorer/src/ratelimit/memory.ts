/**
 * The in-process limiter: fixed windows per key in a Map, swept lazily. Used alone when no Redis is
 * configured, and as the fallback while Redis is unreachable.
 */
import type { ComponentHealth } from '../transports/http/health';
import type { LimitDecision, LimitRule, Limiter } from './types';

interface Entry {
  count: number;
  resetAt: number;
  blockedUntil: number;
}

/** Above this many keys, expired entries are swept before a new key is added. */
const SWEEP_AT = 50_000;
/** Hard cap: the oldest keys are dropped beyond it (a flood of distinct keys must not exhaust memory). */
const MAX_KEYS = 200_000;

/** Fixed-window counting in this process. */
export class MemoryLimiter implements Limiter {
  readonly backend = 'memory' as const;
  readonly fallbacks = 0;
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.#entries.size;
  }

  async consume(key: string, rule: LimitRule, cost = 1): Promise<LimitDecision> {
    return this.consumeSync(key, rule, cost);
  }

  /** The same as `consume`, synchronously (the Redis limiter's fallback path uses it). */
  consumeSync(key: string, rule: LimitRule, cost = 1): LimitDecision {
    const now = this.now();
    let e = this.#entries.get(key);
    if (e && e.blockedUntil > now) return refused(rule, e.blockedUntil - now, true);
    if (!e || (e.resetAt <= now && e.blockedUntil <= now)) {
      if (!e) this.#makeRoom(now);
      e = { count: 0, resetAt: now + rule.windowMs, blockedUntil: 0 };
      this.#entries.set(key, e);
    }
    e.count += cost;
    if (e.count > rule.limit) {
      if ((rule.blockMs ?? 0) > 0) {
        e.blockedUntil = now + (rule.blockMs ?? 0);
        return refused(rule, e.blockedUntil - now, true);
      }
      return refused(rule, e.resetAt - now, false);
    }
    return { allowed: true, limit: rule.limit, remaining: rule.limit - e.count, resetMs: e.resetAt - now, blocked: false, backend: 'memory' };
  }

  #makeRoom(now: number): void {
    if (this.#entries.size < SWEEP_AT) return;
    for (const [k, e] of this.#entries) if (e.resetAt <= now && e.blockedUntil <= now) this.#entries.delete(k);
    for (const k of this.#entries.keys()) {
      if (this.#entries.size < MAX_KEYS) break;
      this.#entries.delete(k);
    }
  }

  health(): ComponentHealth {
    return { status: 'ok', backend: 'memory', keys: this.#entries.size };
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}

/** A refusal; `resetMs` is when the window or block ends. */
export function refused(rule: LimitRule, resetMs: number, blocked: boolean, backend: 'redis' | 'memory' = 'memory'): LimitDecision {
  return { allowed: false, limit: rule.limit, remaining: 0, resetMs: Math.max(0, resetMs), blocked, backend };
}
