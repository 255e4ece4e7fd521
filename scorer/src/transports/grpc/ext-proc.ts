/**
 * envoy.service.ext_proc.v3.ExternalProcessor/Process: one bidirectional stream per HTTP request.
 *
 *   request_headers  → decide whether to read the body (LLM path, text body, not already allowed by
 *                      ext_authz); set x-aegis-request-id
 *   request_body     → (BUFFERED) block: ImmediateResponse 403 JSON; mask: body_mutation plus the
 *                      matching content-length (header mode SEND + BUFFERED leaves that to us)
 *   response_headers → text/event-stream: switch to STREAMED (mode_override), drop content-length;
 *                      other text bodies stay BUFFERED; anything else is not read
 *   response_body    → BUFFERED: mask by body_mutation (+ content-length) or 403; STREAMED: every
 *                      chunk is answered with the complete, masked events the scanner releases
 *
 * Header values are written in `raw_value`: Envoy ignores `value` in ext_proc mutations. Every
 * mode_override spells out the whole mode, since Envoy replaces the mode with it.
 */
import { status, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Verdict } from '../../engine/types';
import { AegisError, BLOCKED_CODE, toErrorBody } from '../../errors';
import { requestIdFrom, type DecisionContext } from '../../service';
import { SseStreamScanner } from '../../stream';
import type { GrpcDeps } from './deps';
import type { CommonResponse, HeaderValueOption, ProcessingMode, ProcessingRequest, ProcessingResponse, Struct } from './messages';
import { headerScope, isLlmRequest, isTextBody, scopeFrom, type Scope } from './scope';
import { denialBody, headerRecord, rawHeader, structStrings, toStruct } from './wire';

/** Counters for health and tests. */
export interface ExtProcStats {
  active: number;
  streams: number;
  cancelled: number;
}

/** The mode envoy.yaml configures; overrides start from it. */
const BASE_MODE: Required<ProcessingMode> = {
  request_header_mode: 'SEND',
  response_header_mode: 'SEND',
  request_body_mode: 'BUFFERED',
  response_body_mode: 'BUFFERED',
  request_trailer_mode: 'SKIP',
  response_trailer_mode: 'SKIP',
};

/** Dynamic metadata namespace Aegis writes (envoy.yaml: metadata_options.receiving_namespaces). */
export const METADATA_NAMESPACE = 'aegis';
/** ext_authz's namespace, forwarded to ext_proc (metadata_options.forwarding_namespaces). */
const AUTHZ_NAMESPACE = 'envoy.filters.http.ext_authz';

/** The ExternalProcessor service implementation and its counters. */
export function externalProcessorService(deps: GrpcDeps): { implementation: UntypedServiceImplementation; stats: ExtProcStats } {
  const stats: ExtProcStats = { active: 0, streams: 0, cancelled: 0 };
  const implementation: UntypedServiceImplementation = {
    Process: (call: ServerDuplexStream<ProcessingRequest, ProcessingResponse>) => new ProcessStream(deps, call, stats).run(),
  };
  return { implementation, stats };
}

class ProcessStream {
  #requestId = '';
  #scope: Scope = {};
  /** The request headers (traceparent among them), so stream decisions join the gateway's trace. */
  #carrier: Record<string, string> = {};
  #passThrough = false;
  #readRequestBody = true;
  #contentType: string | undefined;
  #scanner: SseStreamScanner | undefined;
  #streamRecorded = false;
  #streamBytes = 0;
  #done = false;

  constructor(
    private readonly deps: GrpcDeps,
    private readonly call: ServerDuplexStream<ProcessingRequest, ProcessingResponse>,
    private readonly stats: ExtProcStats,
  ) {}

