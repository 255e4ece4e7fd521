/**
 * The Postgres policy store: every write is a new immutable version, one version per policy is active,
 * and every change is recorded with who made it. Scopes are part of the policy document; at most one
 * active policy per scope (a unique index says so, a conflict is a 409).
 */
import { compare, getValueByPointer } from 'fast-json-patch';
import type { Pool, PoolClient } from 'pg';
import type { DetectorRegistry } from '../../scorer/src/engine/detector';
import type { Policy, PolicyScope } from '../../scorer/src/engine/policy';
import { AegisError } from '../../scorer/src/errors';
import { storeError } from './pg';
import { validateExport, type PolicyExport } from './export-format';
import { PolicyValidationError, validatePolicy } from './validate';

export type { PolicyExport } from './export-format';

/** A policy as listed. */
export interface PolicySummary {
  readonly id: string;
  readonly scope: PolicyScope | null;
  /** `null` when the policy is deleted (deactivated); its versions stay. */
  readonly activeVersion: number | null;
  readonly latestVersion: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** One stored version. */
export interface PolicyVersion {
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly comment: string | null;
  readonly active: boolean;
  readonly document?: Policy;
}

/** One entry of the change history. */
export interface PolicyChange {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly policyId: string;
  readonly fromVersion: number | null;
  readonly toVersion: number | null;
  readonly comment: string | null;
}

/** One difference between two versions (RFC 6902 operation plus the old value). */
export interface PolicyDiffEntry {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

/** The active policies and the store generation they were read at. */
export interface ActivePolicies {
  readonly generation: number;
  readonly policies: readonly Policy[];
}

/** Options of a write. */
export interface WriteOptions {
  /** Make the new version active (default true). */
  readonly activate?: boolean;
  readonly comment?: string;
}

// Timestamps as text with microseconds, so an export re-imports to the same instant.
const TS = (col: string): string => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Policy CRUD, versions, activation, rollback, diff, history, export and import. */
export class PolicyStore {
  constructor(
    readonly pool: Pool,
    readonly registry?: DetectorRegistry,
  ) {}

  /** Every policy, active or not. */
  list(): Promise<PolicySummary[]> {
    return this.#run(async (c) => {
      const { rows } = await c.query<SummaryRow>(
        `select p.policy_id, p.scope_tenant, p.scope_route, p.active_version, ${TS('p.updated_at')} as updated_at, p.updated_by,
                (select max(version) from policy_versions v where v.policy_id = p.policy_id) as latest_version
           from policies p order by p.policy_id`,
      );
      return rows.map(toSummary);
    });
  }

