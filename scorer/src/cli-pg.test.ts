/**
 * The Postgres commands of the `aegis` CLI as users run them: bootstrapping the first admin key, and
 * the errors when Postgres is not configured or the arguments are wrong.
 */
import test from 'ava';
import { runAegis } from '../../test/helpers';
import { freshSchema } from '../../test/helpers/pg';
import { createPool } from '../../policy/store/pg';
import { ApiKeyStore } from './admin/keys';

const aegis = (args: string[], env: Record<string, string | undefined> = {}) => runAegis(args, env);

test('aegis admin create-key --role admin bootstraps a working key on a fresh database', async (t) => {
  const db = await freshSchema('cli');
  t.teardown(db.drop);
  const env = { POSTGRES_URL: db.url, POSTGRES_SCHEMA: db.schema };
  const r = await aegis(['admin', 'create-key', '--role', 'admin', '--name', 'first'], env);
  t.is(r.code, 0, r.stderr);
  const key = r.stdout.trim();
  t.regex(key, /^aegis_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  t.regex(r.stderr, /created admin key [0-9a-f]{16} \(first\); it is shown only now/);
  const pool = createPool(db.settings, 1);
  t.teardown(() => pool.end());
  const keys = new ApiKeyStore(pool);
  t.like(await keys.verify(key), { role: 'admin', name: 'first' });
  t.regex((await keys.list())[0]?.createdBy ?? '', /^cli:/);
  t.is(await keys.verify(key.slice(0, -2) + 'AA'), undefined);
});

test('Postgres commands: usage errors exit 2, a missing POSTGRES_URL exits 78 naming it', async (t) => {
  const noRole = await aegis(['admin', 'create-key'], { POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/test' });
  t.is(noRole.code, 2);
  t.regex(noRole.stderr, /--role must be one of viewer, editor, admin/);
  const noUrl = await aegis(['migrate'], { POSTGRES_URL: undefined });
  t.is(noUrl.code, 78);
  t.regex(noUrl.stderr, /POSTGRES_URL: is required for this command/);
  const badVerify = await aegis(['audit', 'check'], {});
  t.is(badVerify.code, 2);
});
