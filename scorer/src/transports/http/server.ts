/**
 * The REST transport (fastify): translates HTTP to the Core service and back. Denials are answers
 * (200 with a verdict, or 403 on /validate), not errors; errors use the catalog with the request id.
 */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../../config';
import { AegisError, toErrorBody } from '../../errors';
import { FORMAT_IDS as FORMATS, type FormatId } from '../../formats';
import { documentReport, parseScanRequest, summarize } from '../../rag-scan';
import type { Logger } from '../../telemetry/logger';
import { requestIdFrom, SCOPE_VALUE, type CoreService, type DecisionContext, type DecisionResult } from '../../service';
import { PolicyValidationError } from '../../../../policy/store/validate';
import { registerAdminRoutes, type AdminDeps } from './admin';
import type { HealthReport } from './health';
import type { AegisMetrics } from '../../telemetry/metrics';

/** What the server needs besides the service. */
export interface HttpDeps {
  readonly service: CoreService;
  readonly config: Config;
  readonly logger: Logger;
  readonly health: () => HealthReport;
  readonly metrics?: AegisMetrics;
  /** The admin API's stores; without them (no POSTGRES_URL) admin routes answer 503. */
  readonly admin?: AdminDeps;
}

const BODY_TYPES = ['application/json', 'text/plain', 'text/event-stream', 'application/x-ndjson'];
const JSON_SUFFIX = /^application\/[\w.-]+\+json$/;

/** Builds the fastify app (not listening). */
export async function buildHttpServer(deps: HttpDeps): Promise<FastifyInstance> {
  const { service, config, logger } = deps;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One `decision` line per request comes from the service; fastify's per-request lines would only
    // repeat it (and print URLs with query strings).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => requestIdFrom(req.headers['x-aegis-request-id'] ?? req.headers['x-request-id']),
    return503OnClosing: true,
  });

  // Bodies arrive as bytes: the formats module decodes (and rejects invalid UTF-8) itself.
  app.removeAllContentTypeParsers();
  const keepBytes = (_req: FastifyRequest, body: string | Buffer, done: (err: null, body: string | Buffer) => void): void => done(null, body);
  app.addContentTypeParser(BODY_TYPES, { parseAs: 'buffer' }, keepBytes);
  app.addContentTypeParser(JSON_SUFFIX, { parseAs: 'buffer' }, keepBytes);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-aegis-request-id', req.id);
  });

  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-aegis-request-id', 'x-request-id', 'x-aegis-tenant', 'x-aegis-route', 'x-aegis-consumer'],
      exposedHeaders: ['x-aegis-request-id', 'x-aegis-action', 'x-aegis-risk'],
    });
  }
  if (config.rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: config.rateLimitMax,
      timeWindow: config.rateLimitWindowMs,
      keyGenerator: (req) => headerValue(req, 'x-aegis-consumer') ?? req.ip,
      errorResponseBuilder: () => new AegisError('AEGIS_ERR_RATE_LIMITED'),
      onExceeded: (req) => deps.metrics?.ratelimited.inc({ source: 'rest', route: deps.metrics.scopeLabel('route', headerValue(req, 'x-aegis-route')) }),
    });
  }

  app.setErrorHandler((err: FastifyError | AegisError, req, reply) => {
    const mapped = mapError(err);
    if (mapped.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed');
    const { status, body } = toErrorBody(mapped, req.id);
    // A rejected policy names the bad field for programs too, not only in the message.
    void reply.code(status).send(mapped instanceof PolicyValidationError ? { ...body, path: mapped.path } : body);
  });
  app.setNotFoundHandler((req, reply) => {
    const { status, body } = toErrorBody(new AegisError('AEGIS_ERR_NOT_FOUND', `No endpoint ${req.method} ${req.url.split('?')[0] ?? ''}.`), req.id);
    void reply.code(status).send(body);
  });

  const decide = async (req: FastifyRequest, direction: 'request' | 'response'): Promise<DecisionResult> => {
    const body = req.body;
    if (!(body instanceof Buffer) || body.length === 0) throw new AegisError('AEGIS_ERR_EMPTY_BODY');
    const ctx = contextOf(req);
    return direction === 'request' ? service.inspectRequest(body, ctx) : service.analyzeResponse(body, ctx);
  };

  app.post('/api/v1/inspect', async (req, reply) => {
    const r = await decide(req, 'request');
    decisionHeaders(reply, r);
    return { ...r.verdict, format: r.parsed.format, ...bodyFields(r) };
  });

  // `/api/v1/validate/*` too: Envoy's HTTP ext_authz and similar callers append the original path.
  const validate = async (req: FastifyRequest, reply: FastifyReply) => {
    const r = await decide(req, 'request');
    decisionHeaders(reply, r);
    const v = r.verdict;
    if (v.action === 'block') reply.code(403);
    return { allowed: v.action !== 'block', action: v.action, risk: v.risk, categories: v.categories, requestId: v.requestId, decisionId: v.decisionId, ...(v.dryRun ? { dryRun: true, intendedAction: v.intendedAction } : {}) };
  };
  app.post('/api/v1/validate', validate);
  app.post('/api/v1/validate/*', validate);

  app.post('/api/v1/output/analyze', async (req, reply) => {
    const r = await decide(req, 'response');
    decisionHeaders(reply, r);
    return { ...r.verdict, format: r.parsed.format, stream: r.parsed.stream, ...bodyFields(r) };
  });

  // RAG ingestion: scan documents before they are indexed; one verdict per document, spans per finding.
  app.post('/api/v1/rag/scan', async (req) => {
    const body = req.body;
    if (!(body instanceof Buffer) || body.length === 0) throw new AegisError('AEGIS_ERR_EMPTY_BODY');
    const ctx = contextOf(req);
    const documents = parseScanRequest(body, ctx.contentType);
    const reports = (await service.scanDocuments(documents, ctx)).map(documentReport);
    const policy = service.policies.resolve(ctx);
    return { requestId: req.id, policy: { id: policy.id, version: policy.version }, summary: summarize(reports), documents: reports };
  });


  // Probes and scrapes are never rate-limited.
  const unlimited = { config: { rateLimit: false } };
  app.get('/api/v1/metrics', unlimited, async (_req, reply) => {
    if (!deps.metrics) throw new AegisError('AEGIS_ERR_NOT_FOUND', 'Metrics are not enabled.');
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });

  app.get('/api/v1/health', unlimited, async (_req, reply) => {
    const report = deps.health();
    if (report.status === 'starting' || report.status === 'down') reply.code(503);
    return report;
  });

  registerAdminRoutes(app, deps.admin);

  // Known paths with the wrong method: 405 rather than a misleading 404.
  const methodNotAllowed = async (req: FastifyRequest): Promise<never> => {
    throw new AegisError('AEGIS_ERR_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.url.split('?')[0] ?? ''}.`);
  };
  for (const url of ['/api/v1/inspect', '/api/v1/validate', '/api/v1/output/analyze', '/api/v1/rag/scan']) {
    app.route({ method: ['GET', 'PUT', 'PATCH', 'DELETE'], url, handler: methodNotAllowed });
  }
  for (const url of ['/api/v1/health', '/api/v1/metrics']) app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], url, handler: methodNotAllowed });
  return app;
}

