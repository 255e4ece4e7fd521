/**
 * The README must match the code: the error catalog table and the environment variable table.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultEngineWorkers } from './config';
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

test('the README default of ENGINE_WORKERS says what defaultEngineWorkers does on two cores or fewer', (t) => {
  const row = readme.match(/^\| `ENGINE_WORKERS` \| ([^|]+) \|/m)?.[1] ?? '';
  // Two cores or fewer get no workers (the development host has two); more get cores − 1, at most 4.
  t.is(defaultEngineWorkers(2), 0);
  t.regex(row, /`0` on two cores or fewer/);
  t.is(defaultEngineWorkers(8), 4);
  t.regex(row, /cores − 1, at most 4/);
});
