/**
 * `npm run bench:audit`: the audit log's cost and capacity, in one run, against the real Postgres
 * (127.0.0.1:5432, database `test`, a schema of its own that is dropped at the end). Prints JSON.
 *
 * - throughput: records/s from `onDecision` until committed in Postgres (batched INSERTs), for real
 *   decisions over the benchmark corpus, counted in the table afterwards.
 * - added latency: decisions through `CoreService.inspectRequest` (1 KB prompts) with auditing on and
 *   off, in alternating blocks so both see the same machine load, yielding to the event loop between
 *   decisions as a server does (the writer runs there, off the request path). Paced at the goal rate
 *   (5,000/s), and back to back (every decision audited as fast as the engine goes). The writer builds
 *   16 records per event-loop turn, so a request never waits long behind it. And the observer call
 *   itself, timed alone.
 * Goals (issue "Policies and audit in Postgres"): ≥ 5,000 records/s; ≤ 50 µs added p99.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Client } from 'pg';
import { loadConfig } from '../scorer/src/config';
import { createDefaultRegistry } from '../scorer/src/detectors/registry';
import { createEngine } from '../scorer/src/engine/evaluate';
import { AuditLog } from '../scorer/src/audit/audit-log';
import { PgAuditSink } from '../scorer/src/audit/pg-sink';
import { CoreService, type DecisionContext, type DecisionResult } from '../scorer/src/service';
import { createLogger } from '../scorer/src/telemetry/logger';
import { loadEmbeddedDefaults } from '../policy/store/policy-set';
import { migrate } from '../policy/store/migrate';
import { createPool } from '../policy/store/pg';
import { corpus } from './corpus';
import { percentile, r1 } from './stats';

const URL = 'postgres://postgres@127.0.0.1:5432/test';
const THROUGHPUT_RECORDS = 50_000;
const BLOCKS = 20;
const PER_BLOCK = 1000;
/** Offered load for the latency phase: the throughput goal's rate, so auditing runs at that rate too. */
const RATE_PER_S = 5000;

async function main(): Promise<void> {
  const schema = `aegis_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const settings = { url: URL, schema };
  await migrate(settings);
  const pool = createPool(settings, 4);
  const logger = createLogger('silent');
  const registry = createDefaultRegistry();
  const engine = createEngine(registry);
  const policies = loadEmbeddedDefaults(registry);
  const config = loadConfig({});
  const spoolDir = mkdtempSync(join(tmpdir(), 'aegis-bench-audit-'));
  const newLog = (name: string) =>
    new AuditLog({ sink: new PgAuditSink(pool), spoolFile: join(spoolDir, `${name}.jsonl`), queueMax: 100_000, batchSize: 500, flushMs: 50, excerptChars: 240, logger, allowSampleRate: () => 1 });
  const texts = corpus(1024, 200);
  const ctx = (i: number): DecisionContext => ({ requestId: `bench-${i}`, transport: 'bench', contentType: 'text/plain', tenant: `t${i % 7}`, route: 'chat' });

  try {
    // Throughput: real decision results, replayed into the audit log as fast as it accepts them.
    const plain = new CoreService(engine, policies, config, logger);
    const results: DecisionResult[] = [];
    for (let i = 0; i < texts.length; i++) results.push(await plain.inspectRequest(texts[i] as string, ctx(i)));
    const tLog = newLog('throughput');
    const t0 = performance.now();
    for (let i = 0; i < THROUGHPUT_RECORDS; i++) {
      const r = results[i % results.length] as DecisionResult;
      tLog.onDecision({ ...r, verdict: { ...r.verdict, requestId: `tp-${i}` } }, ctx(i));
      if (i % 1000 === 999) await yieldToLoop();
    }
    await tLog.flush(120_000);
    const seconds = (performance.now() - t0) / 1000;
    const counted = Number((await pool.query<{ n: string }>('select count(*) as n from audit_log')).rows[0]?.n);
    const throughput = {
      records: THROUGHPUT_RECORDS,
      counted_in_table: counted,
      seconds: Math.round(seconds * 100) / 100,
      records_per_s: Math.round(counted / seconds),
      spooled: tLog.counters.spooled,
      lost: tLog.counters.lost,
      blocked_fraction: Math.round((results.filter((r) => r.verdict.action === 'block').length / results.length) * 1000) / 1000,
    };
    await tLog.close();

    // Latency: the same decisions with and without the audit observer, alternating blocks.
    const lLog = newLog('latency');
    const audited = new CoreService(engine, policies, config, logger);
    audited.addObserver(lLog);
    const observerOnly = new CoreService(engine, policies, config, logger);
    const timing = { observe: [] as number[] };
    observerOnly.addObserver({
      onDecision: (r, c) => {
        const s = performance.now();
        lLog.onDecision(r, c);
        timing.observe.push((performance.now() - s) * 1000);
      },
    });
    for (let i = 0; i < 2000; i++) await plain.inspectRequest(texts[i % texts.length] as string, ctx(i)); // warm-up
    // Alternating blocks with and without the audit observer; `rate` paces arrivals (0 = back to back).
    const measure = async (rate: number) => {
      const off: number[] = [];
      const on: number[] = [];
      let n = 0;
      const gap = rate > 0 ? 1000 / rate : 0;
      let next = performance.now();
      for (let b = 0; b < BLOCKS * 2; b++) {
        const withAudit = b % 2 === 1;
        const svc = withAudit ? audited : plain;
        const into = withAudit ? on : off;
        for (let i = 0; i < PER_BLOCK; i++, n++) {
          // In between requests the event loop (and the audit writer) runs, as in a server.
          do await yieldToLoop();
          while (performance.now() < next);
          next += gap;
          const s = performance.now();
          await svc.inspectRequest(texts[n % texts.length] as string, ctx(n));
          into.push((performance.now() - s) * 1000);
        }
      }
      return { off, on };
    };
    const paced = await measure(RATE_PER_S);
    const saturated = await measure(0);
    for (let i = 0; i < 5000; i++) {
      await observerOnly.inspectRequest(texts[i % texts.length] as string, ctx(i));
      await yieldToLoop();
    }
    await lLog.close();
    const p = (s: number[], q: number) => r1(percentile(s, q));
    const summary = ({ off, on }: Awaited<ReturnType<typeof measure>>) => ({
      audit_off: { p50_us: p(off, 50), p99_us: p(off, 99) },
      audit_on: { p50_us: p(on, 50), p99_us: p(on, 99) },
      added_p50_us: r1(percentile(on, 50) - percentile(off, 50)),
      added_p99_us: r1(percentile(on, 99) - percentile(off, 99)),
    });
    const latency = {
      decisions_each: BLOCKS * PER_BLOCK,
      prompt_bytes: 1024,
      [`paced_${RATE_PER_S}_per_s`]: summary(paced),
      back_to_back: summary(saturated),
      observer_call: { p50_us: p(timing.observe, 50), p99_us: p(timing.observe, 99), max_us: p(timing.observe, 100) },
      audited_records: lLog.counters.written,
    };
    const addedP99 = summary(paced).added_p99_us;
    const goals = { records_per_s_ge_5000: throughput.records_per_s >= 5000, added_p99_le_50us_at_goal_rate: addedP99 <= 50 };
    process.stdout.write(`${JSON.stringify({ bench: 'audit', node: process.version, date: new Date().toISOString(), throughput, latency, goals }, null, 2)}\n`);
  } finally {
    await pool.end();
    const c = new Client({ connectionString: URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}

void main();
