/**
 * The response phase: the output guard. Kong has buffered the upstream answer (a plugin with a
 * `response` handler makes it do so for every request of its routes); Core's `AnalyzeOutput` checks it
 * under the request's id, so tokenised values come back and the answer is compared with its request.
 * A masked answer replaces the body with `kong.response.exit(status, body, headers)`; a blocked one
 * becomes a 403. Core down: fail-open marks the answer `X-Aegis-Bypassed: true`, else 503.
 */
import { performance } from 'node:perf_hooks';
import { AegisError, BLOCKED_CODE, toErrorBody } from '../../../../scorer/src/errors';
import { redactText } from '../../../../scorer/src/telemetry/logger';
import { denialBody } from '../../../../scorer/src/transports/grpc/wire';
import type { RemoteVerdict } from '../../../../scorer/src/transports/grpc/scorer-client';
import { SHARED_REQUEST_ID, type PhaseDeps } from './access';
import { isInputError } from './core-link';
import type { EdgeOutcome } from './metrics';
import type { KongPdk } from './pdk';

/** Runs the output guard for one answer. Never throws. */
export async function responsePhase(kong: KongPdk, d: PhaseDeps): Promise<void> {
  if (!d.cfg.outputGuardEnabled) return;
  const t0 = performance.now();
  let outcome: EdgeOutcome;
  try {
    outcome = await guard(kong, d);
  } catch (err) {
    d.rt.logger.error({ err }, 'aegis-edge response phase failed; the answer is passed unchanged');
    outcome = 'skipped';
  }
  d.rt.metrics.requests.inc({ phase: 'response', outcome, route: d.cfg.route ?? 'none' });
  d.rt.metrics.phaseDuration.observe({ phase: 'response' }, (performance.now() - t0) / 1000);
}

async function guard(kong: KongPdk, d: PhaseDeps): Promise<EdgeOutcome> {
  const { cfg, link, rt } = d;
  // Set by the access phase only when the request was checked (not refused, not bypassed).
  const requestId = await kong.ctx.shared.get(SHARED_REQUEST_ID);
  if (typeof requestId !== 'string' || requestId === '') return 'skipped';
  const status = await kong.response.getStatus();
  if (status < 200 || status > 299) return 'skipped';
  const contentType = (await kong.service.response.getHeader('content-type')) ?? undefined;
  const encoding = await kong.service.response.getHeader('content-encoding');
  if (encoding && encoding !== 'identity') {
    rt.logger.warn({ requestId, encoding }, 'answer not checked: the upstream compressed it despite Accept-Encoding: identity');
    return 'skipped';
  }
  const raw = await kong.service.response.getRawBody();
  const body = raw ?? '';
  if ((typeof body === 'string' ? body.length : body.byteLength) === 0) return 'skipped';
  const headers: Record<string, string> = { 'x-aegis-request-id': requestId, ...(contentType ? { 'content-type': contentType } : {}) };

  if (!link.breaker.allowsCalls) return unavailable(kong, d, requestId, body, 'output_circuit_open', headers);
  const t0 = performance.now();
  let v: RemoteVerdict;
  try {
    v = await link.client.analyzeOutput(
      {
        body,
        requestId,
        ...(contentType !== undefined ? { contentType } : {}),
        ...(cfg.tenant !== undefined ? { tenant: cfg.tenant } : {}),
        ...(cfg.route !== undefined ? { route: cfg.route } : {}),
      },
      cfg.coreTimeoutMs,
    );
  } catch (err) {
    if (isInputError(err)) {
      // Core could not read the answer (not JSON, not UTF-8): it is passed as it came, and said so.
      link.breaker.success();
      rt.metrics.coreCalls.observe({ method: 'AnalyzeOutput', result: 'input_error' }, (performance.now() - t0) / 1000);
      rt.logger.warn({ requestId, code: err.catalogCode, body: redactText(body) }, 'answer not checked: Core could not read it');
      return 'skipped';
    }
    const reason = (err as Error).message ?? String(err);
    link.breaker.failure(reason);
    rt.metrics.coreCalls.observe({ method: 'AnalyzeOutput', result: 'error' }, (performance.now() - t0) / 1000);
    return unavailable(kong, d, requestId, body, 'output_core_error', headers, reason);
  }
  link.breaker.success();
  rt.metrics.coreCalls.observe({ method: 'AnalyzeOutput', result: v.action }, (performance.now() - t0) / 1000);
  if (v.action === 'block') {
    await kong.response.exit(403, denialBody('The response was blocked by policy.', BLOCKED_CODE, requestId, v.categories), { ...headers, 'content-type': 'application/json', 'x-aegis-action': 'block', 'x-aegis-decision-id': v.decisionId });
    return 'block_core';
  }
  // maskedBody: masked text, and/or tokenised values of the request put back.
  if (v.maskedBody !== undefined) {
    await kong.response.exit(status, v.maskedBody, { ...headers, 'x-aegis-action': v.action, 'x-aegis-decision-id': v.decisionId });
    return v.action === 'mask' ? 'mask' : 'allow';
  }
  return 'allow';
}

async function unavailable(kong: KongPdk, d: PhaseDeps, requestId: string, body: string | Uint8Array, reason: string, headers: Record<string, string>, detail = d.link.breaker.lastFailure): Promise<EdgeOutcome> {
  const { cfg, rt } = d;
  if (!cfg.failOpenEnabled) {
    const err = new AegisError('AEGIS_ERR_UNAVAILABLE', 'The security check is unavailable; the answer was withheld.');
    await kong.response.exit(503, JSON.stringify(toErrorBody(err, requestId).body), { 'x-aegis-request-id': requestId, 'content-type': 'application/json' });
    return 'unavailable';
  }
  rt.metrics.bypassed.inc({ reason, route: cfg.route ?? 'none' });
  rt.logger.warn({ event: 'aegis_bypass', requestId, reason, detail, route: cfg.route, tenant: cfg.tenant, body: redactText(body) }, 'answer passed unchecked: Core unavailable (fail-open)');
  await kong.response.setHeaders({ 'x-aegis-bypassed': 'true', 'x-aegis-request-id': headers['x-aegis-request-id'] ?? requestId });
  return 'bypass';
}
