/**
 * Audit queries for the admin API: filters (time range, action, category, route, tenant, request id,
 * direction) and keyset pagination, newest first. The cursor is opaque to clients.
 */
import type { Pool } from 'pg';
import { AegisError } from '../errors';
import type { AuditRecord } from './record';
import { rowToRecord } from './verify';

/** Filters; all optional. */
export interface AuditQuery {
  readonly from?: string;
  readonly to?: string;
  readonly action?: string;
  readonly category?: string;
  readonly route?: string;
  readonly tenant?: string;
  readonly requestId?: string;
  readonly direction?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** One page. */
export interface AuditPage {
  readonly items: readonly AuditRecord[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  readonly nextCursor?: string;
}

export const MAX_PAGE = 500;

/** Runs a query. */
export async function queryAudit(pool: Pool, q: AuditQuery): Promise<AuditPage> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE);
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    args.push(value);
    where.push(sql.replace('?', `$${args.length}`));
  };
  if (q.from !== undefined) add('ts >= ?::timestamptz', q.from);
  if (q.to !== undefined) add('ts < ?::timestamptz', q.to);
  if (q.action !== undefined) add('action = ?', q.action);
  if (q.category !== undefined) add('categories @> array[?]::text[]', q.category);
  if (q.route !== undefined) add('route = ?', q.route);
  if (q.tenant !== undefined) add('tenant = ?', q.tenant);
  if (q.requestId !== undefined) add('request_id = ?', q.requestId);
  if (q.direction !== undefined) add('direction = ?', q.direction);
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor);
    args.push(c.ts, c.chainId, c.seq);
    where.push(`(ts, chain_id, seq) < ($${args.length - 2}::timestamptz, $${args.length - 1}::uuid, $${args.length}::bigint)`);
  }
  args.push(limit + 1);
  const sql = `select * from audit_log ${where.length ? `where ${where.join(' and ')}` : ''} order by ts desc, chain_id desc, seq desc limit $${args.length}`;
  const { rows } = await pool.query(sql, args);
  const items = rows.slice(0, limit).map(rowToRecord);
  const last = items[items.length - 1];
  return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {}) };
}

function encodeCursor(r: AuditRecord): string {
  return Buffer.from(JSON.stringify([r.ts, r.chainId, r.seq])).toString('base64url');
}

function decodeCursor(cursor: string): { ts: string; chainId: string; seq: string } {
  try {
    const [ts, chainId, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string];
    if (typeof ts === 'string' && typeof chainId === 'string' && /^\d+$/.test(seq)) return { ts, chainId, seq };
  } catch {
    // falls through
  }
  throw new AegisError('AEGIS_ERR_BAD_REQUEST', 'Query parameter cursor is not a cursor this API returned.');
}
