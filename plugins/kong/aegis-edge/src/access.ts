/**
 * The access phase, in the order the edge must run it:
 *   1. rate limit (Redis shared by every Kong node; in-process while Redis is unreachable) keyed by
 *      the configured header, else the consumer, else the client IP → 429 with Retry-After;
 *   2. fast screen with Core's own normaliser and pattern rules → 403 for a clear attack;
 *   3. Core `Inspect` with a deadline → 403 / masked body upstream / allow;
 *   4. while Core fails (circuit open or the call failed): fail-open with `X-Aegis-Bypassed: true`
 *      and a logged bypass record, or 503 when fail-open is off.
 * `X-Aegis-Request-Id` (the client's, when it looks like an id, else a new one) goes upstream and back
 * to the client on every path. Every PDK call is a round trip to Kong: the phase makes as few as it can,
 * and none after `kong.response.exit`.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AegisError, BLOCKED_CODE, toErrorBody } from '../../../../scorer/src/errors';
import type { LimitDecision, Limiter } from '../../../../scorer/src/ratelimit';
import { requestIdFrom } from '../../../../scorer/src/service';
import { redactText } from '../../../../scorer/src/telemetry/logger';
import { denialBody } from '../../../../scorer/src/transports/grpc/wire';
import type { RemoteVerdict } from '../../../../scorer/src/transports/grpc/scorer-client';
import { isInputError, type CoreLink } from './core-link';
import type { EdgeOutcome } from './metrics';
import { headerOf, type HeaderValue, type KongPdk } from './pdk';
import type { EdgeRuntime } from './runtime';
import type { EdgePluginConfig } from './schema';

/** What a phase needs: the route's config and the process's shared state. */
export interface PhaseDeps {
  readonly cfg: EdgePluginConfig;
  readonly rt: EdgeRuntime;
  readonly link: CoreLink;
  readonly limiter: Limiter;
}

/** `kong.ctx.shared` key carrying the request id from the access phase to the response phase. */
export const SHARED_REQUEST_ID = 'aegis_edge_request_id';

const JSON_TYPE = 'application/json';

/** Runs the access phase for one request. Never throws: a bug is logged and handled like a Core fault. */
export async function accessPhase(kong: KongPdk, d: PhaseDeps): Promise<void> {
  const t0 = performance.now();
  const run = new AccessRun(kong, d);
  let outcome: EdgeOutcome;
  try {
    outcome = await run.execute();
  } catch (err) {
    outcome = await run.onUnexpected(err);
  }
  d.rt.metrics.requests.inc({ phase: 'access', outcome, route: d.cfg.route ?? 'none' });
  d.rt.metrics.phaseDuration.observe({ phase: 'access' }, (performance.now() - t0) / 1000);
}

/** One access phase: the request's state across the steps. */
class AccessRun {
  requestId = '';
  consumer: string | undefined;
  body: string | Uint8Array = '';
  /** Headers for the upstream request and for the client's response. */
  readonly upstream: Record<string, string> = {};
  readonly client: Record<string, string> = {};
  exited = false;

  constructor(
    readonly kong: KongPdk,
    readonly d: PhaseDeps,
  ) {}

  get cfg(): EdgePluginConfig {
    return this.d.cfg;
  }

  async execute(): Promise<EdgeOutcome> {
    const headers = (await this.kong.request.getHeaders()) ?? {};
    this.requestId = requestIdFrom(headerOf(headers, 'x-aegis-request-id') ?? headerOf(headers, 'x-request-id'));
    this.upstream['x-aegis-request-id'] = this.requestId;
    this.client['x-aegis-request-id'] = this.requestId;

    if (this.cfg.rateLimitMaxRequests > 0) {
      const decision = await this.rateLimit(headers);
      if (!decision.allowed) return this.refuseRate(decision);
    }

    let raw: string | Uint8Array | null | undefined;
    try {
      raw = await this.kong.request.getRawBody();
    } catch {
      // Kong cannot hand over a body that did not fit its client_body_buffer_size (it went to a file).
      return this.exitError(new AegisError('AEGIS_ERR_BODY_TOO_LARGE', "The body is larger than Kong's client_body_buffer_size and cannot be inspected."), 'bad_request');
    }
    this.body = raw ?? '';
    const size = typeof this.body === 'string' ? Buffer.byteLength(this.body) : this.body.byteLength;
    if (size > this.cfg.maxBodyBytes) return this.exitError(new AegisError('AEGIS_ERR_BODY_TOO_LARGE', `The body is larger than ${this.cfg.maxBodyBytes} bytes.`), 'bad_request');

    let outcome: EdgeOutcome = 'allow';
    // A request without a body (GET /v1/models) carries no prompt: nothing to screen or inspect.
    if (size > 0) {
      const contentType = headerOf(headers, 'content-type');
      if (this.cfg.fastScreenEnabled) {
        const blocked = await this.fastScreen(contentType);
        if (blocked !== undefined) return blocked;
      }
      if (this.cfg.coreInspectEnabled) {
        outcome = await this.inspect(contentType);
        if (this.exited) return outcome;
      }
    }
    if (outcome !== 'bypass' && this.cfg.outputGuardEnabled) {
      // The output guard reads the answer as text: ask the upstream not to compress it.
      this.upstream['accept-encoding'] = 'identity';
      await this.kong.ctx.shared.set(SHARED_REQUEST_ID, this.requestId);
    }
    await this.kong.service.request.setHeaders(this.upstream);
    await this.kong.response.setHeaders(this.client);
    return outcome;
  }

