/**
 * The limiter contract shared by every caller: Envoy's rate-limit service, the REST API and the Kong
 * edge plugin. A fixed window per key, optionally followed by a block period once the key exceeds it.
 */
import type { ComponentHealth } from '../transports/http/health';

/** How much traffic a key may send. */
export interface LimitRule {
  /** Hits allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
  /** After exceeding the limit the key stays refused this long (0 or absent: only until the window ends). */
  readonly blockMs?: number;
}

/** The answer for one hit. */
export interface LimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Hits left in the current window (0 when refused). */
  readonly remaining: number;
  /** Milliseconds until the window (or the block) ends. */
  readonly resetMs: number;
  /** The key is in its block period. */
  readonly blocked: boolean;
  /** Which store answered: `memory` also while Redis is unreachable. */
  readonly backend: 'redis' | 'memory';
}

/** A rate limiter. `consume` never rejects: a store failure falls back to the in-process limiter. */
export interface Limiter {
  /** The configured store (`redis` even while it falls back). */
  readonly backend: 'redis' | 'memory';
  /** Counts `cost` hits (default 1) for `key` under `rule`. */
  consume(key: string, rule: LimitRule, cost?: number): Promise<LimitDecision>;
  /** For the health endpoints. */
  health(): ComponentHealth;
  /** Times a hit was answered in-process because Redis failed. */
  readonly fallbacks: number;
  close(): Promise<void>;
}
