/**
 * envoy.service.auth.v3.Authorization/Check (ext_authz, gRPC). Envoy sends the request with its body
 * (`with_request_body`); a block is a `denied_response` 403 with Aegis's JSON reason, anything else is
 * an `ok_response`. ext_authz cannot change the body: a "mask" verdict is allowed here and flagged in
 * the dynamic metadata, and ext_proc (which can rewrite the body) masks it.
 */
import { status, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Verdict } from '../../engine/types';
import { AegisError, BLOCKED_CODE, toErrorBody } from '../../errors';
import { requestIdFrom } from '../../service';
import type { GrpcDeps } from './deps';
import type { CheckRequest, CheckResponse, HeaderValueOption } from './messages';
import { headerScope, isLlmRequest, scopeFrom, type Scope } from './scope';
import { decisionMetadata, denialBody, stringHeader, toStruct } from './wire';

/** The Authorization service implementation. */
export function authorizationService(deps: GrpcDeps): UntypedServiceImplementation {
  return {
    Check: (call: ServerUnaryCall<CheckRequest, CheckResponse>, callback: sendUnaryData<CheckResponse>) => {
      check(deps, call.request).then(
        (res) => callback(null, res),
        (err: unknown) => {
          // A fault, not a decision: Envoy applies its failure mode (failure_mode_allow).
          deps.logger.error({ err, transport: 'envoy.ext_authz' }, 'ext_authz check failed');
          callback({ code: status.INTERNAL, details: 'AEGIS_ERR_INTERNAL' });
        },
      );
    },
  };
}

/** Decides one Check request. Throws only on faults (bugs); bad input is a denial. */
export async function check(deps: GrpcDeps, req: CheckRequest): Promise<CheckResponse> {
  const http = req.attributes?.request?.http ?? {};
  const headers = lowerKeys(http.headers ?? {});
  const requestId = requestIdFrom(headers['x-aegis-request-id'] ?? headers['x-request-id']);
  let scope: Scope = {};
  try {
    scope = scopeFrom([req.attributes?.context_extensions, headerScope(headers)]);
    if (!isLlmRequest(http.method, http.path, headers['content-type'])) {
      return allow(requestId, undefined, toStruct({ request_id: requestId, inspected: false }));
    }
    // allow_partial_message: Envoy cut the body at max_request_bytes. Unseen text cannot be allowed.
    if (headers['x-envoy-auth-partial-body'] === 'true') throw new AegisError('AEGIS_ERR_BODY_TOO_LARGE', 'The body was cut at max_request_bytes and cannot be inspected whole.');
    const body: Buffer | string = http.raw_body !== undefined && http.raw_body.length > 0 ? http.raw_body : (http.body ?? '');
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (size === 0) throw new AegisError('AEGIS_ERR_EMPTY_BODY', 'No body reached Core: is with_request_body set?');
    if (size > deps.config.maxBodyBytes) throw new AegisError('AEGIS_ERR_BODY_TOO_LARGE');
    const contentType = headers['content-type'];
    const r = await deps.service.inspectRequest(body, {
      requestId,
      transport: 'envoy.ext_authz',
      // Envoy forwards the client's traceparent here, so Aegis's spans join the gateway's trace.
      traceCarrier: headers,
      ...scope,
      ...(contentType !== undefined ? { contentType } : {}),
    });
    const v = r.verdict;
    const metadata = decisionMetadata(v, { tenant: scope.tenant, route: scope.route });
    if (v.action === 'block') return deny(403, denialBody('Blocked by policy.', BLOCKED_CODE, requestId, v.categories), requestId, v, metadata);
    return allow(requestId, v, metadata);
  } catch (err) {
    if (!(err instanceof AegisError) || err.status >= 500) throw err;
    const { status: http, body } = toErrorBody(err, requestId);
    return deny(http, denialBody(body.error, body.code, requestId), requestId, undefined, toStruct({ request_id: requestId, error: body.code, tenant: scope.tenant, route: scope.route }));
  }
}

function decisionHeaders(requestId: string, v: Verdict | undefined): HeaderValueOption[] {
  const out = [stringHeader('x-aegis-request-id', requestId)];
  if (!v) return out;
  out.push(stringHeader('x-aegis-risk', String(v.risk)));
  // The decision id and action are in the dynamic metadata on every answer; as headers only when
  // they are news (a clean allow is most traffic, and every header is work for Envoy and Core).
  if (v.action !== 'allow' || v.categories.length > 0) out.push(stringHeader('x-aegis-action', v.action), stringHeader('x-aegis-decision-id', v.decisionId));
  return out;
}

function allow(requestId: string, v: Verdict | undefined, metadata: CheckResponse['dynamic_metadata']): CheckResponse {
  return {
    status: { code: status.OK },
    ok_response: { headers: decisionHeaders(requestId, v), response_headers_to_add: [stringHeader('x-aegis-request-id', requestId)] },
    ...(metadata ? { dynamic_metadata: metadata } : {}),
  };
}

function deny(http: number, body: string, requestId: string, v: Verdict | undefined, metadata: CheckResponse['dynamic_metadata']): CheckResponse {
  return {
    status: { code: http === 403 ? status.PERMISSION_DENIED : status.INVALID_ARGUMENT },
    denied_response: { status: { code: http }, headers: [stringHeader('content-type', 'application/json'), ...decisionHeaders(requestId, v)], body },
    ...(metadata ? { dynamic_metadata: metadata } : {}),
  };
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
