/**
 * The admin API under `/api/v1/admin/`: policies (CRUD, versions, activate, rollback, diff, history),
 * the audit log (filters, pagination), API keys, export and import. Every route authenticates first
 * (401), then checks the role (403): viewer reads, editor changes policies, admin manages keys and
 * imports. Every policy change is recorded with the caller as actor.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { storeError } from '../../../../policy/store/pg';
import type { PolicyStore } from '../../../../policy/store/pg-store';
import type { Principal, Authenticator } from '../../admin/auth';
import { requireRole } from '../../admin/auth';
import type { ApiKeyStore, Role } from '../../admin/keys';
import { queryAudit, type AuditQuery } from '../../audit/query';
import { CATEGORIES } from '../../engine/types';
import { AegisError } from '../../errors';
import { jsonErrorPosition } from '../../formats';
import type { Logger } from '../../telemetry/logger';

/** What the admin API needs; absent when Postgres is not configured (every route answers 503). */
export interface AdminDeps {
  readonly store: PolicyStore;
  readonly keys: ApiKeyStore;
  readonly auth: Authenticator;
  readonly pool: Pool;
  /** Reloads this instance's policies after a change (others follow by NOTIFY). */
  readonly refresh: () => Promise<void>;
  readonly logger: Logger;
}

export const ADMIN_PREFIX = '/api/v1/admin';

type Handler = (req: FastifyRequest, principal: Principal, reply: FastifyReply) => Promise<unknown>;

/** Registers the admin routes on `app`. */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps | undefined): void {
  const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, role: Role, handler: Handler): void => {
    app.route({
      method,
      url: `${ADMIN_PREFIX}${url}`,
      handler: async (req, reply) => {
        if (!deps) throw new AegisError('AEGIS_ERR_UNAVAILABLE', 'The admin API needs Postgres (POSTGRES_URL).');
        let principal: Principal;
        try {
          principal = await deps.auth.authenticate(req.headers);
        } catch (err) {
          throw storeError(err);
        }
        requireRole(principal, role);
        try {
          return await handler(req, principal, reply);
        } catch (err) {
          throw storeError(err);
        }
      },
    });
  };
  const d = deps as AdminDeps;
  const changed = async (principal: Principal, action: string, policy: string, version?: number | null): Promise<void> => {
    d.logger.info({ actor: principal.actor, action, policy, ...(version !== undefined ? { version } : {}) }, 'policy changed');
    await d.refresh().catch(() => undefined);
  };

  route('GET', '/whoami', 'viewer', async (_req, p) => ({ actor: p.actor, role: p.role, via: p.via }));

  route('GET', '/policies', 'viewer', async () => ({ policies: await d.store.list() }));
  route('POST', '/policies', 'editor', async (req, p, reply) => {
    const out = await d.store.create(jsonBody(req), p.actor, writeOptions(req));
    await changed(p, 'create', out.id, out.version);
    reply.code(201);
    return out;
  });
  route('GET', '/policies/:id', 'viewer', async (req) => d.store.get(param(req, 'id')));
  route('PUT', '/policies/:id', 'editor', async (req, p) => {
    const out = await d.store.update(param(req, 'id'), jsonBody(req), p.actor, writeOptions(req));
    await changed(p, 'update', out.id, out.version);
    return out;
  });
  route('DELETE', '/policies/:id', 'editor', async (req, p) => {
    const id = param(req, 'id');
    await d.store.remove(id, p.actor);
    await changed(p, 'delete', id, null);
    return { id, activeVersion: null };
  });
  route('GET', '/policies/:id/versions', 'viewer', async (req) => ({ versions: await d.store.versions(param(req, 'id')) }));
  route('GET', '/policies/:id/versions/:version', 'viewer', async (req) => d.store.version(param(req, 'id'), intParam(param(req, 'version'), 'version')));
  route('POST', '/policies/:id/activate', 'editor', async (req, p) => {
    const body = objectBody(req);
    const out = await d.store.activate(param(req, 'id'), intParam(body.version, 'version'), p.actor, 'activate', optString(body.comment, 'comment'));
    await changed(p, 'activate', out.id, out.version);
    return out;
  });
  route('POST', '/policies/:id/rollback', 'editor', async (req, p) => {
    const body = req.body instanceof Buffer && req.body.length > 0 ? objectBody(req) : {};
    const out = await d.store.rollback(param(req, 'id'), p.actor, body.version === undefined ? undefined : intParam(body.version, 'version'));
    await changed(p, 'rollback', out.id, out.version);
    return out;
  });
  route('GET', '/policies/:id/diff', 'viewer', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const from = intParam(q.from, 'from');
    const to = intParam(q.to, 'to');
    return { id: param(req, 'id'), from, to, changes: await d.store.diff(param(req, 'id'), from, to) };
  });
  route('GET', '/changes', 'viewer', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { changes: await d.store.changes({ ...(q.policy ? { policyId: q.policy } : {}), ...(q.limit ? { limit: intParam(q.limit, 'limit') } : {}) }) };
  });

  route('GET', '/audit', 'viewer', async (req) => queryAudit(d.pool, auditQuery(req.query as Record<string, string | undefined>)));

  route('GET', '/keys', 'admin', async () => ({ keys: await d.keys.list() }));
  route('POST', '/keys', 'admin', async (req, p, reply) => {
    const body = objectBody(req);
    const role = body.role as Role;
    const created = await d.keys.create(role, optString(body.name, 'name') ?? `${role}-key`, p.actor);
    d.logger.info({ actor: p.actor, keyId: created.info.id, role }, 'api key created');
    reply.code(201);
    return { key: created.key, ...created.info };
  });
  route('DELETE', '/keys/:id', 'admin', async (req, p) => {
    await d.keys.revoke(param(req, 'id'));
    d.logger.info({ actor: p.actor, keyId: param(req, 'id') }, 'api key revoked');
    return { id: param(req, 'id'), revoked: true };
  });

  route('GET', '/export', 'admin', async () => d.store.export());
  route('POST', '/import', 'admin', async (req, p) => {
    const out = await d.store.import(jsonBody(req), p.actor);
    await changed(p, 'import', '*');
    return out;
  });
}

