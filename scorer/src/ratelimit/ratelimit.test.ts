/**
 * The limiter: fixed windows and block periods in memory and in the shared Redis (unique key prefix),
 * and the fallback when a Redis of our own is stopped.
 */
import test from 'ava';
import { Writable } from 'node:stream';
import { createLogger } from '../telemetry/logger';
import { MemoryLimiter, RedisLimiter, createLimiter, type Limiter } from '.';
import { SHARED_REDIS_URL, deletePrefix, sharedRedisAvailable, startOwnRedis, uniquePrefix } from '../../../test/helpers/redis';

function capture(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

async function hits(l: Limiter, key: string, n: number, rule = { limit: 3, windowMs: 60_000 }): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push((await l.consume(key, rule)).allowed);
  return out;
}

test('memory: a fixed window allows `limit` hits, then refuses until it resets', async (t) => {
  let now = 1_000;
  const l = new MemoryLimiter(() => now);
  t.deepEqual(await hits(l, 'a', 5), [true, true, true, false, false]);
  const d = await l.consume('a', { limit: 3, windowMs: 60_000 });
  t.is(d.remaining, 0);
  t.is(d.resetMs, 60_000);
  t.deepEqual(await hits(l, 'b', 1), [true], 'keys are independent');
  now += 60_000;
  t.deepEqual(await hits(l, 'a', 1), [true], 'a new window');
});

test('memory: a block period outlasts the window', async (t) => {
  let now = 0;
  const l = new MemoryLimiter(() => now);
  const rule = { limit: 2, windowMs: 1000, blockMs: 10_000 };
  t.true((await l.consume('k', rule)).allowed);
  t.true((await l.consume('k', rule)).allowed);
  const over = await l.consume('k', rule);
  t.false(over.allowed);
  t.true(over.blocked);
  t.is(over.resetMs, 10_000);
  now = 5_000;
  const still = await l.consume('k', rule);
  t.false(still.allowed, 'the window is over but the key is still blocked');
  t.is(still.resetMs, 5_000);
  now = 10_001;
  t.true((await l.consume('k', rule)).allowed);
});

test('memory: cost counts several hits at once', async (t) => {
  const l = new MemoryLimiter();
  t.true((await l.consume('c', { limit: 5, windowMs: 1000 }, 5)).allowed);
  t.false((await l.consume('c', { limit: 5, windowMs: 1000 }, 1)).allowed);
});

test('createLimiter without a URL is in-process', (t) => {
  const { logger } = capture();
  t.is(createLimiter({ keyPrefix: 'x:', logger }).backend, 'memory');
});

test('redis: counts are shared between two limiter instances (two Cores)', async (t) => {
  if (!(await sharedRedisAvailable())) return t.pass('no Redis at 6379 (not CI): skipped');
  const prefix = uniquePrefix('rl-shared');
  const { logger } = capture();
  const a = new RedisLimiter({ url: SHARED_REDIS_URL, keyPrefix: prefix, logger });
  const b = new RedisLimiter({ url: SHARED_REDIS_URL, keyPrefix: prefix, logger });
  try {
    await Promise.all([a.ready(), b.ready()]);
    const rule = { limit: 4, windowMs: 60_000 };
    const results = await Promise.all([a, b, a, b, a, b].map((l) => l.consume('user-1', rule)));
    t.is(results.filter((r) => r.allowed).length, 4, 'exactly the limit is allowed across both instances');
    t.true(results.every((r) => r.backend === 'redis'));
    t.is(a.fallbacks + b.fallbacks, 0);
    t.is(a.health().status, 'ok');
    const refused = results.find((r) => !r.allowed);
    t.true((refused?.resetMs ?? 0) > 0 && (refused?.resetMs ?? 0) <= 60_000);
  } finally {
    await a.close();
    await b.close();
    await deletePrefix(prefix);
  }
});

test('redis: the block period is kept in Redis', async (t) => {
  if (!(await sharedRedisAvailable())) return t.pass('no Redis at 6379 (not CI): skipped');
  const prefix = uniquePrefix('rl-block');
  const { logger } = capture();
  const l = new RedisLimiter({ url: SHARED_REDIS_URL, keyPrefix: prefix, logger });
  try {
    await l.ready();
    const rule = { limit: 1, windowMs: 200, blockMs: 60_000 };
    t.true((await l.consume('k', rule)).allowed);
    const over = await l.consume('k', rule);
    t.false(over.allowed);
    t.true(over.blocked);
    await new Promise((r) => setTimeout(r, 300));
    const later = await l.consume('k', rule);
    t.false(later.allowed, 'blocked after the window ended');
    t.true(later.blocked);
    t.true(later.resetMs > 50_000);
  } finally {
    await l.close();
    await deletePrefix(prefix);
  }
});

test('redis stopped: hits fall back to the in-process limiter, logged and counted, and Redis is used again when back', async (t) => {
  const own = await startOwnRedis();
  const { logger, lines } = capture();
  const l = new RedisLimiter({ url: own.url, keyPrefix: uniquePrefix('rl-down'), logger, commandTimeoutMs: 100 });
  try {
    await l.ready();
    const rule = { limit: 2, windowMs: 60_000 };
    t.is((await l.consume('k', rule)).backend, 'redis');
    await own.stop();
    const during = [await l.consume('k', rule), await l.consume('k', rule), await l.consume('k', rule)];
    t.true(during.every((d) => d.backend === 'memory'));
    t.deepEqual(
      during.map((d) => d.allowed),
      [true, true, false],
      'the fallback still limits',
    );
    t.is(l.fallbacks, 3);
    t.is(l.health().status, 'degraded');
    t.is(lines.filter((x) => x.includes('redis limiter unavailable')).length, 1, 'logged once per outage, not per hit');
    await own.restart();
    await l.ready(5000);
    const after = await l.consume('k2', rule);
    t.is(after.backend, 'redis', 'back on Redis once it answers again');
    t.is(l.health().status, 'ok');
    t.true(lines.some((x) => x.includes('redis limiter back')));
  } finally {
    await l.close();
    await own.stop();
    own.cleanup();
  }
});
