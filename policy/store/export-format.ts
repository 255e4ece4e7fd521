/**
 * The policy export format (`aegis policy export` / `import`, `GET /api/v1/admin/export`): every policy,
 * every version with its author and time, and which version is active.
 */
import type { DetectorRegistry } from '../../scorer/src/engine/detector';
import type { Policy } from '../../scorer/src/engine/policy';
import { PolicyValidationError, validatePolicy } from './validate';

/** The export format (`aegis policy export`); importing it restores the same store. */
export interface PolicyExport {
  readonly format: 'aegis.policy-export';
  readonly formatVersion: 1;
  readonly policies: ReadonlyArray<{
    readonly id: string;
    readonly activeVersion: number | null;
    readonly updatedAt: string;
    readonly updatedBy: string;
    readonly versions: ReadonlyArray<{ version: number; createdAt: string; createdBy: string; comment: string | null; document: Policy }>;
  }>;
}

/** Checks an export before it is imported; errors name the path inside the export. */
export function validateExport(input: unknown, registry?: DetectorRegistry): PolicyExport {
  const e = input as PolicyExport;
  if (typeof e !== 'object' || e === null || e.format !== 'aegis.policy-export' || e.formatVersion !== 1 || !Array.isArray(e.policies)) {
    throw new PolicyValidationError('/', 'not an Aegis policy export (format "aegis.policy-export", formatVersion 1)');
  }
  e.policies.forEach((p: PolicyExport['policies'][number], i: number) => {
    if (typeof p.id !== 'string' || !Array.isArray(p.versions) || p.versions.length === 0) throw new PolicyValidationError(`/policies/${i}`, 'needs an id and at least one version');
    if (p.activeVersion !== null && !p.versions.some((v) => v.version === p.activeVersion)) throw new PolicyValidationError(`/policies/${i}/activeVersion`, 'names no exported version');
    p.versions.forEach((v, j) => {
      const doc = validatePolicy(v.document, registry, `/policies/${i}/versions/${j}/document`);
      if (doc.id !== p.id || doc.version !== v.version) throw new PolicyValidationError(`/policies/${i}/versions/${j}/document`, 'id and version must match the entry');
    });
  });
  return e;
}
