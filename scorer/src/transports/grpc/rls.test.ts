/**
 * The rate-limit service as Envoy's ratelimit filter calls it: in-process, against the shared Redis
 * (two Cores sharing counts), and with a Redis of our own stopped mid-way (in-process fallback).
 */
import test from 'ava';
import { Writable } from 'node:stream';
import { startCore, type CoreHandle } from '../../main';
import { createLogger } from '../../telemetry/logger';
import { envoyClients } from '../../../../test/helpers/grpc';
import { SHARED_REDIS_URL, deletePrefix, sharedRedisAvailable, startOwnRedis, uniquePrefix } from '../../../../test/helpers/redis';
import type { RateLimitRequest } from './messages';

const BASE = { PORT: '0', GRPC_PORT: '0', HOST: '127.0.0.1', RLS_REQUESTS_PER_UNIT: '3', RLS_UNIT: 'minute' };

const request = (user: string, extra: Partial<RateLimitRequest> = {}): RateLimitRequest => ({
  domain: 'aegis',
  descriptors: [{ entries: [{ key: 'consumer', value: user }] }],
  ...extra,
});

async function withCore<T>(env: Record<string, string>, fn: (core: CoreHandle, client: ReturnType<typeof envoyClients>) => Promise<T>, logger = createLogger('silent')): Promise<T> {
  const core = await startCore({ env: { ...BASE, ...env }, logger });
  const client = envoyClients(`127.0.0.1:${core.grpcPort}`);
  try {
    return await fn(core, client);
  } finally {
    client.close();
    await core.close();
  }
}

test('in-process: under the limit OK with the remaining count, over it OVER_LIMIT; keys are separate', async (t) => {
  await withCore({}, async (_core, client) => {
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push((await client.shouldRateLimit(request('alice'))).overall_code);
    t.deepEqual(codes, ['OK', 'OK', 'OK', 'OVER_LIMIT']);
    const first = await client.shouldRateLimit(request('bob'));
    t.is(first.overall_code, 'OK');
    t.is(first.statuses[0]?.limit_remaining, 2);
    t.deepEqual(first.statuses[0]?.current_limit, { requests_per_unit: 3, unit: 'MINUTE' });
    const over = await client.shouldRateLimit(request('alice'));
    t.is(over.statuses[0]?.code, 'OVER_LIMIT');
    t.true(Number(over.statuses[0]?.duration_until_reset?.seconds ?? 0) <= 60);
  });
});

test('a descriptor limit from the route wins over the default; hits_addend counts several hits', async (t) => {
  await withCore({}, async (_core, client) => {
    const withOverride = request('carol', { descriptors: [{ entries: [{ key: 'consumer', value: 'carol' }], limit: { requests_per_unit: 10, unit: 'SECOND' } }] });
    const r = await client.shouldRateLimit({ ...withOverride, hits_addend: 9 });
    t.is(r.overall_code, 'OK');
    t.deepEqual(r.statuses[0]?.current_limit, { requests_per_unit: 10, unit: 'SECOND' });
    t.is(r.statuses[0]?.limit_remaining, 1);
    t.is((await client.shouldRateLimit({ ...withOverride, hits_addend: 2 })).overall_code, 'OVER_LIMIT');
  });
});

test('any descriptor over its limit makes the whole answer OVER_LIMIT', async (t) => {
  await withCore({}, async (_core, client) => {
    const two = (user: string): RateLimitRequest => ({ domain: 'aegis', descriptors: [{ entries: [{ key: 'route', value: 'chat' }] }, { entries: [{ key: 'consumer', value: user }] }] });
    for (let i = 0; i < 3; i++) await client.shouldRateLimit(two(`u${i}`));
    const r = await client.shouldRateLimit(two('fresh'));
    t.is(r.overall_code, 'OVER_LIMIT');
    t.deepEqual(r.statuses.map((s) => s.code), ['OVER_LIMIT', 'OK']);
  });
});

test('RATE_LIMIT_BLOCK_DURATION_MS keeps a key refused after it exceeded', async (t) => {
  await withCore({ RATE_LIMIT_BLOCK_DURATION_MS: '600000', RLS_REQUESTS_PER_UNIT: '1', RLS_UNIT: 'second' }, async (_core, client) => {
    t.is((await client.shouldRateLimit(request('dave'))).overall_code, 'OK');
    t.is((await client.shouldRateLimit(request('dave'))).overall_code, 'OVER_LIMIT');
    await new Promise((r) => setTimeout(r, 1100));
    const later = await client.shouldRateLimit(request('dave'));
    t.is(later.overall_code, 'OVER_LIMIT', 'the one-second window is over, the block is not');
    t.true(Number(later.statuses[0]?.duration_until_reset?.seconds) > 500);
  });
});

test('a request without a domain is rejected as invalid', async (t) => {
  await withCore({}, async (_core, client) => {
    const err = await t.throwsAsync(client.shouldRateLimit({ descriptors: [] }));
    t.is((err as { code?: number }).code, 3);
  });
});

test('with Redis: two Cores share the counts', async (t) => {
  if (!(await sharedRedisAvailable())) return t.pass('no Redis at 6379 (not CI): skipped');
  const prefix = uniquePrefix('rls');
  const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
  try {
    await withCore(env, (a, clientA) =>
      withCore(env, async (b, clientB) => {
        for (const core of [a, b]) await (core.limiter as unknown as { ready(): Promise<void> }).ready();
        const codes: string[] = [];
        for (const c of [clientA, clientB, clientA, clientB]) codes.push((await c.shouldRateLimit(request('erin'))).overall_code);
        t.deepEqual(codes, ['OK', 'OK', 'OK', 'OVER_LIMIT'], 'the fourth hit is over although each Core saw only two');
        t.is(a.limiter.fallbacks + b.limiter.fallbacks, 0);
      }),
    );
  } finally {
    await deletePrefix(prefix);
  }
});

test('with Redis stopped: answers keep coming from the in-process fallback, logged and counted, never an error', async (t) => {
  const own = await startOwnRedis();
  const lines: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(c: Buffer, _e, done) {
        lines.push(c.toString());
        done();
      },
    }),
  );
  try {
    await withCore(
      { REDIS_URL: own.url, REDIS_KEY_PREFIX: uniquePrefix('rls-down') },
      async (core, client) => {
        await (core.limiter as unknown as { ready(): Promise<void> }).ready();
        t.is((await client.shouldRateLimit(request('frank'))).overall_code, 'OK');
        await own.stop();
        const codes: string[] = [];
        for (let i = 0; i < 4; i++) codes.push((await client.shouldRateLimit(request('grace'))).overall_code);
        t.deepEqual(codes, ['OK', 'OK', 'OK', 'OVER_LIMIT'], 'the fallback still limits');
        t.is(core.limiter.fallbacks, 4);
        const health = (await (await fetch(`${core.url}/api/v1/health`)).json()) as { status: string; components: { ratelimit: { status: string; fallbacks: number } } };
        t.is(health.components.ratelimit.status, 'degraded');
        t.is(health.components.ratelimit.fallbacks, 4);
        t.is(health.status, 'degraded');
        t.true(lines.some((l) => l.includes('redis limiter unavailable') && l.includes('"level":40')));
      },
      logger,
    );
  } finally {
    await own.stop();
    own.cleanup();
  }
});
