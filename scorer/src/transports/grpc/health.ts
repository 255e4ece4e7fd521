/**
 * grpc.health.v1.Health (npm grpc-health-check) for `""` and each service name. SERVING only while
 * Core is ready and its engine is up; NOT_SERVING while starting, when the engine is down, and from the
 * moment shutdown begins (so Envoy's gRPC health checks drain traffic first).
 */
import type { Server } from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

/** The health service, re-evaluated on a timer and on demand. */
export class GrpcHealth {
  readonly #impl: HealthImplementation;
  readonly #services: readonly string[];
  readonly #probe: () => boolean;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #status: ServingStatus = 'NOT_SERVING';

  constructor(services: readonly string[], probe: () => boolean) {
    this.#services = ['', ...services];
    this.#probe = probe;
    this.#impl = new HealthImplementation(Object.fromEntries(this.#services.map((s) => [s, 'NOT_SERVING' as const])));
  }

  addToServer(server: Server): void {
    this.#impl.addToServer(server);
  }

  /** Current status (as last set). */
  get status(): ServingStatus {
    return this.#status;
  }

  /** Re-reads readiness now and publishes it (watchers are notified by grpc-health-check). */
  refresh(): ServingStatus {
    let next: ServingStatus = 'NOT_SERVING';
    if (!this.#closed) {
      try {
        next = this.#probe() ? 'SERVING' : 'NOT_SERVING';
      } catch {
        next = 'NOT_SERVING';
      }
    }
    if (next !== this.#status) {
      this.#status = next;
      for (const s of this.#services) this.#impl.setStatus(s, next);
    }
    return next;
  }

  /** Re-evaluates every `intervalMs`. */
  start(intervalMs = 1000): void {
    this.refresh();
    this.#timer = setInterval(() => this.refresh(), intervalMs);
    this.#timer.unref();
  }

  /** NOT_SERVING for good (shutdown has begun). */
  shutdown(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.refresh();
  }
}
