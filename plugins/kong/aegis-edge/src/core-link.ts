/**
 * The edge's link to Core: the typed `aegis.v1.Scorer` client, the circuit breaker, and a background
 * grpc.health.v1 probe that feeds it. One link per Core address and health settings, shared by every
 * plugin instance (route) in the plugin server process.
 */
import { credentials, makeClientConstructor, Metadata, status as grpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { ScorerCallError, ScorerClient } from '../../../../scorer/src/transports/grpc/scorer-client';
import { SERVICE_NAMES } from '../../../../scorer/src/transports/grpc/protos';
import { CircuitBreaker, type BreakerState } from './breaker';

/** How to reach and watch Core. */
export interface CoreLinkOptions {
  readonly endpoint: string;
  readonly healthIntervalMs: number;
  readonly healthTimeoutMs: number;
  readonly failureThreshold: number;
  readonly recoveryThreshold: number;
  readonly onStateChange?: (state: BreakerState, why: string) => void;
}

type HealthClient = Client & {
  Check(req: { service: string }, md: Metadata, opts: { deadline: Date }, cb: (err: ServiceError | null, res?: { status: string | number }) => void): void;
};

const HealthCtor = makeClientConstructor(healthService as unknown as Parameters<typeof makeClientConstructor>[0], 'grpc.health.v1.Health');

/**
 * Statuses that say Core answered and judged the input (a 4xx catalog error): not a fault of Core.
 * Everything else (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, …) is a failure for the breaker.
 */
const ANSWERED: ReadonlySet<number> = new Set([grpcStatus.INVALID_ARGUMENT, grpcStatus.PERMISSION_DENIED, grpcStatus.RESOURCE_EXHAUSTED, grpcStatus.UNAUTHENTICATED, grpcStatus.NOT_FOUND]);

/** True when a failed call was Core's answer about the input rather than Core failing. */
export function isInputError(err: unknown): err is ScorerCallError {
  return err instanceof ScorerCallError && ANSWERED.has(err.code) && err.catalogCode !== undefined;
}

/** Client, breaker and probe for one Core. */
export class CoreLink {
  readonly endpoint: string;
  readonly client: ScorerClient;
  readonly breaker: CircuitBreaker;
  readonly #health: HealthClient;
  readonly #timer: NodeJS.Timeout;
  readonly #timeoutMs: number;
  #probing = false;
  #closed = false;

  constructor(options: CoreLinkOptions) {
    // Reconnect within about one probe interval once Core is back (grpc-js backs off up to 120 s by
    // default, which would keep the circuit open long after Core recovered).
    this.endpoint = options.endpoint;
    const backoff = Math.max(100, Math.min(options.healthIntervalMs, 5000));
    const channelOptions = { 'grpc.initial_reconnect_backoff_ms': Math.min(backoff, 1000), 'grpc.max_reconnect_backoff_ms': backoff };
    this.client = new ScorerClient(options.endpoint, { channelOptions });
    this.#health = new HealthCtor(options.endpoint, credentials.createInsecure(), channelOptions) as unknown as HealthClient;
    this.breaker = new CircuitBreaker({ failureThreshold: options.failureThreshold, recoveryThreshold: options.recoveryThreshold, ...(options.onStateChange ? { onChange: options.onStateChange } : {}) });
    this.#timeoutMs = options.healthTimeoutMs;
    this.#timer = setInterval(() => void this.probeOnce(), options.healthIntervalMs);
    this.#timer.unref();
  }

  /** One health check of Core's Scorer service, fed to the breaker (skipped while one is in flight). */
  async probeOnce(): Promise<boolean | undefined> {
    if (this.#probing || this.#closed) return undefined;
    this.#probing = true;
    try {
      const state = await new Promise<string>((resolve) => {
        this.#health.Check({ service: SERVICE_NAMES.scorer }, new Metadata(), { deadline: new Date(Date.now() + this.#timeoutMs) }, (err, res) => {
          if (err) resolve(grpcStatus[err.code] ?? String(err.code));
          else resolve(res?.status === 1 || res?.status === 'SERVING' ? 'SERVING' : String(res?.status ?? 'UNKNOWN'));
        });
      });
      const ok = state === 'SERVING';
      if (!this.#closed) this.breaker.probe(ok, state);
      return ok;
    } finally {
      this.#probing = false;
    }
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.client.close();
    this.#health.close();
  }
}
