/**
 * Postgres for tests. The shared server (127.0.0.1:5432, trust auth, database `test`) is used by other
 * engineers at the same time: every test gets its own schema with a unique name and drops it. Fault
 * tests start their own server (initdb + postgres on a free port, socket in a temp dir) and stop it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { PgSettings } from '../../policy/store/pg';

/** The shared test server. Fixed by the environment (see COMMON notes); never stopped by tests. */
export const SHARED_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, uniquely named schema on the shared server; `drop()` removes it. */
export async function freshSchema(prefix = 't'): Promise<{ settings: PgSettings; url: string; schema: string; drop: () => Promise<void> }> {
  const schema = `aegis_${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await query(SHARED_PG_URL, 'select 1'); // fails loudly (never skips) when the server is missing
  return {
    settings: { url: SHARED_PG_URL, schema },
    url: SHARED_PG_URL,
    schema,
    drop: () => query(SHARED_PG_URL, `drop schema if exists ${schema} cascade`).then(() => undefined),
  };
}

/** Runs one statement on a short-lived connection (optionally on a schema). */
export async function query<T extends Record<string, unknown> = Record<string, unknown>>(url: string, sql: string, params: unknown[] = [], schema?: string): Promise<T[]> {
  const c = new Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** A free TCP port on 127.0.0.1 (for a server that cannot bind port 0 itself, like postgres). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** A private Postgres server the test may stop and start. */
export interface OwnPostgres {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/** As root, the server runs as the `postgres` user (postgres refuses root); signals then reach it directly. */
function pgUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root needs a postgres user to run the test server');
  return { uid, gid };
}

/** Creates a cluster in a temp dir on a free port (trust auth, socket in the temp dir). */
export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-pg-'));
  const user = pgUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = spawnSync('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], { encoding: 'utf8', cwd: dir, ...(user ?? {}) });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'];
    const proc = spawn('postgres', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...(user ?? {}) });
    child = proc;
    let log = '';
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await query(url, 'select 1');
        return;
      } catch (err) {
        if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start: ${log || (err as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    // SIGINT is postgres's "fast" shutdown: clients are disconnected, the cluster stays consistent.
    proc.kill('SIGINT');
    await exited;
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Environment for a Core on `url`/`schema` with its own snapshot and spool files in a temp dir. */
export function coreEnv(url: string, schema: string, extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-core-'));
  return {
    PORT: '0',
    GRPC_PORT: '0',
    HOST: '127.0.0.1',
    POSTGRES_URL: url,
    POSTGRES_SCHEMA: schema,
    POLICY_CACHE_FILE: join(dir, 'policy-cache.json'),
    AUDIT_SPOOL_FILE: join(dir, 'audit-spool.jsonl'),
    AUDIT_FLUSH_MS: '20',
    ...extra,
  };
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes (then returns the last value). */
export async function waitFor<T>(fn: () => Promise<T> | T, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await fn();
  while (!v && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    v = await fn();
  }
  return v;
}
