/**
 * Writes audit records to Postgres: one multi-row INSERT per batch (rows passed as one JSON array) and
 * the chain heads moved in the same transaction. Re-sending a record (spool replay after a lost
 * acknowledgement) is harmless: (chain_id, seq) is the key and duplicates are skipped.
 */
import type { Pool } from 'pg';
import type { AuditRecord } from './record';

/** Records with their JSON text (made while building, in small slices, so no big stringify blocks the loop). */
export interface AuditBatch {
  readonly records: readonly AuditRecord[];
  /** `JSON.stringify(records[i])`. */
  readonly lines: readonly string[];
}

/** Where audit batches go. */
export interface AuditSink {
  write(batch: AuditBatch): Promise<void>;
}

const INSERT = `
insert into audit_log (chain_id, seq, prev_hash, hash, ts, request_id, decision_id, direction, route, tenant, consumer, transport,
                       action, intended_action, dry_run, categories, risk, policy_id, policy_version, latency_us, incomplete, excerpt)
select r."chainId", r.seq, r."prevHash", r.hash, r.ts, r."requestId", r."decisionId", r.direction, r.route, r.tenant, r.consumer, r.transport,
       r.action, r."intendedAction", r."dryRun", r.categories, r.risk, r."policyId", r."policyVersion", r."latencyUs", r.incomplete, r.excerpt
  from jsonb_to_recordset($1::jsonb) as r("chainId" uuid, seq bigint, "prevHash" text, hash text, ts timestamptz, "requestId" text,
       "decisionId" text, direction text, route text, tenant text, consumer text, transport text, action text, "intendedAction" text,
       "dryRun" boolean, categories text[], risk double precision, "policyId" text, "policyVersion" integer, "latencyUs" integer,
       incomplete text[], excerpt text)
on conflict (chain_id, seq) do nothing`;

const HEADS = `
insert into audit_chains (chain_id, last_seq, last_hash)
select h."chainId", h.seq, h.hash from jsonb_to_recordset($1::jsonb) as h("chainId" uuid, seq bigint, hash text)
on conflict (chain_id) do update set last_seq = excluded.last_seq, last_hash = excluded.last_hash, updated_at = now()
 where audit_chains.last_seq < excluded.last_seq`;

/** The Postgres sink. */
export class PgAuditSink implements AuditSink {
  constructor(readonly pool: Pool) {}

  async write(batch: AuditBatch): Promise<void> {
    const { records, lines } = batch;
    if (records.length === 0) return;
    const heads = new Map<string, AuditRecord>();
    for (const r of records) {
      const h = heads.get(r.chainId);
      if (!h || BigInt(r.seq) > BigInt(h.seq)) heads.set(r.chainId, r);
    }
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(INSERT, [`[${lines.join(',')}]`]);
      await client.query(HEADS, [JSON.stringify([...heads.values()].map((h) => ({ chainId: h.chainId, seq: h.seq, hash: h.hash })))]);
      await client.query('commit');
      client.release();
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      // A broken connection must not go back to the pool.
      client.release(err as Error);
      throw err;
    }
  }
}
