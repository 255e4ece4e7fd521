/**
 * The audit log: a decision observer that records every block, mask and bypass (dry-run passes and
 * partial verdicts) and a sample of clean allows, off the request path. The request path only pushes
 * onto a bounded queue; a single writer loop builds the records (masked excerpt, hash chain) and
 * writes them in batches. When Postgres fails, batches go to an append-only spool file, replayed in
 * order once it is back; a full queue spills straight to the spool file. Nothing is dropped silently:
 * a record that cannot reach Postgres or the disk is counted as lost, logged and shown in health.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, createReadStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Verdict } from '../engine/types';
import type { DecisionContext, DecisionObserver, DecisionResult } from '../service';
import type { Logger } from '../telemetry/logger';
import type { ComponentHealth } from '../transports/http/health';
import { auditFields, HashChain, type AuditRecord } from './record';
import type { AuditBatch, AuditSink } from './pg-sink';

export interface AuditLogOptions {
  readonly sink: AuditSink;
  /** Append-only spool file (`AUDIT_SPOOL_FILE`); one JSON record per line. */
  readonly spoolFile: string;
  /** Records waiting in memory at most (`AUDIT_QUEUE_MAX`); beyond it they spill to the spool file. */
  readonly queueMax: number;
  /** Records per INSERT (`AUDIT_BATCH_SIZE`). */
  readonly batchSize: number;
  /** Longest wait before a partial batch is written (`AUDIT_FLUSH_MS`). */
  readonly flushMs: number;
  /** Excerpt length (`AUDIT_EXCERPT_CHARS`); 0 stores none. */
  readonly excerptChars: number;
  readonly logger: Logger;
  /** The share of clean allows to record for this decision (the policy's `audit.allowSampleRate`). */
  readonly allowSampleRate: (ctx: DecisionContext) => number;
  readonly random?: () => number;
}

/** Counters shown in health and used by tests and the benchmark. */
export interface AuditCounters {
  enqueued: number;
  written: number;
  spooled: number;
  replayed: number;
  sampledOut: number;
  overflowed: number;
  lost: number;
}

interface Pending {
  readonly result: DecisionResult;
  readonly ctx: DecisionContext;
  readonly at: number;
}

// Records built per turn of the event loop: small enough that a request never waits long behind one.
const BUILD_SLICE = 16;
const MAX_RETRY_MS = 5000;

/** True when a decision must be recorded whatever the sampling: anything but a clean, complete allow. */
export function mustRecord(v: Verdict): boolean {
  return v.intendedAction !== 'allow' || v.action !== 'allow' || v.categories.length > 0 || (v.incomplete?.length ?? 0) > 0;
}

/** Batches decisions into the audit sink, spooling to disk while the sink is unreachable. */
export class AuditLog implements DecisionObserver {
  readonly counters: AuditCounters = { enqueued: 0, written: 0, spooled: 0, replayed: 0, sampledOut: 0, overflowed: 0, lost: 0 };
  readonly #o: AuditLogOptions;
  readonly #chain = new HashChain(randomUUID());
  #overflowChain: HashChain | undefined;
  #queue: Pending[] = [];
  /** Built records waiting for a full batch (or flushMs). */
  #built: { records: AuditRecord[]; lines: string[] } = { records: [], lines: [] };
  #oldestBuiltAt = 0;
  #flushNow = false;
  #busy = false;
  #flushTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #spoolDirty: boolean;
  #retryAt = 0;
  #backoff = 250;
  #lastError: string | undefined;
  #closed = false;

