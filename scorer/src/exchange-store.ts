/**
 * Short-lived memory of request halves (engine/exchange.ts), keyed by request id, so the response check
 * of the same exchange can compare the answer with the system prompt, validate tool calls against the
 * declared schemas and taint calls that follow injected content. Gateways send the request and the
 * response with the same `x-aegis-request-id` (Kong keeps it across phases; an Envoy ext_proc stream
 * carries both). Entries expire after `EXCHANGE_TTL_MS`; at most `MAX_EXCHANGES` are kept, oldest first
 * out. It is per process: with several Core replicas, a response that reaches another replica is checked
 * without its request (or the caller sends the exchange itself); a shared (Redis) store can implement
 * the same interface.
 */
import type { ExchangeRequest } from './engine/types';

/** Where request halves wait for their response. */
export interface ExchangeStore {
  get(requestId: string): ExchangeRequest | undefined;
  set(requestId: string, exchange: ExchangeRequest): void;
  readonly size: number;
}

/** Entries kept at most (about 10 000 system prompts of a few KB: tens of MB at worst). */
export const MAX_EXCHANGES = 10_000;

/** In-memory store with a time-to-live; `ttlMs` 0 keeps nothing. */
export class MemoryExchangeStore implements ExchangeStore {
  readonly #entries = new Map<string, { exchange: ExchangeRequest; expires: number }>();

  constructor(
    readonly ttlMs: number,
    readonly max = MAX_EXCHANGES,
    readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(requestId: string): ExchangeRequest | undefined {
    const e = this.#entries.get(requestId);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.#entries.delete(requestId);
      return undefined;
    }
    return e.exchange;
  }

  set(requestId: string, exchange: ExchangeRequest): void {
    if (this.ttlMs <= 0) return;
    const now = this.now();
    this.#entries.delete(requestId);
    // Map keeps insertion order: the first entries are the oldest. Drop expired ones, then the overflow.
    for (const [id, e] of this.#entries) {
      if (e.expires > now && this.#entries.size < this.max) break;
      this.#entries.delete(id);
    }
    this.#entries.set(requestId, { exchange, expires: now + this.ttlMs });
  }
}