  run(): void {
    this.stats.active++;
    this.stats.streams++;
    let chain = Promise.resolve();
    this.call.on('data', (msg: ProcessingRequest) => {
      chain = chain.then(() => this.#step(msg));
    });
    this.call.on('end', () => {
      // grpc-js also ends the readable side when Envoy resets the stream, just before it reports the
      // reset: look once the pending answers are written and the I/O round has passed.
      void chain.then(() => setImmediate(() => (this.call.cancelled ? this.#cancel() : this.#finish(() => this.call.end()))));
    });
    // grpc-js emits 'cancelled' whenever the HTTP/2 stream closes, also after a normal end.
    this.call.on('cancelled', () => this.#cancel());
    this.call.on('error', () => this.#finish());
  }

  /** Envoy gave up on the stream (the client went away, or a timeout). */
  #cancel(): void {
    if (this.#done) return;
    this.stats.cancelled++;
    this.deps.logger.info({ requestId: this.#requestId, transport: 'envoy.ext_proc' }, 'ext_proc stream cancelled by Envoy');
    this.#finish();
  }

  /** Ends the stream once: the streamed decision is recorded even when Envoy gave up on it. */
  #finish(then?: () => void): void {
    if (this.#done) return;
    this.#done = true;
    this.stats.active--;
    this.#recordStream();
    then?.();
  }

  async #step(msg: ProcessingRequest): Promise<void> {
    if (this.#done) return;
    let res: ProcessingResponse;
    try {
      res = await this.#handle(msg);
    } catch (err) {
      if (err instanceof AegisError && err.status < 500) {
        res = this.#immediate(err.status, toErrorBody(err, this.#requestId).body.error, err.code, [], undefined);
      } else {
        this.deps.logger.error({ err, requestId: this.#requestId, transport: 'envoy.ext_proc' }, 'ext_proc step failed');
        // A fault: Envoy applies its failure mode (failure_mode_allow).
        this.#finish(() => this.call.emit('error', { code: status.INTERNAL, details: 'AEGIS_ERR_INTERNAL' }));
        return;
      }
    }
    if (!this.#done && !this.call.cancelled) this.call.write(res);
  }

  async #handle(msg: ProcessingRequest): Promise<ProcessingResponse> {
    switch (msg.request) {
      case 'request_headers':
        return this.#requestHeaders(msg);
      case 'request_body':
        return this.#requestBody(msg.request_body?.body ?? Buffer.alloc(0));
      case 'response_headers':
        return this.#responseHeaders(msg);
      case 'response_body':
        return this.#responseBody(msg.response_body?.body ?? Buffer.alloc(0), msg.response_body?.end_of_stream === true);
      case 'request_trailers':
        return { request_trailers: {} };
      case 'response_trailers':
        return { response_trailers: {} };
      default:
        throw new AegisError('AEGIS_ERR_BAD_REQUEST', 'A ProcessingRequest without a known phase.');
    }
  }

  #requestHeaders(msg: ProcessingRequest): ProcessingResponse {
    const h = headerRecord(msg.request_headers?.headers);
    const meta = msg.metadata_context?.filter_metadata ?? {};
    const authz = structStrings(meta[AUTHZ_NAMESPACE]);
    this.#requestId = requestIdFrom(authz.request_id ?? h['x-aegis-request-id'] ?? h['x-request-id']);
    const callMeta = this.call.metadata;
    const grpcScope = {
      tenant: callMeta.get('x-aegis-tenant')[0]?.toString(),
      route: callMeta.get('x-aegis-route')[0]?.toString(),
      consumer: callMeta.get('x-aegis-consumer')[0]?.toString(),
    };
    const idHeader = rawHeader('x-aegis-request-id', this.#requestId);
    this.#scope = scopeFrom([structStrings(meta[METADATA_NAMESPACE]), authz, grpcScope, headerScope(h)]);
    this.#carrier = h;
    this.#contentType = h['content-type'];
    if (!isLlmRequest(h[':method'], h[':path'], this.#contentType)) {
      // Not an LLM call: no body, no response processing, nothing changed but the id header.
      this.#passThrough = true;
      return { request_headers: { response: { header_mutation: { set_headers: [idHeader] } } }, mode_override: { ...BASE_MODE, request_body_mode: 'NONE', response_header_mode: 'SKIP', response_body_mode: 'NONE' } };
    }
    // ext_authz already read this body and found nothing to mask: do not buffer and scan it twice.
    this.#readRequestBody = !(authz.action === 'allow' || authz.action === 'block');
    const res: ProcessingResponse = { request_headers: { response: { header_mutation: { set_headers: [idHeader] } } } };
    if (!this.#readRequestBody) res.mode_override = { ...BASE_MODE, request_body_mode: 'NONE' };
    return res;
  }

  async #requestBody(body: Buffer): Promise<ProcessingResponse> {
    if (!this.#readRequestBody || this.#passThrough) return { request_body: {} };
    if (body.length === 0) throw new AegisError('AEGIS_ERR_EMPTY_BODY');
    if (body.length > this.deps.config.maxBodyBytes) throw new AegisError('AEGIS_ERR_BODY_TOO_LARGE');
    const r = await this.deps.service.inspectRequest(body, this.#context('envoy.ext_proc', this.#contentType));
    const v = r.verdict;
    const metadata = this.#metadata('request', v);
    if (v.action === 'block') return this.#immediate(403, 'Blocked by policy.', BLOCKED_CODE, v.categories, v, metadata);
    const headers = this.#decisionHeaders(v);
    const common: CommonResponse = { header_mutation: { set_headers: headers } };
    if (r.maskedBody !== undefined) {
      const masked = Buffer.from(r.maskedBody, 'utf8');
      headers.push(rawHeader('content-length', String(masked.length)));
      common.body_mutation = { body: masked };
    }
    return { request_body: { response: common }, dynamic_metadata: metadata };
  }

  #responseHeaders(msg: ProcessingRequest): ProcessingResponse {
    if (this.#passThrough) return { response_headers: {} };
    const h = headerRecord(msg.response_headers?.headers);
    const ct = h['content-type'];
    this.#contentType = ct;
    const requestBodyMode = this.#readRequestBody ? 'BUFFERED' : 'NONE';
    if (!isTextBody(ct)) {
      return { response_headers: {}, mode_override: { ...BASE_MODE, request_body_mode: requestBodyMode, response_body_mode: 'NONE' } };
    }
    const set = [rawHeader('x-aegis-request-id', this.#requestId)];
    if ((ct ?? '').toLowerCase().includes('text/event-stream')) {
      this.#scanner = new SseStreamScanner({
        meta: { requestId: this.#requestId, ...this.#scope },
        evaluate: (s) => this.deps.service.evaluateSubject(s),
        holdBackChars: this.deps.config.streamHoldBackChars,
        maxEventChars: this.deps.config.maxBodyBytes,
      });
      set.push(rawHeader('x-aegis-decision-id', this.#scanner.decisionId));
      // Chunks now go out as they are scanned: the length of the masked stream is not known.
      return {
        response_headers: { response: { header_mutation: { set_headers: set, remove_headers: ['content-length'] } } },
        mode_override: { ...BASE_MODE, request_body_mode: requestBodyMode, response_body_mode: 'STREAMED' },
      };
    }
    return { response_headers: { response: { header_mutation: { set_headers: set } } } };
  }

  async #responseBody(body: Buffer, end: boolean): Promise<ProcessingResponse> {
    if (this.#passThrough) return { response_body: {} };
    if (this.#scanner) {
      this.#streamBytes += body.length;
      const step = await this.#scanner.push(body, end);
      if (end || step.blocked) this.#recordStream();
      const mutation = step.output.length > 0 ? { body: Buffer.from(step.output, 'utf8') } : { clear_body: true };
      return { response_body: { response: { body_mutation: mutation } }, ...(step.blocked || end ? { dynamic_metadata: this.#metadata('response', this.#scanner.summary().verdict) } : {}) };
    }
    if (body.length === 0) return { response_body: {} };
    if (body.length > this.deps.config.maxBodyBytes) throw new AegisError('AEGIS_ERR_BODY_TOO_LARGE');
    let r;
    try {
      r = await this.deps.service.analyzeResponse(body, this.#context('envoy.ext_proc', this.#contentType));
    } catch (err) {
      // An upstream body that claims JSON but is not: still scan its text rather than pass it unread.
      if (!(err instanceof AegisError) || err.code !== 'AEGIS_ERR_INVALID_JSON') throw err;
      r = await this.deps.service.analyzeResponse(body, this.#context('envoy.ext_proc', 'text/plain'));
    }
    const v = r.verdict;
    const metadata = this.#metadata('response', v);
    if (v.action === 'block') return this.#immediate(403, 'The response was blocked by policy.', BLOCKED_CODE, v.categories, v, metadata);
    if (r.maskedBody === undefined) return { response_body: {}, dynamic_metadata: metadata };
    const masked = Buffer.from(r.maskedBody, 'utf8');
    return {
      response_body: { response: { header_mutation: { set_headers: [rawHeader('content-length', String(masked.length)), rawHeader('x-aegis-response-action', 'mask')] }, body_mutation: { body: masked } } },
      dynamic_metadata: metadata,
    };
  }

  #recordStream(): void {
    if (!this.#scanner || this.#streamRecorded) return;
    this.#streamRecorded = true;
    const { verdict, parsed } = this.#scanner.summary();
    this.deps.service.record({ verdict, parsed, elapsedUs: verdict.elapsedUs }, this.#context('envoy.ext_proc.stream', 'text/event-stream'), `[stream of ${this.#streamBytes} bytes]`);
  }

  #context(transport: string, contentType: string | undefined): DecisionContext {
    return { requestId: this.#requestId, transport, traceCarrier: this.#carrier, ...this.#scope, ...(contentType !== undefined ? { contentType } : {}) };
  }

  #decisionHeaders(v: Verdict): HeaderValueOption[] {
    return [rawHeader('x-aegis-decision-id', v.decisionId), rawHeader('x-aegis-risk', String(v.risk)), rawHeader('x-aegis-action', v.action)];
  }

  /** `{aegis: {request_action: …, request_decision_id: …}}`: one namespace, keys by direction. */
  #metadata(direction: 'request' | 'response', v: Verdict): Struct {
    return toStruct({
      [METADATA_NAMESPACE]: {
        request_id: this.#requestId,
        [`${direction}_decision_id`]: v.decisionId,
        [`${direction}_action`]: v.action,
        [`${direction}_risk`]: v.risk,
        [`${direction}_categories`]: [...v.categories],
        policy: `${v.policy.id}@${v.policy.version}`,
        ...(this.#scope.tenant ? { tenant: this.#scope.tenant } : {}),
        ...(this.#scope.route ? { route: this.#scope.route } : {}),
      },
    });
  }

  #immediate(http: number, message: string, code: string, categories: readonly string[], v: Verdict | undefined, metadata?: Struct): ProcessingResponse {
    const set = [rawHeader('content-type', 'application/json'), rawHeader('x-aegis-request-id', this.#requestId)];
    if (v) set.push(...this.#decisionHeaders(v));
    return {
      immediate_response: {
        status: { code: http },
        headers: { set_headers: set },
        body: Buffer.from(denialBody(message, code, this.#requestId, categories), 'utf8'),
        details: code,
      },
      ...(metadata ? { dynamic_metadata: metadata } : {}),
    };
  }
}