  async rateLimit(headers: Record<string, HeaderValue>): Promise<LimitDecision> {
    const key = await this.rateKey(headers);
    const { limiter, cfg } = this.d;
    const decision = await limiter.consume(key, { limit: cfg.rateLimitMaxRequests, windowMs: cfg.rateLimitWindowMs, blockMs: cfg.rateLimitBlockDurationMs });
    if (limiter.backend === 'redis' && decision.backend === 'memory') this.d.rt.metrics.limiterFallbacks.inc({ reason: 'redis_unavailable' });
    this.client['x-ratelimit-limit'] = String(decision.limit);
    this.client['x-ratelimit-remaining'] = String(decision.remaining);
    this.client['x-ratelimit-reset'] = String(Math.ceil(decision.resetMs / 1000));
    return decision;
  }

  /** The configured header's value (hashed: it may be a credential), else the consumer, else the client IP. */
  async rateKey(headers: Record<string, HeaderValue>): Promise<string> {
    const name = this.cfg.rateLimitKeyHeader?.toLowerCase();
    const fromHeader = name !== undefined ? headerOf(headers, name) : undefined;
    if (fromHeader !== undefined && fromHeader !== '') return `h:${createHash('sha256').update(fromHeader).digest('hex').slice(0, 32)}`;
    const consumer = await this.kong.client.getConsumer();
    const id = consumer?.id ?? consumer?.username;
    if (id) {
      this.consumer = id;
      return `c:${id}`;
    }
    return `ip:${(await this.kong.client.getForwardedIp()) ?? 'unknown'}`;
  }

  async refuseRate(decision: LimitDecision): Promise<EdgeOutcome> {
    this.d.rt.metrics.ratelimited.inc({ source: 'kong', route: this.cfg.route ?? 'none' });
    const retry = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
    await this.exit(429, JSON.stringify(toErrorBody(new AegisError('AEGIS_ERR_RATE_LIMITED'), this.requestId).body), { ...this.client, 'retry-after': retry });
    return 'ratelimited';
  }

  /** The fast screen; returns the outcome when it ended the request. */
  async fastScreen(contentType: string | undefined): Promise<EdgeOutcome | undefined> {
    let result;
    try {
      result = await this.d.rt.screen.screen(this.body, contentType, this.requestId, this.cfg.fastScreenThreshold);
    } catch (err) {
      if (err instanceof AegisError && err.status < 500) return this.exitError(err, 'bad_request');
      throw err;
    }
    if (!result.block) return undefined;
    const v = result.verdict;
    // Core never sees this request: the edge's log line is the record of the decision.
    this.d.rt.logger.info({ event: 'edge_block', requestId: this.requestId, decisionId: v.decisionId, categories: v.categories, risk: v.risk, route: this.cfg.route, tenant: this.cfg.tenant, consumer: this.consumer, body: redactText(this.body) }, 'request blocked by the edge fast screen');
    await this.exit(403, denialBody('Blocked by policy.', BLOCKED_CODE, this.requestId, v.categories), { ...this.client, 'x-aegis-action': 'block', 'x-aegis-decision-id': v.decisionId });
    return 'block_edge';
  }