  /** A policy's summary and its active document (the latest one when it is deleted). */
  get(id: string): Promise<{ summary: PolicySummary; document: Policy }> {
    return this.#run(async (c) => {
      const summary = await this.#summary(c, id);
      const version = summary.activeVersion ?? summary.latestVersion;
      return { summary, document: await this.#document(c, id, version) };
    });
  }

  /** Creates a policy (version 1). 409 if the id exists. */
  async create(input: unknown, actor: string, options: WriteOptions = {}): Promise<{ id: string; version: number }> {
    const doc = this.#validate(input, undefined);
    return this.#tx(async (c) => {
      const exists = await c.query('select 1 from policies where policy_id = $1', [doc.id]);
      if (exists.rowCount) throw new AegisError('AEGIS_ERR_CONFLICT', `Policy ${doc.id} already exists; PUT a new version instead.`);
      const stored = { ...doc, version: 1 };
      await c.query('insert into policy_versions (policy_id, version, document, created_by, comment) values ($1, 1, $2, $3, $4)', [doc.id, stored, actor, options.comment ?? null]);
      await c.query('insert into policies (policy_id, updated_by) values ($1, $2)', [doc.id, actor]);
      await this.#change(c, actor, 'create', doc.id, null, 1, options.comment);
      if (options.activate !== false) await this.#setActive(c, doc.id, 1, stored.scope, actor);
      return { id: doc.id, version: 1 };
    });
  }

  /** Stores a new version of an existing policy. */
  async update(id: string, input: unknown, actor: string, options: WriteOptions = {}): Promise<{ id: string; version: number }> {
    const doc = this.#validate(input, id);
    return this.#tx(async (c) => {
      const row = await c.query<{ active_version: number | null }>('select active_version from policies where policy_id = $1 for update', [id]);
      if (!row.rowCount) throw notFound(id);
      const latest = await c.query<{ v: number }>('select max(version) as v from policy_versions where policy_id = $1', [id]);
      const version = (latest.rows[0]?.v ?? 0) + 1;
      const stored = { ...doc, version };
      await c.query('insert into policy_versions (policy_id, version, document, created_by, comment) values ($1, $2, $3, $4, $5)', [id, version, stored, actor, options.comment ?? null]);
      await this.#change(c, actor, 'update', id, row.rows[0]?.active_version ?? null, version, options.comment);
      if (options.activate !== false) await this.#setActive(c, id, version, stored.scope, actor);
      return { id, version };
    });
  }

  /** Deactivates a policy; its versions stay and can be activated again. */
  remove(id: string, actor: string): Promise<void> {
    return this.#tx(async (c) => {
      const row = await c.query<{ active_version: number | null }>('select active_version from policies where policy_id = $1 for update', [id]);
      if (!row.rowCount) throw notFound(id);
      await c.query('update policies set active_version = null, updated_at = now(), updated_by = $2 where policy_id = $1', [id, actor]);
      await this.#change(c, actor, 'delete', id, row.rows[0]?.active_version ?? null, null);
    });
  }

  /** Makes `version` the active one. */
  activate(id: string, version: number, actor: string, action: 'activate' | 'rollback' = 'activate', comment?: string): Promise<{ id: string; version: number; previous: number | null }> {
    return this.#tx(async (c) => {
      const row = await c.query<{ active_version: number | null }>('select active_version from policies where policy_id = $1 for update', [id]);
      if (!row.rowCount) throw notFound(id);
      const doc = await this.#document(c, id, version);
      const previous = row.rows[0]?.active_version ?? null;
      await this.#setActive(c, id, version, doc.scope, actor);
      await this.#change(c, actor, action, id, previous, version, comment);
      return { id, version, previous };
    });
  }

  /**
   * Goes back to `version`, or, without one, to the version that was active before the current one
   * (from the change history).
   */
  async rollback(id: string, actor: string, version?: number): Promise<{ id: string; version: number; previous: number | null }> {
    let target = version;
    if (target === undefined) {
      target = await this.#run(async (c) => {
        const summary = await this.#summary(c, id);
        if (summary.activeVersion === null) throw new AegisError('AEGIS_ERR_CONFLICT', `Policy ${id} is not active; activate a version instead.`);
        const prior = await c.query<{ from_version: number | null }>(
          `select from_version from policy_changes where policy_id = $1 and to_version = $2 and action <> 'import' order by id desc limit 1`,
          [id, summary.activeVersion],
        );
        const from = prior.rows[0]?.from_version ?? (summary.activeVersion > 1 ? summary.activeVersion - 1 : null);
        if (from === null || from === undefined) throw new AegisError('AEGIS_ERR_CONFLICT', `Policy ${id} has no earlier version to roll back to.`);
        return from;
      });
    }
    return this.activate(id, target, actor, 'rollback');
  }

  /** Versions of a policy, newest first (without documents). */
  versions(id: string): Promise<PolicyVersion[]> {
    return this.#run(async (c) => {
      const summary = await this.#summary(c, id);
      const { rows } = await c.query<VersionRow>(
        `select version, ${TS('created_at')} as created_at, created_by, comment from policy_versions where policy_id = $1 order by version desc`,
        [id],
      );
      return rows.map((r) => ({ version: r.version, createdAt: r.created_at, createdBy: r.created_by, comment: r.comment, active: r.version === summary.activeVersion }));
    });
  }

  /** One version with its document. */
  version(id: string, version: number): Promise<PolicyVersion> {
    return this.#run(async (c) => {
      const summary = await this.#summary(c, id);
      const { rows } = await c.query<VersionRow & { document: Policy }>(
        `select version, ${TS('created_at')} as created_at, created_by, comment, document from policy_versions where policy_id = $1 and version = $2`,
        [id, version],
      );
      const r = rows[0];
      if (!r) throw new AegisError('AEGIS_ERR_NOT_FOUND', `Policy ${id} has no version ${version}.`);
      return { version: r.version, createdAt: r.created_at, createdBy: r.created_by, comment: r.comment, active: r.version === summary.activeVersion, document: r.document };
    });
  }

  /** What changed from version `from` to version `to`, as JSON pointer paths. */
  diff(id: string, from: number, to: number): Promise<PolicyDiffEntry[]> {
    return this.#run(async (c) => {
      const a = await this.#document(c, id, from);
      const b = await this.#document(c, id, to);
      return compare(a, b).map((op) => {
        const old = op.op === 'add' ? undefined : getValueByPointer(a, op.path);
        const value = op.op === 'remove' ? undefined : (op as { value?: unknown }).value;
        return { op: op.op as PolicyDiffEntry['op'], path: op.path, ...(old !== undefined ? { from: old } : {}), ...(value !== undefined ? { to: value } : {}) };
      });
    });
  }

  /** The change history, newest first. */
  changes(filter: { policyId?: string; limit?: number } = {}): Promise<PolicyChange[]> {
    return this.#run(async (c) => {
      const { rows } = await c.query<ChangeRow>(
        `select id, ${TS('at')} as at, actor, action, policy_id, from_version, to_version, comment from policy_changes
          where ($1::text is null or policy_id = $1) order by id desc limit $2`,
        [filter.policyId ?? null, Math.min(filter.limit ?? 100, 1000)],
      );
      return rows.map((r) => ({ id: Number(r.id), at: r.at, actor: r.actor, action: r.action, policyId: r.policy_id, fromVersion: r.from_version, toVersion: r.to_version, comment: r.comment }));
    });
  }

  /** The store generation (bumped on every change of the active set). */
  async generation(): Promise<number> {
    const { rows } = await this.pool.query<{ generation: string }>('select generation from policy_state');
    return Number(rows[0]?.generation ?? 0);
  }

  /** The active documents, read in one snapshot with the generation. */
  async active(): Promise<ActivePolicies> {
    const { rows } = await this.pool.query<{ generation: string; document: Policy | null }>(
      `select s.generation, v.document from policy_state s
         left join policies p on p.active_version is not null
         left join policy_versions v on v.policy_id = p.policy_id and v.version = p.active_version
        order by p.policy_id`,
    );
    return { generation: Number(rows[0]?.generation ?? 0), policies: rows.flatMap((r) => (r.document ? [r.document] : [])) };
  }

  /** Everything needed to rebuild the store: every policy, every version, which is active. */
  export(): Promise<PolicyExport> {
    return this.#run(async (c) => {
      const policies = await c.query<SummaryRow>(`select policy_id, active_version, ${TS('updated_at')} as updated_at, updated_by from policies order by policy_id`);
      const versions = await c.query<VersionRow & { policy_id: string; document: Policy }>(
        `select policy_id, version, ${TS('created_at')} as created_at, created_by, comment, document from policy_versions order by policy_id, version`,
      );
      return {
        format: 'aegis.policy-export',
        formatVersion: 1,
        policies: policies.rows.map((p) => ({
          id: p.policy_id,
          activeVersion: p.active_version,
          updatedAt: p.updated_at,
          updatedBy: p.updated_by,
          versions: versions.rows
            .filter((v) => v.policy_id === p.policy_id)
            .map((v) => ({ version: v.version, createdAt: v.created_at, createdBy: v.created_by, comment: v.comment, document: v.document })),
        })),
      };
    });
  }

  /**
   * Restores an export in one transaction. Versions already present must be identical (importing the
   * same file twice changes nothing); a different document under the same version is a conflict.
   */
  async import(input: unknown, actor: string): Promise<{ policies: number; versions: number; added: number }> {
    const data = validateExport(input, this.registry);
    return this.#tx(async (c) => {
      let versions = 0;
      let added = 0;
      for (const p of data.policies) {
        for (const v of p.versions) {
          versions++;
          const ins = await c.query(
            `insert into policy_versions (policy_id, version, document, created_at, created_by, comment) values ($1, $2, $3, $4::timestamptz, $5, $6)
             on conflict (policy_id, version) do nothing`,
            [p.id, v.version, v.document, v.createdAt, v.createdBy, v.comment],
          );
          if (ins.rowCount) {
            added++;
            continue;
          }
          const same = await c.query<{ same: boolean }>('select document = $3::jsonb as same from policy_versions where policy_id = $1 and version = $2', [p.id, v.version, v.document]);
          if (!same.rows[0]?.same) throw new AegisError('AEGIS_ERR_CONFLICT', `Policy ${p.id} version ${v.version} already exists with a different document.`);
        }
        const active = p.activeVersion === null ? undefined : p.versions.find((v) => v.version === p.activeVersion);
        await c.query(
          `insert into policies (policy_id, scope_tenant, scope_route, active_version, updated_at, updated_by) values ($1, $2, $3, $4, $5::timestamptz, $6)
           on conflict (policy_id) do update set scope_tenant = excluded.scope_tenant, scope_route = excluded.scope_route,
             active_version = excluded.active_version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [p.id, active?.document.scope?.tenant ?? null, active?.document.scope?.route ?? null, p.activeVersion, p.updatedAt, p.updatedBy],
        ).catch(scopeConflict(p.id));
        await this.#change(c, actor, 'import', p.id, null, p.activeVersion);
      }
      return { policies: data.policies.length, versions, added };
    });
  }

  #validate(input: unknown, id: string | undefined): Policy {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new PolicyValidationError('/', 'must be a JSON object (one policy)');
    const doc = input as Record<string, unknown>;
    if (id !== undefined && doc.id !== undefined && doc.id !== id) throw new PolicyValidationError('/id', `must be "${id}" (the policy in the URL) or absent`);
    // The store numbers versions; a client's `version` is replaced.
    return validatePolicy({ ...doc, ...(id !== undefined ? { id } : {}), version: 1 }, this.registry);
  }

  async #setActive(c: PoolClient, id: string, version: number, scope: PolicyScope | undefined, actor: string): Promise<void> {
    await c
      .query('update policies set active_version = $2, scope_tenant = $3, scope_route = $4, updated_at = now(), updated_by = $5 where policy_id = $1', [
        id,
        version,
        scope?.tenant ?? null,
        scope?.route ?? null,
        actor,
      ])
      .catch(scopeConflict(id));
  }

  async #change(c: PoolClient, actor: string, action: string, id: string, from: number | null, to: number | null, comment?: string): Promise<void> {
    await c.query('insert into policy_changes (actor, action, policy_id, from_version, to_version, comment) values ($1, $2, $3, $4, $5, $6)', [actor, action, id, from, to, comment ?? null]);
  }

  async #summary(c: PoolClient, id: string): Promise<PolicySummary> {
    const { rows } = await c.query<SummaryRow>(
      `select p.policy_id, p.scope_tenant, p.scope_route, p.active_version, ${TS('p.updated_at')} as updated_at, p.updated_by,
              (select max(version) from policy_versions v where v.policy_id = p.policy_id) as latest_version
         from policies p where p.policy_id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) throw notFound(id);
    return toSummary(r);
  }

  async #document(c: PoolClient, id: string, version: number): Promise<Policy> {
    const { rows } = await c.query<{ document: Policy }>('select document from policy_versions where policy_id = $1 and version = $2', [id, version]);
    const doc = rows[0]?.document;
    if (!doc) throw new AegisError('AEGIS_ERR_NOT_FOUND', `Policy ${id} has no version ${version}.`);
    return doc;
  }

  async #run<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    let c: PoolClient;
    try {
      c = await this.pool.connect();
    } catch (err) {
      throw storeError(err);
    }
    try {
      return await fn(c);
    } catch (err) {
      throw storeError(err);
    } finally {
      c.release();
    }
  }

  #tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    return this.#run(async (c) => {
      await c.query('begin');
      try {
        const out = await fn(c);
        await c.query('commit');
        return out;
      } catch (err) {
        await c.query('rollback').catch(() => undefined);
        throw err;
      }
    });
  }
}

