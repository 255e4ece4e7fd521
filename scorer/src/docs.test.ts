/**
 * The README must match the code: the error catalog table and the environment variable table.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOG } from './errors';
import { ROOT } from '../../test/helpers';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

test('the README error table lists exactly the catalog, with the same statuses', (t) => {
  const rows = [...readme.matchAll(/^\| `(AEGIS_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])] as const);
  const documented = Object.fromEntries(rows);
  const catalog = Object.fromEntries(Object.entries(ERROR_CATALOG).map(([code, e]) => [code, e.status]));
  t.deepEqual(documented, catalog);
});

test('every environment variable the config reads is in the README table, and nothing else is', (t) => {
  const source = readFileSync(join(ROOT, 'scorer', 'src', 'config.ts'), 'utf8');
  const read = new Set([...source.matchAll(/(?:str|int|bool|oneOf)\(env, '([A-Z_]+)'/g)].map((m) => m[1]));
  const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| /gm)].map((m) => m[1]).filter((v) => !v!.startsWith('AEGIS_ERR_')));
  t.deepEqual([...documented].sort(), [...read].sort());
});
