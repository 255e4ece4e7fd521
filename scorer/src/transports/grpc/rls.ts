/**
 * envoy.service.ratelimit.v3.RateLimitService/ShouldRateLimit over the shared limiter. Each descriptor
 * is one key (domain + its entries); its limit is the descriptor's own `limit` when Envoy's route sets
 * one, else RLS_REQUESTS_PER_UNIT per RLS_UNIT. A Redis outage is absorbed by the limiter (in-process
 * counts), so this never answers with an error because of it.
 */
import { createHash } from 'node:crypto';
import { status, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { RlsUnit } from '../../config';
import type { LimitRule } from '../../ratelimit';
import type { GrpcDeps } from './deps';
import type { RateLimitDescriptor, RateLimitRequest, RateLimitResponse } from './messages';

const UNIT_MS: Readonly<Record<string, number>> = {
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  MONTH: 30 * 86_400_000,
  YEAR: 365 * 86_400_000,
};

/** The RateLimitService implementation. */
export function rateLimitService(deps: GrpcDeps): UntypedServiceImplementation {
  return {
    ShouldRateLimit: (call: ServerUnaryCall<RateLimitRequest, RateLimitResponse>, callback: sendUnaryData<RateLimitResponse>) => {
      const domain = call.request.domain ?? '';
      if (domain === '') {
        callback({ code: status.INVALID_ARGUMENT, details: 'AEGIS_ERR_BAD_REQUEST: domain is required' });
        return;
      }
      shouldRateLimit(deps, call.request).then(
        (res) => callback(null, res),
        (err: unknown) => {
          deps.logger.error({ err, transport: 'envoy.rls' }, 'rate-limit check failed');
          callback({ code: status.INTERNAL, details: 'AEGIS_ERR_INTERNAL' });
        },
      );
    },
  };
}

/** Counts one request against every descriptor; OVER_LIMIT when any is over. */
export async function shouldRateLimit(deps: GrpcDeps, req: RateLimitRequest): Promise<RateLimitResponse> {
  const cost = req.hits_addend !== undefined && req.hits_addend > 0 ? req.hits_addend : 1;
  const statuses = await Promise.all(
    (req.descriptors ?? []).map(async (d) => {
      const { rule, unit } = ruleFor(d, deps);
      const decision = await deps.limiter.consume(descriptorKey(req.domain ?? '', d), rule, cost);
      return {
        code: decision.allowed ? ('OK' as const) : ('OVER_LIMIT' as const),
        current_limit: { requests_per_unit: rule.limit, unit },
        limit_remaining: decision.remaining,
        duration_until_reset: { seconds: Math.floor(decision.resetMs / 1000), nanos: (decision.resetMs % 1000) * 1_000_000 },
      };
    }),
  );
  const over = statuses.some((s) => s.code === 'OVER_LIMIT');
  if (over) deps.metrics?.ratelimited.inc({ source: 'envoy_rls', route: 'none' });
  return { overall_code: over ? 'OVER_LIMIT' : 'OK', statuses };
}

function ruleFor(d: RateLimitDescriptor, deps: GrpcDeps): { rule: LimitRule; unit: string } {
  const blockMs = deps.config.rateLimitBlockDurationMs;
  const override = d.limit;
  if (override?.requests_per_unit !== undefined && override.unit !== undefined && UNIT_MS[override.unit] !== undefined) {
    return { rule: { limit: override.requests_per_unit, windowMs: UNIT_MS[override.unit] as number, blockMs }, unit: override.unit };
  }
  const unit = deps.config.rlsUnit.toUpperCase() as Uppercase<RlsUnit>;
  return { rule: { limit: deps.config.rlsRequestsPerUnit, windowMs: UNIT_MS[unit] as number, blockMs }, unit };
}

/** `rls:<domain>:k=v|k=v`; long keys (client-chosen header values) are hashed to bound key size. */
function descriptorKey(domain: string, d: RateLimitDescriptor): string {
  const entries = (d.entries ?? []).map((e) => `${e.key ?? ''}=${e.value ?? ''}`).join('|');
  const key = `${domain}:${entries}`;
  return `rls:${key.length > 200 ? createHash('sha256').update(key).digest('hex') : key}`;
}