interface SummaryRow {
  policy_id: string;
  scope_tenant: string | null;
  scope_route: string | null;
  active_version: number | null;
  updated_at: string;
  updated_by: string;
  latest_version: number;
}
interface VersionRow {
  version: number;
  created_at: string;
  created_by: string;
  comment: string | null;
}
interface ChangeRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  policy_id: string;
  from_version: number | null;
  to_version: number | null;
  comment: string | null;
}

function toSummary(r: SummaryRow): PolicySummary {
  const scope = r.scope_tenant !== null || r.scope_route !== null ? { ...(r.scope_tenant !== null ? { tenant: r.scope_tenant } : {}), ...(r.scope_route !== null ? { route: r.scope_route } : {}) } : null;
  return { id: r.policy_id, scope, activeVersion: r.active_version, latestVersion: Number(r.latest_version), updatedAt: r.updated_at, updatedBy: r.updated_by };
}

function notFound(id: string): AegisError {
  return new AegisError('AEGIS_ERR_NOT_FOUND', `No policy ${id}.`);
}

function scopeConflict(id: string): (err: unknown) => never {
  return (err) => {
    if ((err as { code?: string }).code === '23505') throw new AegisError('AEGIS_ERR_CONFLICT', `Another active policy already has the scope of ${id}; deactivate it first.`);
    throw err;
  };
}