function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function contextOf(req: FastifyRequest): DecisionContext {
  const scope = (name: string): string | undefined => {
    const v = headerValue(req, name);
    if (v === undefined || v === '') return undefined;
    if (!SCOPE_VALUE.test(v)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `Header ${name} must match ${SCOPE_VALUE.source}.`);
    return v;
  };
  const query = req.query as Record<string, string | undefined>;
  const format = query.format;
  if (format !== undefined && !FORMATS.includes(format as FormatId)) {
    throw new AegisError('AEGIS_ERR_BAD_REQUEST', `Query parameter format must be one of ${FORMATS.join(', ')}.`);
  }
  const tenant = scope('x-aegis-tenant');
  const route = scope('x-aegis-route');
  const consumer = scope('x-aegis-consumer');
  const contentType = headerValue(req, 'content-type');
  return {
    requestId: req.id,
    transport: 'rest',
    traceCarrier: req.headers,
    ...(tenant !== undefined ? { tenant } : {}),
    ...(route !== undefined ? { route } : {}),
    ...(consumer !== undefined ? { consumer } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
    ...(format !== undefined ? { format: format as FormatId } : {}),
  };
}

/** The body to forward (masked, or with tokens restored) and how many tokens were kept or restored. */
function bodyFields(r: DecisionResult): { maskedBody?: string; rewrittenBody?: string; tokens?: number } {
  return {
    ...(r.maskedBody !== undefined ? { maskedBody: r.maskedBody } : {}),
    ...(r.rewrittenBody !== undefined ? { rewrittenBody: r.rewrittenBody } : {}),
    ...(r.tokens !== undefined ? { tokens: r.tokens } : {}),
  };
}

function decisionHeaders(reply: FastifyReply, r: DecisionResult): void {
  reply.header('x-aegis-action', r.verdict.action);
  reply.header('x-aegis-risk', String(r.verdict.risk));
  reply.header('x-aegis-decision-id', r.verdict.decisionId);
}

/** Fastify's own errors → catalog errors. */
function mapError(err: FastifyError | AegisError): AegisError {
  if (err instanceof AegisError) return err;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AegisError('AEGIS_ERR_BODY_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AegisError('AEGIS_ERR_UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AegisError('AEGIS_ERR_EMPTY_BODY');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AegisError('AEGIS_ERR_BAD_REQUEST', err.message);
    default:
      if (err.statusCode === 429) return new AegisError('AEGIS_ERR_RATE_LIMITED');
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new AegisError('AEGIS_ERR_BAD_REQUEST', err.message);
      return new AegisError('AEGIS_ERR_INTERNAL', undefined, { cause: err });
  }
}
