/**
 * Postgres connections for the policy store and the audit log: one pool per process, every connection
 * on the configured schema, and a way to tell "the database is unreachable" from other failures.
 */
import { Client, Pool, type ClientConfig } from 'pg';
import { AegisError } from '../../scorer/src/errors';

/** Where the store lives. */
export interface PgSettings {
  /** `postgres://user@host:port/db` (the `POSTGRES_URL` variable). */
  readonly url: string;
  /** Schema for every Aegis table (`POSTGRES_SCHEMA`); created by migrations. */
  readonly schema: string;
}

/** A schema name Aegis accepts: a plain lower-case identifier, so it never needs quoting. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function clientConfig(s: PgSettings): ClientConfig {
  if (!SCHEMA_NAME.test(s.schema)) throw new AegisError('AEGIS_ERR_CONFIG_INVALID', `schema "${s.schema}" must match ${SCHEMA_NAME.source}`);
  return {
    connectionString: s.url,
    options: `-c search_path=${s.schema}`,
    application_name: 'aegis-core',
    connectionTimeoutMillis: 3000,
    keepAlive: true,
  };
}

/** A pool on the schema. Idle connections that die (server restart) are dropped, not fatal. */
export function createPool(s: PgSettings, max = 10): Pool {
  const pool = new Pool({ ...clientConfig(s), max, idleTimeoutMillis: 30_000 });
  // Without a listener an idle client's error would crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** A single connection (for LISTEN and for migrations' advisory lock). */
export function createClient(s: PgSettings): Client {
  return new Client(clientConfig(s));
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** True when `err` means the database cannot be reached right now (as opposed to a bad query). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code !== undefined && CONNECTION_CODES.has(e.code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(e?.message ?? '');
}

/** Wraps store failures for clients: unreachable → 503, catalog errors pass, anything else → 500. */
export function storeError(err: unknown): AegisError {
  if (err instanceof AegisError) return err;
  if (isConnectionError(err)) return new AegisError('AEGIS_ERR_UNAVAILABLE', 'The policy and audit store (Postgres) is unreachable; try again.', { cause: err });
  return new AegisError('AEGIS_ERR_INTERNAL', undefined, { cause: err });
}

/** A short, log-safe description of a database error (no query text, no parameters). */
export function describePgError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return `${e.code ?? 'error'}: ${(e.message ?? String(err)).slice(0, 200)}`;
}
