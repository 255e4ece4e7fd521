import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRegistry } from '../../scorer/src/detectors/registry';
import { DEFAULTS_DIR } from './paths';
import { loadEmbeddedDefaults, loadPolicyFile, PolicySet } from './policy-set';
import { PolicyValidationError, validateBundle, validatePolicy } from './validate';

const registry = createDefaultRegistry();
const base = JSON.parse(readFileSync(join(DEFAULTS_DIR, 'default.json'), 'utf8')) as Record<string, unknown>;
const clone = (): Record<string, unknown> => structuredClone(base);

function invalid(mutate: (p: Record<string, unknown>) => unknown, path: string, reason: RegExp): (t: import('ava').ExecutionContext) => void {
  return (t) => {
    const p = clone();
    const doc = mutate(p) ?? p;
    const err = t.throws(() => validateBundle(doc, registry), { instanceOf: PolicyValidationError });
    t.is(err?.path, path);
    t.regex(err?.reason ?? '', reason);
    t.is(err?.code, 'AEGIS_ERR_POLICY_INVALID');
  };
}

test('the embedded default policy is valid', (t) => {
  const set = loadEmbeddedDefaults(registry);
  t.is(set.default.id, 'default');
  t.is(set.source.kind, 'embedded');
});

test('threshold out of range names the field', invalid((p) => {
  ((p.request as { categories: Record<string, { threshold: number }> }).categories.jailbreak as { threshold: number }).threshold = 1.5;
}, '/request/categories/jailbreak/threshold', /<= 1/));

test('unknown action names the field and the choices', invalid((p) => {
  ((p.response as { default: { action: string } }).default).action = 'drop';
}, '/response/default/action', /allow, log, mask, block/));

test('unknown category is rejected', invalid((p) => {
  (p.request as { categories: Record<string, unknown> }).categories.prompt_injecton = { action: 'block', threshold: 0.5 };
}, '/request/categories/prompt_injecton', /unknown name/));

test('unknown top-level field is rejected (typos do not pass silently)', invalid((p) => {
  p.dryrun = true;
}, '/dryrun', /unknown field/));

test('missing required field', invalid((p) => {
  delete p.response;
}, '/', /must have required property 'response'/));

test('unknown detector', invalid((p) => {
  (p.detectors as Record<string, unknown>).patern = { enabled: true };
}, '/detectors/patern', /unknown detector/));

test('detector config is checked against the detector schema', invalid((p) => {
  (p.detectors as Record<string, unknown>).pattern = { config: { obfuscationBoost: 'lots' } };
}, '/detectors/pattern/config/obfuscationBoost', /number/));

test('a bundle needs exactly one default and distinct scopes', (t) => {
  const def = clone();
  const scoped = { ...clone(), id: 'hr', scope: { tenant: 'hr' } };
  t.is(validateBundle({ policies: [def, scoped] }, registry).policies.length, 2);
  const two = t.throws(() => validateBundle({ policies: [def, clone()] }, registry), { instanceOf: PolicyValidationError });
  t.regex(two?.reason ?? '', /exactly one/);
  const dup = t.throws(() => validateBundle({ policies: [def, scoped, { ...scoped, id: 'hr2' }] }, registry), { instanceOf: PolicyValidationError });
  t.is(dup?.path, '/policies/2/scope');
  const deep = t.throws(() => validateBundle({ policies: [def, { ...scoped, version: 0 }] }, registry), { instanceOf: PolicyValidationError });
  t.is(deep?.path, '/policies/1/version');
});

test('scope resolution: tenant+route, then route, then tenant, then default', (t) => {
  const mk = (id: string, scope?: { tenant?: string; route?: string }) => validatePolicy({ ...clone(), id, ...(scope ? { scope } : {}) }, registry);
  const set = new PolicySet([mk('default'), mk('t', { tenant: 'hr' }), mk('r', { route: 'chat' }), mk('tr', { tenant: 'hr', route: 'chat' })], { kind: 'file' });
  t.is(set.resolve({ tenant: 'hr', route: 'chat' }).id, 'tr');
  t.is(set.resolve({ tenant: 'sales', route: 'chat' }).id, 'r');
  t.is(set.resolve({ tenant: 'hr', route: 'other' }).id, 't');
  t.is(set.resolve({ tenant: 'sales' }).id, 'default');
  t.is(set.resolve({}).id, 'default');
});

test('policy files: a bad file names the file, the path and the reason', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-policy-'));
  const bad = join(dir, 'bad.json');
  const p = clone();
  (p.request as { default: { threshold: number } }).default.threshold = -1;
  writeFileSync(bad, JSON.stringify(p));
  const err = t.throws(() => loadPolicyFile(bad, registry), { instanceOf: PolicyValidationError });
  t.regex(err?.message ?? '', /\/request\/default\/threshold: must be >= 0 \(in .*bad\.json\)/);
  writeFileSync(join(dir, 'broken.json'), '{"id": ');
  t.throws(() => loadPolicyFile(join(dir, 'broken.json'), registry), { message: /not valid JSON/ });
  t.throws(() => loadPolicyFile(join(dir, 'missing.json'), registry), { message: /cannot read policy file .*ENOENT/ });
  writeFileSync(join(dir, 'good.json'), JSON.stringify(clone()));
  t.is(loadPolicyFile(join(dir, 'good.json'), registry).source.kind, 'file');
});
