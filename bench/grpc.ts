/**
 * `npm run bench:grpc`: ext_authz Check with a 1 KB chat body (the seeded corpus, one attack in ten),
 * as Envoy sends it, at fixed concurrency levels — through the full Core pipeline, and through the same
 * client against an empty Check handler in the same run. The server runs in a child process. Rounds
 * alternate between the two so a noisy neighbour on the shared machine hits both alike. Prints JSON.
 * Goal (issue "Envoy shape"): at 16 in flight, full-pipeline throughput ≥ 0.7× the empty handler's and
 * p99 ≤ 2× its p99.
 */
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { envoyClients } from '../test/helpers/grpc';
import type { CheckRequest } from '../scorer/src/transports/grpc/messages';
import { corpus } from './corpus';
import { percentile } from './stats';

// `node dist/bench/grpc.js 16` measures one level only.
const LEVELS = process.argv.length > 2 ? process.argv.slice(2).map(Number).filter((n) => n > 0) : [1, 4, 16, 64];
const ROUNDS = 4;
const ROUND_MS = 1500;
const WARMUP_MS = 1500;

function requests(): CheckRequest[] {
  return corpus(1024, 200).map((text, i) => {
    const body = Buffer.from(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }));
    return {
      attributes: {
        request: {
          http: {
            id: String(i),
            method: 'POST',
            path: '/v1/chat/completions',
            host: 'llm.internal',
            headers: { ':authority': 'llm.internal', 'content-type': 'application/json', 'x-request-id': `bench-${i}`, 'content-length': String(body.length) },
            raw_body: body,
          },
        },
        context_extensions: { route: 'chat' },
      },
    };
  });
}

interface Sample {
  latencies: number[];
  count: number;
  ms: number;
  blocked: number;
  serverCpuUs: number;
  clientCpuUs: number;
}

const newSample = (): Sample => ({ latencies: [], count: 0, ms: 0, blocked: 0, serverCpuUs: 0, clientCpuUs: 0 });
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Keeps `inFlight` checks running for `ms`; returns per-call latencies. */
async function drive(check: (r: CheckRequest) => Promise<{ status: { code: number } }>, reqs: CheckRequest[], inFlight: number, ms: number, into: Sample): Promise<void> {
  const end = performance.now() + ms;
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const req = reqs[next++ % reqs.length] as CheckRequest;
      const s = performance.now();
      const res = await check(req);
      into.latencies.push(performance.now() - s);
      into.count++;
      if (res.status.code !== 0) into.blocked++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  into.ms += performance.now() - t0;
}

function summary(s: Sample): {
  p50_ms: number;
  p99_ms: number;
  checks_per_s: number;
  server_cpu_us_per_check: number;
  client_cpu_us_per_check: number;
  checks: number;
  denied_fraction: number;
} {
  return {
    p50_ms: r2(percentile(s.latencies, 50)),
    p99_ms: r2(percentile(s.latencies, 99)),
    checks_per_s: Math.round(s.count / (s.ms / 1000)),
    server_cpu_us_per_check: Math.round(s.serverCpuUs / Math.max(1, s.count)),
    client_cpu_us_per_check: Math.round(s.clientCpuUs / Math.max(1, s.count)),
    checks: s.count,
    denied_fraction: Math.round((s.blocked / Math.max(1, s.count)) * 1000) / 1000,
  };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  // GRPC_BENCH_SERVER_ARGS: node flags for the server process only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`.
  const execArgv = (process.env.GRPC_BENCH_SERVER_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = fork(join(__dirname, 'grpc-server.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv });
  const load0 = r2(loadavg()[0] ?? 0);
  type Ready = { corePort: number; emptyPort: number; engineWorkers: number; mlEnabled: boolean };
  const ports = await new Promise<Ready>((resolve) => child.once('message', (m) => resolve(m as Ready)));
  const full = envoyClients(`127.0.0.1:${ports.corePort}`);
  const empty = envoyClients(`127.0.0.1:${ports.emptyPort}`);
  const reqs = requests();
  const serverCpu = (): Promise<number> =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve((m as { cpuUs: number }).cpuUs));
      child.send('cpu');
    });
  try {
    // Warm both servers (JIT, connections) before measuring.
    await drive(empty.check, reqs, 16, WARMUP_MS, newSample());
    await drive(full.check, reqs, 16, WARMUP_MS, newSample());
    const results: Record<string, unknown> = {};
    for (const level of LEVELS) {
      const e = newSample();
      const f = newSample();
      // Each round's own ratio: their spread shows how much a neighbour on the host moved the result.
      const roundRatios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first so neither always follows the other.
        const order = round % 2 === 0 ? [[empty, e], [full, f]] : [[full, f], [empty, e]];
        const counts = { e: e.count, f: f.count, eMs: e.ms, fMs: f.ms };
        for (const [client, sample] of order as Array<[typeof full, Sample]>) {
          const cpu0 = await serverCpu();
          const own0 = cpuNow();
          await drive(client.check, reqs, level, ROUND_MS, sample);
          sample.clientCpuUs += cpuNow() - own0;
          sample.serverCpuUs += (await serverCpu()) - cpu0;
        }
        roundRatios.push(r2((f.count - counts.f) / (f.ms - counts.fMs) / ((e.count - counts.e) / (e.ms - counts.eMs))));
      }
      const es = summary(e);
      const fs = summary(f);
      results[`in_flight_${level}`] = {
        empty_handler: es,
        full_pipeline: fs,
        throughput_ratio: r2(fs.checks_per_s / es.checks_per_s),
        throughput_ratio_per_round: roundRatios,
        p99_ratio: r2(fs.p99_ms / es.p99_ms),
        // What the throughput ratio would be if client and server were CPU-bound on cores of their own
        // pool (no neighbours): total CPU per check, empty over full. A steadier view on a shared host.
        cpu_ratio: r2((es.client_cpu_us_per_check + es.server_cpu_us_per_check) / (fs.client_cpu_us_per_check + fs.server_cpu_us_per_check)),
      };
    }
    const at16 = results.in_flight_16 as { throughput_ratio: number; p99_ratio: number } | undefined;
    const goals = at16 ? { throughput_ratio_at_16_ge_0_7: at16.throughput_ratio >= 0.7, p99_ratio_at_16_le_2: at16.p99_ratio <= 2 } : {};
    process.stdout.write(
      `${JSON.stringify({ bench: 'grpc.ext_authz.Check', body: '1 KB chat (seeded corpus, 1 attack in 10)', node: process.version, date: new Date().toISOString(), cores: availableParallelism(), load_avg_1m: [load0, r2(loadavg()[0] ?? 0)], engine_workers: ports.engineWorkers, ml_enabled: ports.mlEnabled, round_ms: ROUND_MS, rounds: ROUNDS, results, goals }, null, 2)}\n`,
    );
  } finally {
    full.close();
    empty.close();
    child.disconnect();
  }
}

void main().then(() => undefined, (err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exitCode = 1;
});