  constructor(options: AuditLogOptions) {
    this.#o = options;
    try {
      mkdirSync(dirname(options.spoolFile), { recursive: true });
    } catch (err) {
      // Not fatal while Postgres takes the records; health shows `lost` if the spool is ever needed.
      options.logger.error({ spoolFile: options.spoolFile, error: (err as Error).message }, 'cannot create the audit spool directory');
    }
    // Records spooled by an earlier run are replayed first.
    this.#spoolDirty = nonEmpty(options.spoolFile) || nonEmpty(this.#replayFile);
    if (this.#spoolDirty) this.#kick();
  }

  /** This writer's chain id (each Core process starts a new chain). */
  get chainId(): string {
    return this.#chain.id;
  }

  /** Records waiting in memory. */
  get queued(): number {
    return this.#queue.length + this.#built.records.length;
  }

  /** True while records go to the spool file (or wait there for replay). */
  get spooling(): boolean {
    return this.#spoolDirty;
  }

  /** The observer hook: cheap, never throws, never waits. */
  onDecision(result: DecisionResult, ctx: DecisionContext): void {
    if (this.#closed) return;
    if (!mustRecord(result.verdict)) {
      const rate = this.#o.allowSampleRate(ctx);
      if (rate < 1 && (rate <= 0 || (this.#o.random ?? Math.random)() >= rate)) {
        this.counters.sampledOut++;
        return;
      }
    }
    const pending: Pending = { result, ctx, at: Date.now() };
    if (this.#queue.length >= this.#o.queueMax) {
      this.#overflow(pending);
      return;
    }
    this.#queue.push(pending);
    this.counters.enqueued++;
    // Build records soon after the decision (a decision's parsed body is then garbage young, not
    // promoted); write them when a batch is full or the oldest has waited flushMs.
    if (this.#queue.length >= BUILD_SLICE) this.#kick();
    else this.#armTimer();
  }

  /** Resolves once everything queued so far is in the sink or the spool file (and replayed, if possible). */
  async flush(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.#flushNow = true;
    while ((this.#busy || this.#queue.length > 0 || this.#built.records.length > 0) && Date.now() < deadline) {
      this.#kick();
      await sleep(2);
    }
    this.#flushNow = false;
  }

  /** Health of the audit trail, for the `audit` component. */
  health(): ComponentHealth {
    const status = this.counters.lost > 0 ? 'down' : this.#spoolDirty ? 'degraded' : 'ok';
    return {
      status,
      chainId: this.#chain.id,
      queued: this.#queue.length + this.#built.records.length,
      spooling: this.#spoolDirty,
      ...this.counters,
      ...(this.#lastError ? { error: this.#lastError } : {}),
    };
  }

  /** Writes what is queued (to the sink, or the spool file when the sink is down) and stops. */
  async close(timeoutMs = 10_000): Promise<void> {
    clearTimeout(this.#flushTimer);
    clearTimeout(this.#retryTimer);
    await this.flush(timeoutMs);
    this.#closed = true;
    // Anything still in memory after the deadline goes to the spool file rather than away.
    if (this.#built.records.length > 0) {
      const batch = this.#takeBatch();
      try {
        appendFileSync(this.#o.spoolFile, `${batch.lines.join('\n')}\n`);
        this.counters.spooled += batch.records.length;
      } catch {
        this.counters.lost += batch.records.length;
      }
    }
    if (this.#queue.length > 0) {
      const rest = this.#queue.splice(0);
      for (const p of rest) this.#overflow(p);
    }
  }

  get #replayFile(): string {
    return `${this.#o.spoolFile}.replaying`;
  }

  #armTimer(): void {
    if (this.#flushTimer || this.#busy || this.#closed) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      this.#kick();
    }, this.#o.flushMs);
    this.#flushTimer.unref();
  }

  #kick(): void {
    if (this.#busy) return;
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#busy = true;
    // Never run the writer on the request path: start it from the event loop.
    setImmediate(() => void this.#run());
  }

  /** The single writer: builds records a slice at a time, writes full (or old enough) batches. */
  async #run(): Promise<void> {
    try {
      for (;;) {
        if (this.#spoolDirty && Date.now() >= this.#retryAt) await this.#replay();
        const n = this.#built.records.length;
        const due = this.#flushNow || this.#closed || Date.now() - this.#oldestBuiltAt >= this.#o.flushMs;
        if (n >= this.#o.batchSize || (n > 0 && this.#queue.length === 0 && due)) {
          await this.#store(this.#takeBatch());
          continue;
        }
        if (this.#queue.length > 0) {
          this.#buildSlice();
          // Building is CPU work on the shared event loop: let requests in between slices.
          await yieldToLoop();
          continue;
        }
        break;
      }
    } catch (err) {
      this.#o.logger.error({ err }, 'audit writer failed');
    } finally {
      this.#busy = false;
    }
    if (this.#built.records.length > 0 || this.#queue.length > 0) this.#armTimer();
    if (this.#spoolDirty && !this.#closed && !this.#retryTimer) {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.#kick();
      }, Math.max(10, this.#retryAt - Date.now()));
      this.#retryTimer.unref();
    }
  }

  #buildSlice(): void {
    const slice = this.#queue.splice(0, BUILD_SLICE);
    if (this.#built.records.length === 0) this.#oldestBuiltAt = Date.now();
    for (const p of slice) {
      const record = this.#chain.link(auditFields(p.result, p.ctx, p.at, this.#o.excerptChars));
      this.#built.records.push(record);
      this.#built.lines.push(JSON.stringify(record));
    }
  }

  #takeBatch(): AuditBatch {
    const size = this.#o.batchSize;
    const batch = { records: this.#built.records.splice(0, size), lines: this.#built.lines.splice(0, size) };
    if (this.#built.records.length > 0) this.#oldestBuiltAt = Date.now();
    return batch;
  }

  async #store(batch: AuditBatch): Promise<void> {
    const { records } = batch;
    if (!this.#spoolDirty) {
      try {
        await this.#o.sink.write(batch);
        this.counters.written += records.length;
        this.#lastError = undefined;
        return;
      } catch (err) {
        this.#failed(err);
        this.#o.logger.warn({ error: this.#lastError, records: records.length, spoolFile: this.#o.spoolFile }, 'audit store unreachable; spooling records to disk');
      }
    }
    await this.#spool(batch);
  }

  async #spool({ records, lines }: AuditBatch): Promise<void> {
    try {
      const fh = await open(this.#o.spoolFile, 'a');
      try {
        await fh.appendFile(`${lines.join('\n')}\n`);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      this.counters.spooled += records.length;
      this.#spoolDirty = true;
    } catch (err) {
      this.counters.lost += records.length;
      this.#o.logger.error({ error: (err as Error).message, records: records.length, spoolFile: this.#o.spoolFile }, 'AUDIT RECORDS LOST: cannot write the spool file');
    }
  }

  /** A full queue must not block the request or drop the record: write it to the spool file now. */
  #overflow(p: Pending): void {
    this.#overflowChain ??= new HashChain(randomUUID());
    try {
      const record = this.#overflowChain.link(auditFields(p.result, p.ctx, p.at, this.#o.excerptChars));
      appendFileSync(this.#o.spoolFile, `${JSON.stringify(record)}\n`);
      this.counters.overflowed++;
      this.#spoolDirty = true;
      if (!this.#closed) this.#kick();
    } catch (err) {
      this.counters.lost++;
      this.#o.logger.error({ error: (err as Error).message, spoolFile: this.#o.spoolFile }, 'AUDIT RECORD LOST: queue full and the spool file cannot be written');
    }
  }

  /** Replays the spool file into the sink; on failure it stays for the next try (duplicates are skipped). */
  async #replay(): Promise<void> {
    for (;;) {
      if (!existsSync(this.#replayFile)) {
        if (!nonEmpty(this.#o.spoolFile)) {
          this.#spoolDirty = false;
          this.#backoff = 250;
          return;
        }
        // New records append to a fresh spool file while this one is replayed.
        renameSync(this.#o.spoolFile, this.#replayFile);
      }
      try {
        const n = await this.#replayFileOnce(this.#replayFile);
        this.counters.replayed += n;
        unlinkSync(this.#replayFile);
        this.#o.logger.info({ records: n }, 'spooled audit records replayed into postgres');
      } catch (err) {
        this.#failed(err);
        return;
      }
    }
  }

  async #replayFileOnce(file: string): Promise<number> {
    const input = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let batch: AuditRecord[] = [];
    let lines: string[] = [];
    let n = 0;
    for await (const line of input) {
      if (line.trim() === '') continue;
      try {
        batch.push(JSON.parse(line) as AuditRecord);
        lines.push(line);
      } catch {
        // Only a crash mid-write can leave a partial line; it is reported, never half-inserted.
        this.counters.lost++;
        this.#o.logger.error({ file }, 'AUDIT RECORD LOST: unreadable line in the spool file');
        continue;
      }
      if (batch.length >= this.#o.batchSize) {
        await this.#o.sink.write({ records: batch, lines });
        n += batch.length;
        batch = [];
        lines = [];
      }
    }
    if (batch.length > 0) {
      await this.#o.sink.write({ records: batch, lines });
      n += batch.length;
    }
    return n;
  }

  #failed(err: unknown): void {
    const e = err as { code?: string; message?: string };
    this.#lastError = `${e.code ?? 'error'}: ${(e.message ?? String(err)).slice(0, 200)}`;
    this.#spoolDirty = true;
    this.#retryAt = Date.now() + this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, MAX_RETRY_MS);
  }
}

function nonEmpty(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}
