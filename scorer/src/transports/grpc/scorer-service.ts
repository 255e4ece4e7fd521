/**
 * aegis.v1.Scorer: Aegis's native API (the Kong edge plugin calls it). `Inspect` checks a request
 * body, `AnalyzeOutput` a response body (JSON or a whole SSE stream) and returns the masked body.
 * Both answer with a Verdict mirroring the REST one; errors are gRPC statuses with the catalog code.
 */
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { AegisError } from '../../errors';
import { FORMAT_IDS, type FormatId } from '../../formats';
import { requestIdFrom, type DecisionResult } from '../../service';
import type { GrpcDeps } from './deps';
import { toGrpcError } from './errors';
import { scopeFrom } from './scope';

/** aegis.v1.InspectRequest as received. */
export interface InspectRequestMessage {
  body?: Buffer;
  content_type?: string;
  request_id?: string;
  tenant?: string;
  route?: string;
  consumer?: string;
  format?: string;
}

/** aegis.v1.Verdict as sent. */
export interface VerdictMessage {
  decision_id: string;
  request_id: string;
  direction: string;
  action: string;
  intended_action: string;
  risk: number;
  dry_run: boolean;
  categories: string[];
  findings: Array<{ detector: string; category: string; score: number; spans: Array<{ segment: number; start: number; end: number; type?: string }>; reason?: string }>;
  policy: { id: string; version: number };
  masked_body?: Buffer;
  rewritten_body?: Buffer;
  incomplete: string[];
  format: string;
  elapsed_us: number;
  stream: boolean;
}

/** The Scorer service implementation. */
export function scorerService(deps: GrpcDeps): UntypedServiceImplementation {
  const handler =
    (direction: 'request' | 'response') =>
    (call: ServerUnaryCall<InspectRequestMessage, VerdictMessage>, callback: sendUnaryData<VerdictMessage>): void => {
      const requestId = requestIdFrom(call.request.request_id || call.metadata.get('x-aegis-request-id')[0]?.toString());
      decide(deps, direction, call.request, requestId, metadataCarrier(call.metadata.getMap())).then(
        (r) => callback(null, toVerdictMessage(r)),
        (err: unknown) => {
          if (!(err instanceof AegisError) || err.status >= 500) deps.logger.error({ err, requestId, transport: 'grpc' }, 'scorer call failed');
          callback(toGrpcError(err, requestId));
        },
      );
    };
  return { Inspect: handler('request'), AnalyzeOutput: handler('response') };
}

async function decide(deps: GrpcDeps, direction: 'request' | 'response', req: InspectRequestMessage, requestId: string, traceCarrier: Record<string, string>): Promise<DecisionResult> {
  const body = req.body ?? Buffer.alloc(0);
  if (body.length === 0) throw new AegisError('AEGIS_ERR_EMPTY_BODY');
  if (body.length > deps.config.maxBodyBytes) throw new AegisError('AEGIS_ERR_BODY_TOO_LARGE');
  if (req.format && !FORMAT_IDS.includes(req.format as FormatId)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `format must be one of ${FORMAT_IDS.join(', ')}.`);
  const scope = scopeFrom([{ tenant: req.tenant, route: req.route, consumer: req.consumer }]);
  const ctx = {
    requestId,
    transport: 'grpc',
    traceCarrier,
    ...scope,
    ...(req.content_type ? { contentType: req.content_type } : {}),
    ...(req.format ? { format: req.format as FormatId } : {}),
  };
  return direction === 'request' ? deps.service.inspectRequest(body, ctx) : deps.service.analyzeResponse(body, ctx);
}

/** A decision as aegis.v1.Verdict. */
export function toVerdictMessage(r: DecisionResult): VerdictMessage {
  const v = r.verdict;
  return {
    decision_id: v.decisionId,
    request_id: v.requestId,
    direction: v.direction,
    action: v.action,
    intended_action: v.intendedAction,
    risk: v.risk,
    dry_run: v.dryRun,
    categories: [...v.categories],
    findings: v.findings.map((f) => ({
      detector: f.detector,
      category: f.category,
      score: f.score,
      spans: (f.spans ?? []).map((s) => ({ segment: s.segment, start: s.start, end: s.end, ...(s.type !== undefined ? { type: s.type } : {}) })),
      ...(f.reason !== undefined ? { reason: f.reason } : {}),
    })),
    policy: { id: v.policy.id, version: v.policy.version },
    ...(r.maskedBody !== undefined ? { masked_body: Buffer.from(r.maskedBody, 'utf8') } : {}),
    ...(r.rewrittenBody !== undefined ? { rewritten_body: Buffer.from(r.rewrittenBody, 'utf8') } : {}),
    incomplete: [...(v.incomplete ?? [])],
    format: r.parsed.format,
    elapsed_us: v.elapsedUs,
    stream: r.parsed.stream,
  };
}

/** gRPC metadata as W3C trace-context carrier (binary values are not trace headers). */
function metadataCarrier(map: Record<string, string | Buffer>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) if (typeof v === 'string') out[k] = v;
  return out;
}
