/**
 * Prometheus metrics with the seed's names, served at `GET /api/v1/metrics`. Label values are bounded:
 * a route or tenant that no policy scope names folds into `other`, so a client inventing route names
 * cannot grow the series count.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Category } from '../engine/types';
import type { DecisionContext, DecisionObserver, DecisionResult } from '../service';
import type { PolicySet } from '../../../policy/store/policy-set';

/** Label value for a missing route or tenant. */
export const NONE = 'none';
/** Label value for a route or tenant that no policy scope names. */
export const OTHER = 'other';

/** Categories that are data, not threats: counted by `aegis_pii_detections_total` by entity type. */
const DATA_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['pii', 'secret']);

/**
 * The two metrics Core and the Kong edge plugin both export, defined once so their names and labels
 * stay the same: one dashboard panel sums Core and every Kong node.
 */
export function sharedGatewayMetrics(registers: Registry[]): { bypassed: Counter<'reason' | 'route'>; ratelimited: Counter<'source' | 'route'> } {
  return {
    bypassed: new Counter({ name: 'aegis_bypassed_total', help: 'Requests let through unchecked because Core was unavailable (fail-open).', labelNames: ['reason', 'route'], registers }),
    ratelimited: new Counter({ name: 'aegis_ratelimited_total', help: 'Requests rejected by a rate limit.', labelNames: ['source', 'route'], registers }),
  };
}

/** Every metric Core exports. */
export class AegisMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'direction' | 'action' | 'transport' | 'route' | 'tenant'>;
  readonly blocked: Counter<'direction' | 'category' | 'route' | 'tenant'>;
  readonly threats: Counter<'direction' | 'category' | 'route' | 'tenant'>;
  readonly duration: Histogram<'direction' | 'transport'>;
  readonly pii: Counter<'direction' | 'entity_type' | 'route' | 'tenant'>;
  readonly bypassed: Counter<'reason' | 'route'>;
  readonly ratelimited: Counter<'source' | 'route'>;
  readonly policyVersion: Gauge<'policy' | 'scope'>;
  readonly auditQueueDepth: Gauge;
  #policies: () => PolicySet | undefined = () => undefined;
  #auditDepth: () => number = () => 0;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'aegis_requests_total', help: 'Decisions made, by direction, action, transport, route and tenant.', labelNames: ['direction', 'action', 'transport', 'route', 'tenant'], registers });
    this.blocked = new Counter({ name: 'aegis_blocked_total', help: 'Blocked decisions, once per category that caused the block.', labelNames: ['direction', 'category', 'route', 'tenant'], registers });
    this.threats = new Counter({ name: 'aegis_threats_detected_total', help: 'Threat categories that reached their policy threshold (any action), per decision.', labelNames: ['direction', 'category', 'route', 'tenant'], registers });
    this.duration = new Histogram({
      name: 'aegis_request_duration_seconds',
      help: 'Time to decide: body parsing, evaluation and masking.',
      labelNames: ['direction', 'transport'],
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    this.pii = new Counter({ name: 'aegis_pii_detections_total', help: 'Personal data and secrets found, by entity type.', labelNames: ['direction', 'entity_type', 'route', 'tenant'], registers });
    ({ bypassed: this.bypassed, ratelimited: this.ratelimited } = sharedGatewayMetrics(registers));
    // collect() runs with `this` = the gauge; these arrows read the instance's current sources.
    const policies = (): PolicySet | undefined => this.#policies();
    const auditDepth = (): number => this.#auditDepth();
    this.policyVersion = new Gauge({
      name: 'aegis_policy_version',
      help: 'Active version of each policy, by id and scope.',
      labelNames: ['policy', 'scope'],
      registers,
      collect() {
        this.reset();
        for (const p of policies()?.policies ?? []) {
          const scope = p.scope ? [p.scope.tenant ? `tenant:${p.scope.tenant}` : '', p.scope.route ? `route:${p.scope.route}` : ''].filter(Boolean).join(',') : 'default';
          this.set({ policy: p.id, scope }, p.version);
        }
      },
    });
    this.auditQueueDepth = new Gauge({
      name: 'aegis_audit_queue_depth',
      help: 'Audit records waiting to be written.',
      registers,
      collect() {
        this.set(auditDepth());
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'aegis_process_' });
  }

  /** Where the active policy set comes from (read at scrape time). */
  trackPolicies(source: () => PolicySet | undefined): void {
    this.#policies = source;
  }

  /** Where the audit queue depth comes from (read at scrape time). */
  trackAuditQueue(depth: () => number): void {
    this.#auditDepth = depth;
  }

  /** Folds a route or tenant into a bounded label value. */
  scopeLabel(kind: 'tenant' | 'route', value: string | undefined): string {
    if (value === undefined || value === '') return NONE;
    for (const p of this.#policies()?.policies ?? []) if (p.scope?.[kind] === value) return value;
    return OTHER;
  }

  /** A decision observer that counts every decision. */
  observer(): DecisionObserver {
    return { onDecision: (result, ctx) => this.record(result, ctx) };
  }

  /** Counts one decision. */
  record(result: DecisionResult, ctx: DecisionContext): void {
    const v = result.verdict;
    const route = this.scopeLabel('route', ctx.route);
    const tenant = this.scopeLabel('tenant', ctx.tenant);
    const direction = v.direction;
    this.requests.inc({ direction, action: v.action, transport: ctx.transport, route, tenant });
    this.duration.observe({ direction, transport: ctx.transport }, result.elapsedUs / 1e6);
    for (const category of v.categories) {
      if (!DATA_CATEGORIES.has(category)) this.threats.inc({ direction, category, route, tenant });
      if (v.action === 'block') this.blocked.inc({ direction, category, route, tenant });
    }
    for (const f of v.findings) {
      if (!DATA_CATEGORIES.has(f.category) || !v.categories.includes(f.category)) continue;
      for (const span of f.spans ?? []) this.pii.inc({ direction, entity_type: span.type ?? f.category.toUpperCase(), route, tenant });
    }
  }
}
