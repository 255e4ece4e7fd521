/**
 * A set of policies with scopes, and how a request's tenant and route pick one: the most specific match
 * wins (tenant + route, then route, then tenant, then the default).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DetectorRegistry } from '../../scorer/src/engine/detector';
import type { Policy } from '../../scorer/src/engine/policy';
import type { SubjectMeta } from '../../scorer/src/engine/types';
import { PolicyValidationError, validateBundle } from './validate';
import { DEFAULTS_DIR } from './paths';

/** Where the active policies came from (shown in health and logs). */
export interface PolicySource {
  readonly kind: 'embedded' | 'file' | 'postgres' | 'cache';
  readonly location?: string;
}

/** An immutable, validated set of policies. */
export class PolicySet {
  readonly #default: Policy;
  readonly #exact = new Map<string, Policy>();

  constructor(
    readonly policies: readonly Policy[],
    readonly source: PolicySource,
  ) {
    const def = policies.find((p) => !p.scope);
    if (!def) throw new PolicyValidationError('/policies', 'no default policy');
    this.#default = def;
    for (const p of policies) if (p.scope) this.#exact.set(key(p.scope.tenant, p.scope.route), p);
  }

  /** The unscoped default policy. */
  get default(): Policy {
    return this.#default;
  }

  /** The policy for a request's tenant and route. */
  resolve(meta: Pick<SubjectMeta, 'tenant' | 'route'>): Policy {
    if (this.#exact.size === 0) return this.#default;
    const { tenant, route } = meta;
    return (
      (tenant !== undefined && route !== undefined ? this.#exact.get(key(tenant, route)) : undefined) ??
      (route !== undefined ? this.#exact.get(key(undefined, route)) : undefined) ??
      (tenant !== undefined ? this.#exact.get(key(tenant, undefined)) : undefined) ??
      this.#default
    );
  }
}

function key(tenant: string | undefined, route: string | undefined): string {
  return `${tenant ?? '*'}|${route ?? '*'}`;
}

/** Reads and validates a policy file; errors name the file, the field path and the reason. */
export function loadPolicyFile(path: string, registry?: DetectorRegistry): PolicySet {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new PolicyValidationError('/', `cannot read policy file ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyValidationError('/', `policy file ${abs} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return new PolicySet(validateBundle(json, registry).policies, { kind: 'file', location: abs });
  } catch (err) {
    if (err instanceof PolicyValidationError) throw new PolicyValidationError(err.path, `${err.reason} (in ${abs})`);
    throw err;
  }
}

/** The embedded defaults shipped in `policy/defaults/default.json`. */
export function loadEmbeddedDefaults(registry?: DetectorRegistry): PolicySet {
  const set = loadPolicyFile(join(DEFAULTS_DIR, 'default.json'), registry);
  return new PolicySet(set.policies, { kind: 'embedded', location: join(DEFAULTS_DIR, 'default.json') });
}
