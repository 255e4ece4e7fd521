/**
 * The Postgres policy store against the real server: scoping precedence, versions, activate,
 * rollback, diff, validation with the field path, scope conflicts, immutability, export/import.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDefaultRegistry } from '../../scorer/src/detectors/registry';
import type { Policy } from '../../scorer/src/engine/policy';
import { AegisError } from '../../scorer/src/errors';
import { freshSchema, query } from '../../test/helpers/pg';
import { migrate } from './migrate';
import { DEFAULTS_DIR } from './paths';
import { createPool } from './pg';
import { PolicyStore } from './pg-store';
import { PolicySet } from './policy-set';
import { PolicyValidationError } from './validate';

const registry = createDefaultRegistry();
const base = JSON.parse(readFileSync(join(DEFAULTS_DIR, 'default.json'), 'utf8')) as Policy;
const policy = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...structuredClone(base), id, ...extra });

async function storeFor(t: import('ava').ExecutionContext, prefix: string): Promise<{ store: PolicyStore; schema: string; url: string }> {
  const db = await freshSchema(prefix);
  await migrate(db.settings);
  const pool = createPool(db.settings, 4);
  t.teardown(async () => {
    await pool.end();
    await db.drop();
  });
  return { store: new PolicyStore(pool, registry), schema: db.schema, url: db.url };
}

test('scoping: tenant+route beats route beats tenant beats default, as stored in Postgres', async (t) => {
  const { store } = await storeFor(t, 'scope');
  await store.create(policy('default'), 'test');
  await store.create(policy('hr', { scope: { tenant: 'hr' } }), 'test');
  await store.create(policy('chat', { scope: { route: 'chat' } }), 'test');
  await store.create(policy('hr-chat', { scope: { tenant: 'hr', route: 'chat' } }), 'test');
  const active = await store.active();
  t.is(active.policies.length, 4);
  const set = new PolicySet(active.policies, { kind: 'postgres' });
  t.is(set.resolve({ tenant: 'hr', route: 'chat' }).id, 'hr-chat');
  t.is(set.resolve({ tenant: 'sales', route: 'chat' }).id, 'chat');
  t.is(set.resolve({ tenant: 'hr', route: 'search' }).id, 'hr');
  t.is(set.resolve({ tenant: 'sales', route: 'search' }).id, 'default');
  t.is(set.resolve({}).id, 'default');
  // A second active policy with the same scope is a conflict, not a silent override.
  const dup = await t.throwsAsync(() => store.create(policy('hr2', { scope: { tenant: 'hr' } }), 'test'), { instanceOf: AegisError });
  t.is(dup?.code, 'AEGIS_ERR_CONFLICT');
  t.is((await store.list()).length, 4, 'the rejected create left nothing behind');
});

test('versions: every write is a new version; activate, rollback, diff; changes name the actor', async (t) => {
  const { store, url, schema } = await storeFor(t, 'ver');
  t.deepEqual(await store.create(policy('p', { scope: { tenant: 'a' } }), 'alice'), { id: 'p', version: 1 });
  const v2 = policy('p', { scope: { tenant: 'a' }, dryRun: true, version: 99 });
  t.deepEqual(await store.update('p', v2, 'bob', { comment: 'try dry run' }), { id: 'p', version: 2 }, 'the store numbers versions, not the client');
  t.deepEqual(await store.update('p', policy('p', { scope: { tenant: 'a' }, description: 'staged' }), 'carol', { activate: false }), { id: 'p', version: 3 });
  const summary = (await store.list())[0];
  t.is(summary?.activeVersion, 2);
  t.is(summary?.latestVersion, 3);
  t.is((await store.get('p')).document.dryRun, true);

  await store.activate('p', 3, 'dave');
  t.is((await store.get('p')).summary.activeVersion, 3);
  // Rollback without a version goes back to what was active before (2, not 3 - 1 by accident).
  t.like(await store.rollback('p', 'erin'), { version: 2, previous: 3 });
  t.is((await store.get('p')).summary.activeVersion, 2);
  t.like(await store.rollback('p', 'erin', 1), { version: 1, previous: 2 });
  t.is((await store.active()).policies.find((p) => p.id === 'p')?.version, 1);

  const versions = await store.versions('p');
  t.deepEqual(versions.map((v) => [v.version, v.createdBy, v.active]), [[3, 'carol', false], [2, 'bob', false], [1, 'alice', true]]);
  t.is((await store.version('p', 2)).document?.version, 2);
  t.is((await store.version('p', 2)).comment, 'try dry run');

  const diff = await store.diff('p', 1, 2);
  t.deepEqual(diff.find((d) => d.path === '/dryRun'), { op: 'replace', path: '/dryRun', from: false, to: true });
  t.deepEqual(diff.find((d) => d.path === '/version'), { op: 'replace', path: '/version', from: 1, to: 2 });
  t.deepEqual((await store.diff('p', 1, 3)).find((d) => d.path === '/description'), { op: 'replace', path: '/description', from: base.description, to: 'staged' });

  const changes = await store.changes({ policyId: 'p' });
  t.deepEqual(changes.map((c) => [c.action, c.actor, c.fromVersion, c.toVersion]).reverse(), [
    ['create', 'alice', null, 1],
    ['update', 'bob', 1, 2],
    ['update', 'carol', 2, 3],
    ['activate', 'dave', 2, 3],
    ['rollback', 'erin', 3, 2],
    ['rollback', 'erin', 2, 1],
  ]);

  // Stored versions are immutable, even in SQL.
  await t.throwsAsync(() => query(url, `update policy_versions set document = '{}' where policy_id = 'p'`, [], schema), { message: /immutable/ });
  await t.throwsAsync(() => query(url, `delete from policy_versions where policy_id = 'p'`, [], schema), { message: /immutable/ });

  await store.remove('p', 'frank');
  t.deepEqual((await store.active()).policies, []);
  t.is((await store.get('p')).summary.activeVersion, null);
  const missing = await t.throwsAsync(() => store.activate('p', 7, 'x'), { instanceOf: AegisError });
  t.is(missing?.code, 'AEGIS_ERR_NOT_FOUND');
});

test('an invalid policy is rejected with the path of the bad field, and nothing is stored', async (t) => {
  const { store } = await storeFor(t, 'inv');
  const bad = policy('x');
  (bad.request as { categories: Record<string, { threshold: number }> }).categories.jailbreak!.threshold = 7;
  const err = await t.throwsAsync(() => store.create(bad, 'test'), { instanceOf: PolicyValidationError });
  t.is(err?.path, '/request/categories/jailbreak/threshold');
  t.is(err?.code, 'AEGIS_ERR_POLICY_INVALID');
  const det = policy('y', { detectors: { pattern: { config: { obfuscationBoost: 'lots' } } } });
  t.is((await t.throwsAsync(() => store.create(det, 'test'), { instanceOf: PolicyValidationError }))?.path, '/detectors/pattern/config/obfuscationBoost');
  t.is((await t.throwsAsync(() => store.create(policy('z', { audit: { allowSampleRate: 2 } }), 'test'), { instanceOf: PolicyValidationError }))?.path, '/audit/allowSampleRate');
  await store.create(policy('ok'), 'test');
  t.is((await t.throwsAsync(() => store.update('ok', policy('other'), 'test'), { instanceOf: PolicyValidationError }))?.path, '/id');
  t.deepEqual((await store.list()).map((p) => p.id), ['ok']);
});

test('export and import round-trip exactly; importing twice changes nothing; a different version conflicts', async (t) => {
  const a = await storeFor(t, 'exp');
  await a.store.create(policy('default'), 'alice', { comment: 'first' });
  await a.store.update('default', policy('default', { dryRun: true }), 'bob');
  await a.store.create(policy('hr', { scope: { tenant: 'hr' } }), 'alice');
  await a.store.remove('hr', 'carol');
  const exported = await a.store.export();
  t.is(exported.policies.length, 2);

  const b = await storeFor(t, 'imp');
  t.deepEqual(await b.store.import(JSON.parse(JSON.stringify(exported)), 'restore'), { policies: 2, versions: 3, added: 3 });
  t.deepEqual(await b.store.export(), exported);
  t.is(JSON.stringify(await b.store.export()), JSON.stringify(exported), 'byte-identical');
  t.deepEqual(await b.store.import(exported, 'restore'), { policies: 2, versions: 3, added: 0 });
  t.deepEqual(await b.store.export(), exported);
  t.deepEqual((await b.store.active()).policies.map((p) => `${p.id}@${p.version}`), ['default@2']);

  const tampered = structuredClone(exported) as unknown as { policies: Array<{ versions: Array<{ document: { description?: string } }> }> };
  tampered.policies[0]!.versions[0]!.document.description = 'changed';
  const conflict = await t.throwsAsync(() => b.store.import(tampered, 'restore'), { instanceOf: AegisError });
  t.is(conflict?.code, 'AEGIS_ERR_CONFLICT');
  const invalid = structuredClone(exported) as unknown as { policies: Array<{ versions: Array<{ document: { request: { default: { action: string } } } }> }> };
  invalid.policies[1]!.versions[0]!.document.request.default.action = 'explode';
  t.is((await t.throwsAsync(() => b.store.import(invalid, 'restore'), { instanceOf: PolicyValidationError }))?.path, '/policies/1/versions/0/document/request/default/action');
});
