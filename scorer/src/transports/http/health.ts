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
