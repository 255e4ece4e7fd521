/**
 * Migrations against the real Postgres: twice in a row, from two processes at once, and an edited
 * migration is refused.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshSchema, query } from '../../test/helpers/pg';
import { runAegis } from '../../test/helpers';
import { loadMigrations, migrate, migrateWith, MIGRATIONS_DIR } from './migrate';
import { createClient } from './pg';

const aegis = (args: string[], env: Record<string, string | undefined> = {}) => runAegis(args, env);

test('migrate twice in a row: the second run applies nothing', async (t) => {
  const db = await freshSchema('mig');
  t.teardown(db.drop);
  const first = await migrate(db.settings);
  t.deepEqual(first.applied, loadMigrations().map((m) => m.name));
  const second = await migrate(db.settings);
  t.deepEqual(second.applied, []);
  t.is(second.current, first.current);
  const rows = await query<{ version: number }>(db.url, 'select version from schema_migrations order by version', [], db.schema);
  t.deepEqual(rows.map((r) => r.version), loadMigrations().map((m) => m.version));
});

test('aegis migrate from two processes at once: each migration applied exactly once', async (t) => {
  const db = await freshSchema('mig2');
  t.teardown(db.drop);
  const env = { POSTGRES_URL: db.url, POSTGRES_SCHEMA: db.schema };
  const [a, b] = await Promise.all([aegis(['migrate'], env), aegis(['migrate'], env)]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  // One of them applied everything, the other found it done.
  const outputs = [a.stdout, b.stdout].sort();
  t.regex(outputs[0] ?? '', /^applied 001_policies\.sql, 002_audit\.sql, 003_api_keys\.sql/);
  t.regex(outputs[1] ?? '', /^up to date/);
  const rows = await query<{ n: string }>(db.url, 'select count(*) as n, count(distinct version) as d from schema_migrations', [], db.schema);
  t.is(Number(rows[0]?.n), loadMigrations().length);
  // And once more, for good measure, the CLI reports nothing to do.
  const again = await aegis(['migrate'], env);
  t.regex(again.stdout, /^up to date \(schema aegis_mig2_\w+ at version 3\)/);
});

test('an applied migration that was edited afterwards is refused', async (t) => {
  const db = await freshSchema('mig3');
  t.teardown(db.drop);
  await migrate(db.settings);
  const dir = mkdtempSync(join(tmpdir(), 'aegis-mig-'));
  for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
  writeFileSync(join(dir, '002_audit.sql'), `${readFileSync(join(dir, '002_audit.sql'), 'utf8')}\n-- edited\n`);
  const client = createClient(db.settings);
  await client.connect();
  t.teardown(() => client.end());
  await t.throwsAsync(() => migrateWith(client, db.schema, loadMigrations(dir)), { message: /002_audit\.sql was changed after it was applied/ });
});
