/**
 * PolicySync's safety net: a change whose notification never arrives is still picked up by the
 * periodic re-check, and every load rewrites the last-known-good snapshot file.
 */
import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRegistry } from '../../scorer/src/detectors/registry';
import { createLogger } from '../../scorer/src/telemetry/logger';
import { freshSchema, query, waitFor } from '../../test/helpers/pg';
import { migrate } from './migrate';
import { DEFAULTS_DIR } from './paths';
import { createPool } from './pg';
import { PolicyStore } from './pg-store';
import { loadEmbeddedDefaults, type PolicySet } from './policy-set';
import { PolicySync } from './sync';

test('a change without NOTIFY arrives by the periodic re-check; the snapshot file follows', async (t) => {
  const db = await freshSchema('sync');
  await migrate(db.settings);
  const pool = createPool(db.settings, 2);
  const registry = createDefaultRegistry();
  const store = new PolicyStore(pool, registry);
  const cacheFile = join(mkdtempSync(join(tmpdir(), 'aegis-sync-')), 'cache.json');
  const applied: PolicySet[] = [];
  const sync = new PolicySync({
    settings: db.settings, store, registry, fallback: loadEmbeddedDefaults(registry), cacheFile, recheckMs: 200,
    logger: createLogger('silent'), apply: (set) => applied.push(set),
  });
  t.teardown(async () => {
    await sync.close();
    await pool.end();
    await db.drop();
  });
  const first = await sync.start();
  t.is(first.source.kind, 'postgres');
  t.is(first.default.id, 'default', 'no default in the database: the embedded one');
  t.deepEqual(JSON.parse(readFileSync(cacheFile, 'utf8')).policies.map((p: { id: string }) => p.id), ['default']);

  // Write a policy with triggers off (no NOTIFY, no generation bump), then bump the generation by hand.
  const base = JSON.parse(readFileSync(join(DEFAULTS_DIR, 'default.json'), 'utf8')) as Record<string, unknown>;
  const doc = { ...base, id: 'quiet', scope: { tenant: 'q' } };
  await query(db.url, `set session_replication_role = replica;
    insert into policy_versions (policy_id, version, document, created_by) values ('quiet', 1, '${JSON.stringify(doc)}', 'sql');
    insert into policies (policy_id, scope_tenant, active_version, updated_by) values ('quiet', 'q', 1, 'sql');
    update policy_state set generation = generation + 1;`, [], db.schema);
  const seen = await waitFor(() => sync.current.resolve({ tenant: 'q' }).id === 'quiet', 3000, 20);
  t.true(seen, 'the re-check did not pick the change up');
  t.deepEqual(JSON.parse(readFileSync(cacheFile, 'utf8')).policies.map((p: { id: string }) => p.id).sort(), ['default', 'quiet']);
  t.like(sync.health(), { status: 'ok', state: 'connected' });
  t.true(applied.length >= 2);
});