  /** Core's Inspect; the circuit breaker decides whether Core is asked at all. */
  async inspect(contentType: string | undefined): Promise<EdgeOutcome> {
    const { link, rt } = this.d;
    if (!link.breaker.allowsCalls) return this.coreUnavailable('circuit_open', link.breaker.lastFailure);
    const t0 = performance.now();
    let v: RemoteVerdict;
    try {
      v = await link.client.inspect(
        {
          body: this.body,
          requestId: this.requestId,
          ...(contentType !== undefined ? { contentType } : {}),
          ...(this.cfg.tenant !== undefined ? { tenant: this.cfg.tenant } : {}),
          ...(this.cfg.route !== undefined ? { route: this.cfg.route } : {}),
          ...(this.consumer !== undefined ? { consumer: this.consumer } : {}),
        },
        this.cfg.coreTimeoutMs,
      );
    } catch (err) {
      if (isInputError(err)) {
        link.breaker.success();
        rt.metrics.coreCalls.observe({ method: 'Inspect', result: 'input_error' }, (performance.now() - t0) / 1000);
        return this.exitError(new AegisError(err.catalogCode!, err.message.replace(/^AEGIS_ERR_[A-Z_]+: /, '')), 'bad_request');
      }
      const reason = (err as { code?: number; message?: string }).message ?? String(err);
      link.breaker.failure(reason);
      rt.metrics.coreCalls.observe({ method: 'Inspect', result: 'error' }, (performance.now() - t0) / 1000);
      return this.coreUnavailable('core_error', reason);
    }
    link.breaker.success();
    rt.metrics.coreCalls.observe({ method: 'Inspect', result: v.action }, (performance.now() - t0) / 1000);
    if (v.action === 'block') {
      await this.exit(403, denialBody('Blocked by policy.', BLOCKED_CODE, this.requestId, v.categories), { ...this.client, 'x-aegis-action': 'block', 'x-aegis-decision-id': v.decisionId });
      return 'block_core';
    }
    const forward = v.rewrittenBody ?? (v.action === 'mask' ? v.maskedBody : undefined);
    if (forward !== undefined) await this.kong.service.request.setRawBody(forward);
    this.upstream['x-aegis-decision-id'] = v.decisionId;
    if (v.action !== 'allow') this.upstream['x-aegis-action'] = v.action;
    return v.action === 'mask' ? 'mask' : 'allow';
  }

  /** Core cannot decide: fail open (bypass, recorded) or refuse with 503. */
  async coreUnavailable(reason: 'circuit_open' | 'core_error' | 'edge_error', detail: string): Promise<EdgeOutcome> {
    const { rt } = this.d;
    if (!this.cfg.failOpenEnabled) {
      await this.exit(503, JSON.stringify(toErrorBody(new AegisError('AEGIS_ERR_UNAVAILABLE', 'The security check is unavailable; the request was not forwarded.'), this.requestId).body), this.client);
      return 'unavailable';
    }
    rt.metrics.bypassed.inc({ reason, route: this.cfg.route ?? 'none' });
    // The bypass record: enough to audit later what went through unchecked, never the text itself.
    rt.logger.warn(
      { event: 'aegis_bypass', requestId: this.requestId, reason, detail, route: this.cfg.route, tenant: this.cfg.tenant, consumer: this.consumer, body: redactText(this.body), target: this.cfg.failOpenTargetUrl ?? 'service' },
      'request passed unchecked: Core unavailable (fail-open)',
    );
    this.upstream['x-aegis-bypassed'] = 'true';
    this.client['x-aegis-bypassed'] = 'true';
    if (this.cfg.failOpenTargetUrl !== undefined) await this.retarget(this.cfg.failOpenTargetUrl);
    return 'bypass';
  }

  /** Sends bypassed traffic to FAIL_OPEN_TARGET_URL: its scheme, host and port; its path when not `/`. */
  async retarget(target: string): Promise<void> {
    const u = new URL(target);
    const scheme = u.protocol.replace(':', '');
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    await this.kong.service.request.setScheme(scheme);
    await this.kong.service.setTarget(host, u.port !== '' ? Number(u.port) : scheme === 'https' ? 443 : 80);
    if (u.pathname !== '/' && u.pathname !== '') await this.kong.service.request.setPath(u.pathname);
    this.upstream.host = u.host;
  }

  async exitError(err: AegisError, outcome: EdgeOutcome): Promise<EdgeOutcome> {
    const { status, body } = toErrorBody(err, this.requestId);
    await this.exit(status, JSON.stringify(body), this.client);
    return outcome;
  }

  async exit(status: number, body: string, headers: Record<string, string>): Promise<void> {
    this.exited = true;
    await this.kong.response.exit(status, body, { ...headers, 'content-type': JSON_TYPE });
  }

  /** A bug or a failed PDK call: logged; handled like a Core fault unless the request already ended. */
  async onUnexpected(err: unknown): Promise<EdgeOutcome> {
    this.d.rt.logger.error({ err, requestId: this.requestId }, 'aegis-edge access phase failed');
    if (this.exited) return 'skipped';
    try {
      const outcome = await this.coreUnavailable('edge_error', (err as Error).message ?? String(err));
      if (this.exited) return outcome;
      await this.kong.service.request.setHeaders(this.upstream);
      await this.kong.response.setHeaders(this.client);
      return outcome;
    } catch (again) {
      this.d.rt.logger.error({ err: again, requestId: this.requestId }, 'aegis-edge could not answer after a failure');
      return 'skipped';
    }
  }
}
