/**
 * Policy validation against `policy/schema.json` and the registered detectors' config schemas. Errors
 * name the path of the bad field (`/request/categories/jailbreak/threshold: must be <= 1`).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectorRegistry } from '../../scorer/src/engine/detector';
import type { Policy } from '../../scorer/src/engine/policy';
import { AegisError } from '../../scorer/src/errors';
import { POLICY_DIR } from './paths';

/** The policy JSON Schema, as shipped in `policy/schema.json`. */
export const POLICY_SCHEMA: Record<string, unknown> = JSON.parse(readFileSync(join(POLICY_DIR, 'schema.json'), 'utf8'));

const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema(POLICY_SCHEMA, 'policy.json');
const validateOne = ajv.getSchema('policy.json#/definitions/policy') as ValidateFunction;
const validateBundleShape = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['policies'],
  properties: { policies: { type: 'array', minItems: 1, items: { type: 'object' } } },
});
const detectorValidators = new WeakMap<object, ValidateFunction>();

/** A policy file's content: one policy, or several with scopes. */
export interface PolicyBundle {
  readonly policies: readonly Policy[];
}

/** Thrown for an invalid policy; `path` is a JSON pointer into the submitted document. */
export class PolicyValidationError extends AegisError {
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super('AEGIS_ERR_POLICY_INVALID', `invalid policy at ${path || '/'}: ${reason}`);
    this.path = path || '/';
    this.reason = reason;
  }
}

function describe(err: ErrorObject, prefix: string): PolicyValidationError {
  let path = prefix + err.instancePath;
  let reason = err.message ?? 'is invalid';
  // Errors inside `propertyNames` carry the offending key on the error object itself.
  const badKey = (err as ErrorObject & { propertyName?: string }).propertyName;
  if (badKey !== undefined) return new PolicyValidationError(`${path}/${badKey}`, 'unknown name');
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty?: string }).additionalProperty;
    path = `${path}/${extra ?? ''}`;
    reason = 'unknown field';
  } else if (err.keyword === 'propertyNames') {
    const name = (err.params as { propertyName?: string }).propertyName;
    path = `${path}/${name ?? ''}`;
    reason = 'unknown name';
  } else if (err.keyword === 'enum') {
    reason = `must be one of ${((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
  }
  return new PolicyValidationError(path, reason);
}

/** Validates one policy; throws `PolicyValidationError` with the path of the first bad field. */
export function validatePolicy(input: unknown, registry?: DetectorRegistry, prefix = ''): Policy {
  if (!validateOne(input)) throw describe((validateOne.errors ?? [])[0] as ErrorObject, prefix);
  const policy = input as Policy;
  if (registry) {
    for (const [id, settings] of Object.entries(policy.detectors ?? {})) {
      const detector = registry.get(id);
      if (!detector) throw new PolicyValidationError(`${prefix}/detectors/${id}`, `unknown detector (known: ${registry.ids().join(', ')})`);
      if (settings.config === undefined || !detector.configSchema) continue;
      let check = detectorValidators.get(detector.configSchema);
      if (!check) {
        check = ajv.compile(detector.configSchema);
        detectorValidators.set(detector.configSchema, check);
      }
      if (!check(settings.config)) throw describe((check.errors ?? [])[0] as ErrorObject, `${prefix}/detectors/${id}/config`);
    }
  }
  return policy;
}

/** Validates a policy file's content (one policy or `{policies: [...]}`) and the scoping rules. */
export function validateBundle(input: unknown, registry?: DetectorRegistry): PolicyBundle {
  let policies: Policy[];
  if (typeof input === 'object' && input !== null && 'policies' in input) {
    if (!validateBundleShape(input)) throw describe((validateBundleShape.errors ?? [])[0] as ErrorObject, '');
    policies = (input as { policies: unknown[] }).policies.map((p, i) => validatePolicy(p, registry, `/policies/${i}`));
  } else {
    policies = [validatePolicy(input, registry)];
  }
  const defaults = policies.filter((p) => !p.scope);
  if (defaults.length !== 1) {
    throw new PolicyValidationError('/policies', `needs exactly one policy without a scope (the default), found ${defaults.length}`);
  }
  const seen = new Set<string>();
  policies.forEach((p, i) => {
    const key = `${p.scope?.tenant ?? '*'}|${p.scope?.route ?? '*'}`;
    if (seen.has(key)) throw new PolicyValidationError(`/policies/${i}/scope`, 'another policy has the same scope');
    seen.add(key);
  });
  return { policies };
}
