/**
 * `aegis audit verify`: walks every hash chain in order and reports the first broken link — a row
 * whose hash does not match its content (edited), whose previous hash does not match the row before
 * (removed or inserted rows), a gap in the numbering, or a chain head that points past the last row
 * (newest rows removed).
 */
import type { Pool } from 'pg';
import { GENESIS_HASH, recordHash, type AuditRecord } from './record';

/** Where the chain breaks first. */
export interface BrokenLink {
  readonly chainId: string;
  readonly seq: string;
  readonly requestId?: string;
  readonly reason: string;
}

/** The outcome of a verification. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly chains: number;
  readonly records: number;
  readonly broken?: BrokenLink;
}

const PAGE = 5000;

interface Row {
  chain_id: string;
  seq: string;
  prev_hash: string;
  hash: string;
  ts: Date;
  request_id: string;
  decision_id: string;
  direction: string;
  route: string | null;
  tenant: string | null;
  consumer: string | null;
  transport: string;
  action: string;
  intended_action: string;
  dry_run: boolean;
  categories: string[];
  risk: number;
  policy_id: string;
  policy_version: number;
  latency_us: number;
  incomplete: string[];
  excerpt: string;
}

/** A row as the record it was hashed from. */
export function rowToRecord(r: Row): AuditRecord {
  return {
    chainId: r.chain_id,
    seq: String(r.seq),
    prevHash: r.prev_hash,
    hash: r.hash,
    ts: r.ts.toISOString(),
    requestId: r.request_id,
    decisionId: r.decision_id,
    direction: r.direction,
    route: r.route,
    tenant: r.tenant,
    consumer: r.consumer,
    transport: r.transport,
    action: r.action,
    intendedAction: r.intended_action,
    dryRun: r.dry_run,
    categories: r.categories,
    risk: r.risk,
    policyId: r.policy_id,
    policyVersion: r.policy_version,
    latencyUs: r.latency_us,
    incomplete: r.incomplete,
    excerpt: r.excerpt,
  };
}

/** Verifies every chain (or one). */
export async function verifyAudit(pool: Pool, options: { chainId?: string } = {}): Promise<VerifyResult> {
  const chains = await pool.query<{ chain_id: string; last_seq: string | null; last_hash: string | null }>(
    `select c.chain_id, h.last_seq, h.last_hash
       from (select distinct chain_id from audit_log union select chain_id from audit_chains) c
       left join audit_chains h on h.chain_id = c.chain_id
      where $1::uuid is null or c.chain_id = $1::uuid
      order by h.started_at nulls first, c.chain_id`,
    [options.chainId ?? null],
  );
  let records = 0;
  for (const chain of chains.rows) {
    let expectedSeq = 1n;
    let prev = GENESIS_HASH;
    let lastSeq = 0n;
    for (;;) {
      const { rows } = await pool.query<Row>('select * from audit_log where chain_id = $1 and seq >= $2 order by seq limit $3', [chain.chain_id, expectedSeq.toString(), PAGE]);
      for (const row of rows) {
        const r = rowToRecord(row);
        const broken = (reason: string): VerifyResult => ({ ok: false, chains: chains.rows.length, records, broken: { chainId: r.chainId, seq: r.seq, requestId: r.requestId, reason } });
        if (BigInt(r.seq) !== expectedSeq) return broken(`record ${expectedSeq} is missing (next present is ${r.seq})`);
        if (r.prevHash !== prev) return broken('previous-hash link does not match the record before it (a record was removed, inserted or replaced)');
        const { hash: _stored, ...rest } = r;
        if (recordHash(rest) !== r.hash) return broken('hash does not match the record content (the record was modified)');
        prev = r.hash;
        lastSeq = BigInt(r.seq);
        expectedSeq++;
        records++;
      }
      if (rows.length < PAGE) break;
    }
    if (chain.last_seq !== null) {
      const headSeq = BigInt(chain.last_seq);
      if (headSeq > lastSeq) {
        return { ok: false, chains: chains.rows.length, records, broken: { chainId: chain.chain_id, seq: (lastSeq + 1n).toString(), reason: `chain head is at ${headSeq} but the last record is ${lastSeq} (newest records removed)` } };
      }
      if (headSeq === lastSeq && chain.last_hash !== prev) {
        return { ok: false, chains: chains.rows.length, records, broken: { chainId: chain.chain_id, seq: lastSeq.toString(), reason: 'chain head hash does not match the last record' } };
      }
    }
  }
  return { ok: true, chains: chains.rows.length, records };
}
