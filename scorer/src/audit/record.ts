/**
 * The audit record: what Aegis decided, for whom, under which policy, with a masked excerpt, chained
 * to the previous record of its writer by a SHA-256 hash.
 */
import * as crypto from 'node:crypto';
import type { DecisionContext, DecisionResult } from '../service';
import { maskedExcerpt } from './excerpt';

/** One audit row. Field order here is the order the hash covers. */
export interface AuditRecord {
  readonly chainId: string;
  /** Position in the chain, from 1; a string because Postgres bigints come back as strings. */
  readonly seq: string;
  readonly prevHash: string;
  readonly hash: string;
  /** ISO 8601 with milliseconds, UTC. */
  readonly ts: string;
  readonly requestId: string;
  readonly decisionId: string;
  readonly direction: string;
  readonly route: string | null;
  readonly tenant: string | null;
  readonly consumer: string | null;
  readonly transport: string;
  readonly action: string;
  readonly intendedAction: string;
  readonly dryRun: boolean;
  readonly categories: readonly string[];
  readonly risk: number;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly latencyUs: number;
  readonly incomplete: readonly string[];
  readonly excerpt: string;
}

/** The record without its chain fields. */
export type AuditFields = Omit<AuditRecord, 'chainId' | 'seq' | 'prevHash' | 'hash'>;

/** The hash of the record before the first one of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Builds the fields of a record from a finished decision (off the request path). */
export function auditFields(result: DecisionResult, ctx: DecisionContext, at: number, excerptChars: number): AuditFields {
  const v = result.verdict;
  return {
    ts: new Date(at).toISOString(),
    requestId: v.requestId,
    decisionId: v.decisionId,
    direction: v.direction,
    route: ctx.route ?? null,
    tenant: ctx.tenant ?? null,
    consumer: ctx.consumer ?? null,
    transport: ctx.transport,
    action: v.action,
    intendedAction: v.intendedAction,
    dryRun: v.dryRun,
    categories: [...v.categories],
    risk: v.risk,
    policyId: v.policy.id,
    policyVersion: v.policy.version,
    latencyUs: Math.max(0, Math.round(v.elapsedUs)),
    incomplete: [...(v.incomplete ?? [])],
    excerpt: maskedExcerpt(result, excerptChars),
  };
}

/** The exact text the hash covers: every field in a fixed order, the previous hash included. */
export function canonical(r: Omit<AuditRecord, 'hash'>): string {
  return JSON.stringify([
    r.chainId,
    r.seq,
    r.prevHash,
    r.ts,
    r.requestId,
    r.decisionId,
    r.direction,
    r.route,
    r.tenant,
    r.consumer,
    r.transport,
    r.action,
    r.intendedAction,
    r.dryRun,
    r.categories,
    r.risk,
    r.policyId,
    r.policyVersion,
    r.latencyUs,
    r.incomplete,
    r.excerpt,
  ]);
}

// One-shot hashing (Node ≥ 20.12) is about twice as fast as createHash for short inputs.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
const sha256 = oneShot ? (s: string) => oneShot('sha256', s, 'hex') : (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** SHA-256 (hex) of the canonical text. */
export function recordHash(r: Omit<AuditRecord, 'hash'>): string {
  return sha256(canonical(r));
}

/** A writer's hash chain: numbers records and links each to the previous one. */
export class HashChain {
  #seq = 0n;
  #prev = GENESIS_HASH;

  constructor(readonly id: string) {}

  /** Appends `fields` to the chain. */
  link(fields: AuditFields): AuditRecord {
    this.#seq += 1n;
    const record = { chainId: this.id, seq: this.#seq.toString(), prevHash: this.#prev, hash: '', ...fields };
    record.hash = recordHash(record);
    this.#prev = record.hash;
    return record;
  }
}
