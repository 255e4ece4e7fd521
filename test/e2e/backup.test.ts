/**
 * deploy/backup.sh against the real Postgres: it writes a pg_dump and a policy export, removes backups
 * past the retention period, and the README's restore steps bring the policies back (the dump into a
 * fresh database; the export into an empty schema with `aegis policy import`).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrate } from '../../policy/store/migrate';
import { createPool } from '../../policy/store/pg';
import { PolicyStore } from '../../policy/store/pg-store';
import { DEFAULTS_DIR } from '../../policy/store/paths';
import { ROOT } from '../helpers';
import { freshSchema, query, SHARED_PG_URL } from '../helpers/pg';

test('backup.sh: dump + policy export, 7-day retention, and both restore paths work', async (t) => {
  const db = await freshSchema('bak');
  t.teardown(db.drop);
  await migrate(db.settings);
  const pool = createPool(db.settings, 2);
  const store = new PolicyStore(pool);
  const base = JSON.parse(readFileSync(join(DEFAULTS_DIR, 'default.json'), 'utf8')) as Record<string, unknown>;
  await store.create({ ...base, id: 'default' }, 'ops');
  await store.update('default', { ...base, id: 'default', dryRun: true }, 'ops');
  await store.create({ ...base, id: 'hr', scope: { tenant: 'hr' } }, 'ops');
  const before = await store.export();
  await pool.end();

  const dir = mkdtempSync(join(tmpdir(), 'aegis-backup-'));
  const old = join(dir, 'aegis-20200101T000000Z.dump');
  const recent = join(dir, 'aegis-policies-20200102T000000Z.json');
  writeFileSync(old, 'old');
  writeFileSync(recent, '{}');
  const eightDays = Date.now() / 1000 - 8 * 86400;
  utimesSync(old, eightDays, eightDays);
  const sixDays = Date.now() / 1000 - 6 * 86400;
  utimesSync(recent, sixDays, sixDays);

  const run = spawnSync('bash', [join(ROOT, 'deploy', 'backup.sh')], { env: { ...process.env, POSTGRES_URL: db.url, POSTGRES_SCHEMA: db.schema, BACKUP_DIR: dir }, encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  t.regex(run.stdout, /removed .*aegis-20200101T000000Z\.dump/);
  const files = readdirSync(dir).sort();
  t.false(files.includes('aegis-20200101T000000Z.dump'), 'older than 7 days: removed');
  t.true(files.includes('aegis-policies-20200102T000000Z.json'), 'younger than 7 days: kept');
  const dump = files.find((f) => /^aegis-\d{8}T\d{6}Z\.dump$/.test(f));
  const exportFile = files.find((f) => /^aegis-policies-\d{8}T\d{6}Z\.json$/.test(f) && !f.startsWith('aegis-policies-2020'));
  t.truthy(dump);
  t.truthy(exportFile);
  t.deepEqual(JSON.parse(readFileSync(join(dir, exportFile!), 'utf8')), before);

  // Restore 1: the dump into a fresh database (pg_restore), as the README says.
  const dbName = `aegis_restore_${process.pid}_${randomBytes(3).toString('hex')}`;
  await query(SHARED_PG_URL, `create database ${dbName}`);
  t.teardown(() => query(SHARED_PG_URL, `drop database if exists ${dbName} with (force)`).then(() => undefined));
  const restoredUrl = SHARED_PG_URL.replace(/\/test$/, `/${dbName}`);
  const restore = spawnSync('pg_restore', ['--no-owner', '--dbname', restoredUrl, join(dir, dump!)], { encoding: 'utf8' });
  t.is(restore.status, 0, restore.stderr);
  const restoredPool = createPool({ url: restoredUrl, schema: db.schema }, 2);
  t.deepEqual(await new PolicyStore(restoredPool).export(), before);
  await restoredPool.end();

  // Restore 2: the policy export into an empty schema (aegis migrate + aegis policy import).
  const empty = await freshSchema('bak2');
  t.teardown(empty.drop);
  const env = { ...process.env, POSTGRES_URL: empty.url, POSTGRES_SCHEMA: empty.schema };
  t.is(spawnSync(process.execPath, [join(ROOT, 'bin', 'aegis.js'), 'migrate'], { env }).status, 0);
  const imp = spawnSync(process.execPath, [join(ROOT, 'bin', 'aegis.js'), 'policy', 'import', join(dir, exportFile!)], { env, encoding: 'utf8' });
  t.is(imp.status, 0, imp.stderr);
  t.regex(imp.stdout, /imported 2 policies, 3 versions \(3 new\)/);
  const exp = spawnSync(process.execPath, [join(ROOT, 'bin', 'aegis.js'), 'policy', 'export'], { env, encoding: 'utf8' });
  t.is(exp.stdout, readFileSync(join(dir, exportFile!), 'utf8'), 'the export round-trips byte for byte');
});