function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string>)[name] ?? '';
}

function intParam(v: unknown, name: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `${name} must be a positive whole number.`);
  return n;
}

function optString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > 2000) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `${name} must be a string of at most 2000 characters.`);
  return v;
}

function jsonBody(req: FastifyRequest): unknown {
  const body = req.body;
  if (!(body instanceof Buffer) || body.length === 0) throw new AegisError('AEGIS_ERR_EMPTY_BODY');
  const ct = req.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.-]+\+)?json\b/i.test(ct)) throw new AegisError('AEGIS_ERR_UNSUPPORTED_MEDIA_TYPE', 'The admin API takes application/json.');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new AegisError('AEGIS_ERR_INVALID_JSON', `The body is not valid JSON${jsonErrorPosition(err)}.`);
  }
}

function objectBody(req: FastifyRequest): Record<string, unknown> {
  const v = jsonBody(req);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', 'The body must be a JSON object.');
  return v as Record<string, unknown>;
}

function writeOptions(req: FastifyRequest): { activate: boolean; comment?: string } {
  const q = req.query as Record<string, string | undefined>;
  if (q.activate !== undefined && q.activate !== 'true' && q.activate !== 'false') throw new AegisError('AEGIS_ERR_BAD_REQUEST', 'activate must be true or false.');
  const comment = optString(q.comment, 'comment');
  return { activate: q.activate !== 'false', ...(comment !== undefined ? { comment } : {}) };
}

const ACTIONS = ['allow', 'mask', 'block'];

function auditQuery(q: Record<string, string | undefined>): AuditQuery {
  const out: Record<string, unknown> = {};
  for (const key of ['from', 'to'] as const) {
    const v = q[key];
    if (v === undefined) continue;
    if (Number.isNaN(Date.parse(v))) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `${key} must be an ISO 8601 time.`);
    out[key] = v;
  }
  if (q.action !== undefined && !ACTIONS.includes(q.action)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `action must be one of ${ACTIONS.join(', ')}.`);
  if (q.category !== undefined && !(CATEGORIES as readonly string[]).includes(q.category)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `category must be one of ${CATEGORIES.join(', ')}.`);
  if (q.direction !== undefined && q.direction !== 'request' && q.direction !== 'response') throw new AegisError('AEGIS_ERR_BAD_REQUEST', 'direction must be request or response.');
  for (const key of ['action', 'category', 'route', 'tenant', 'requestId', 'direction', 'cursor'] as const) if (q[key] !== undefined) out[key] = q[key];
  if (q.limit !== undefined) out.limit = intParam(q.limit, 'limit');
  return out as AuditQuery;
}
