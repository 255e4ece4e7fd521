/**
 * The circuit breaker in front of Core. Failed calls and failed health probes count; after
 * `failureThreshold` in a row the circuit opens and requests stop waiting on Core (fail-open or 503
 * without a call). Only the background health probe closes it again, after `recoveryThreshold`
 * healthy answers in a row, so a Core that is back but not yet ready gets no traffic.
 */

/** Closed: Core is called. Open: Core is not called. */
export type BreakerState = 'closed' | 'open';

/** Thresholds of the breaker. */
export interface BreakerOptions {
  readonly failureThreshold: number;
  readonly recoveryThreshold: number;
  /** Told on every change of state (logs, metrics). */
  readonly onChange?: (state: BreakerState, why: string) => void;
}

/** Counts Core's failures and recoveries. */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #healthy = 0;
  #lastFailure = '';

  constructor(private readonly options: BreakerOptions) {}

  get state(): BreakerState {
    return this.#state;
  }

  /** Whether a request may call Core now. */
  get allowsCalls(): boolean {
    return this.#state === 'closed';
  }

  /** Consecutive failures so far (closed state). */
  get failures(): number {
    return this.#failures;
  }

  /** A call or probe that Core answered. */
  success(): void {
    if (this.#state === 'closed') this.#failures = 0;
  }

  /** A call or probe that failed (unreachable, deadline, internal error). */
  failure(reason: string): void {
    this.#lastFailure = reason;
    this.#healthy = 0;
    if (this.#state === 'open') return;
    this.#failures++;
    if (this.#failures >= this.options.failureThreshold) this.#set('open', `${this.#failures} consecutive failures (last: ${reason})`);
  }

  /** A background health probe's answer. */
  probe(healthy: boolean, reason = 'not serving'): void {
    if (!healthy) return this.failure(`health probe: ${reason}`);
    if (this.#state === 'closed') return this.success();
    this.#healthy++;
    if (this.#healthy >= this.options.recoveryThreshold) this.#set('closed', `${this.#healthy} healthy probes in a row`);
  }

  /** The reason of the most recent failure (for bypass records). */
  get lastFailure(): string {
    return this.#lastFailure;
  }

  #set(state: BreakerState, why: string): void {
    this.#state = state;
    this.#failures = 0;
    this.#healthy = 0;
    this.options.onChange?.(state, why);
  }
}
