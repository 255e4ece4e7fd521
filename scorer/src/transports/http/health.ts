/** The health report served at `GET /api/v1/health` (and, later, by gRPC health). */

export type HealthStatus = 'ok' | 'degraded' | 'starting' | 'down';

export interface ComponentHealth {
  readonly status: 'ok' | 'degraded' | 'down' | 'disabled';
  readonly [detail: string]: unknown;
}

export interface HealthReport {
  readonly status: HealthStatus;
  readonly version: string;
  readonly uptimeS: number;
  readonly components: Readonly<Record<string, ComponentHealth>>;
}

/** Overall status from components: any down → degraded (Core keeps serving on what it has). */
export function overall(components: Readonly<Record<string, ComponentHealth>>): HealthStatus {
  const states = Object.values(components).map((c) => c.status);
  return states.some((s) => s === 'down' || s === 'degraded') ? 'degraded' : 'ok';
}

/** Components report their own health; Core's health endpoints (REST, later gRPC) read them all. */
export class HealthRegistry {
  readonly #components = new Map<string, () => ComponentHealth>();

  /** Adds (or replaces) a component's probe. The probe must be cheap and must not throw. */
  register(name: string, probe: () => ComponentHealth): void {
    this.#components.set(name, probe);
  }

  /** Every component's current state. */
  snapshot(): Record<string, ComponentHealth> {
    const out: Record<string, ComponentHealth> = {};
    for (const [name, probe] of this.#components) {
      try {
        out[name] = probe();
      } catch (err) {
        out[name] = { status: 'down', error: (err as Error).message };
      }
    }
    return out;
  }
}
