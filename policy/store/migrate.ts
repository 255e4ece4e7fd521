/**
 * Versioned SQL migrations from `policy/migrations/NNN_name.sql`. Applied in order, each in its own
 * transaction, under an advisory lock so several Core instances starting at once apply each file once;
 * running again applies nothing. An applied file that was edited afterwards is an error.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { POLICY_DIR } from './paths';
import { createClient, type PgSettings } from './pg';

/** Absolute path of the migrations folder. */
export const MIGRATIONS_DIR = join(POLICY_DIR, 'migrations');

/** One migration file. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** What a run did. */
export interface MigrateResult {
  readonly applied: readonly string[];
  readonly current: number;
}

/** The migration files, in version order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const m = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new Error(`migration file ${file} must be named NNN_name.sql`);
    const sql = readFileSync(join(dir, file), 'utf8');
    const version = Number(m[1]);
    if (out.some((o) => o.version === version)) throw new Error(`two migrations have version ${version}`);
    out.push({ version, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return out;
}

/** Applies pending migrations on a connection whose search_path is `schema`. */
export async function migrateWith(client: Client, schema: string, migrations = loadMigrations()): Promise<MigrateResult> {
  // The lock is per schema: instances of different deployments (or tests) in one database do not wait
  // for each other. It is taken before CREATE SCHEMA, which itself races between sessions.
  await client.query('select pg_advisory_lock(hashtext($1))', [`aegis.migrate:${schema}`]);
  try {
    await client.query(`create schema if not exists ${schema}`);
    await client.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Map<number, { name: string; checksum: string }>();
    for (const row of (await client.query<{ version: number; name: string; checksum: string }>('select version, name, checksum from schema_migrations')).rows) {
      done.set(row.version, row);
    }
    const applied: string[] = [];
    for (const m of migrations) {
      const prior = done.get(m.version);
      if (prior) {
        if (prior.checksum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`);
        continue;
      }
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [m.version, m.name, m.checksum]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.name);
    }
    return { applied, current: migrations.reduce((max, m) => Math.max(max, m.version), 0) };
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [`aegis.migrate:${schema}`]).catch(() => undefined);
  }
}

/** Connects, migrates, disconnects. */
export async function migrate(settings: PgSettings): Promise<MigrateResult> {
  const client = createClient(settings);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await migrateWith(client, settings.schema);
  } finally {
    await client.end().catch(() => undefined);
  }
}
