import test from 'ava';
import { ConfigError, loadConfig, loadEdgeConfig } from './config';

test('defaults', (t) => {
  const c = loadConfig({});
  t.is(c.port, 8081);
  t.is(c.logLevel, 'info');
  t.false(c.dryRun);
  t.is(c.maxBodyBytes, 1_048_576);
  t.deepEqual(c.corsOrigins, []);
  t.is(c.rateLimitMax, 0);
  t.is(c.policyFile, undefined);
  t.is(c.grpcPort, 50051);
  t.is(c.redisUrl, undefined);
  t.is(c.redisKeyPrefix, 'aegis:');
  t.is(c.rlsRequestsPerUnit, 60);
  t.is(c.rlsUnit, 'minute');
  t.is(c.rateLimitBlockDurationMs, 0);
  t.is(c.streamHoldBackChars, 128);
});

test('gRPC, Redis and rate-limit values are parsed', (t) => {
  const c = loadConfig({ GRPC_PORT: '6000', REDIS_URL: 'redis://cache:6379/2', RLS_REQUESTS_PER_UNIT: '5', RLS_UNIT: 'second', RATE_LIMIT_BLOCK_DURATION_MS: '30000', STREAM_HOLDBACK_CHARS: '0' });
  t.is(c.grpcPort, 6000);
  t.is(c.redisUrl, 'redis://cache:6379/2');
  t.is(c.rlsRequestsPerUnit, 5);
  t.is(c.rlsUnit, 'second');
  t.is(c.rateLimitBlockDurationMs, 30000);
  t.is(c.streamHoldBackChars, 0);
});

test('values are parsed', (t) => {
  const c = loadConfig({ PORT: '9000', DRY_RUN: 'true', LOG_LEVEL: 'debug', CORS_ORIGINS: 'https://a.example, http://b.example:8080', MAX_BODY_BYTES: '2048', AEGIS_POLICY_FILE: '/etc/aegis/p.json', RATE_LIMIT_MAX: '10' });
  t.is(c.port, 9000);
  t.true(c.dryRun);
  t.is(c.logLevel, 'debug');
  t.deepEqual(c.corsOrigins, ['https://a.example', 'http://b.example:8080']);
  t.is(c.maxBodyBytes, 2048);
  t.is(c.policyFile, '/etc/aegis/p.json');
  t.is(c.rateLimitMax, 10);
});

for (const [name, value, reason] of [
  ['PORT', 'eighty', /whole number/],
  ['PORT', '70000', /between 0 and 65535/],
  ['DRY_RUN', 'maybe', /true or false/],
  ['LOG_LEVEL', 'loud', /one of/],
  ['CORS_ORIGINS', 'not a url', /not an origin/],
  ['MAX_BODY_BYTES', '10', /between/],
  ['POSTGRES_URL', 'mysql://localhost/x', /postgres:\/\//],
  ['POSTGRES_SCHEMA', 'Aegis; drop', /lower-case identifier/],
  ['JWT_SECRET', 'short', /at least 32/],
  ['JWKS_URL', 'file:///etc/keys', /http\(s\) URL/],
  ['AUDIT_ENABLED', 'perhaps', /true or false/],
  ['AUDIT_QUEUE_MAX', '5', /between/],
  ['POLICY_RECHECK_MS', '10', /between/],
  ['REDIS_URL', 'localhost:6379', /redis:\/\//],
  ['REDIS_KEY_PREFIX', 'a b', /A-Z/],
  ['PII_HASH_KEY', 'short', /at least 16/],
  ['PII_TOKEN_TTL_SECONDS', '1', /between/],
  ['GRPC_PORT', '-1', /whole number/],
  ['RLS_UNIT', 'week', /one of second, minute, hour, day/],
  ['RLS_REQUESTS_PER_UNIT', '0', /between 1/],
] as const) {
  test(`bad ${name}=${value} names the variable`, (t) => {
    const err = t.throws(() => loadConfig({ [name]: value }), { instanceOf: ConfigError });
    t.is(err?.variable, name);
    t.regex(err?.message ?? '', new RegExp(`^${name}: `));
    t.regex(err?.message ?? '', reason);
  });
}

test('Postgres, JWT and audit settings: defaults and values', (t) => {
  const d = loadConfig({});
  t.is(d.postgresUrl, undefined);
  t.is(d.postgresSchema, 'aegis');
  t.is(d.policyCacheFile, '.aegis/policy-cache.json');
  t.is(d.auditSpoolFile, '.aegis/audit-spool.jsonl');
  t.true(d.auditEnabled);
  t.is(d.auditBatchSize, 500);
  const c = loadConfig({ POSTGRES_URL: 'postgresql://u@db:5432/aegis', POSTGRES_SCHEMA: 'aegis_prod', JWKS_URL: 'https://idp.example.org/.well-known/jwks.json', JWT_ISSUER: 'https://idp.example.org', AUDIT_FLUSH_MS: '50' });
  t.is(c.postgresUrl, 'postgresql://u@db:5432/aegis');
  t.is(c.postgresSchema, 'aegis_prod');
  t.is(c.jwksUrl, 'https://idp.example.org/.well-known/jwks.json');
  t.is(c.jwtIssuer, 'https://idp.example.org');
  t.is(c.auditFlushMs, 50);
});

test('overrides from flags win', (t) => {
  t.is(loadConfig({ PORT: '9000' }, { port: 7000 }).port, 7000);
});

test('PII and Redis settings', (t) => {
  const d = loadConfig({});
  t.is(d.redisUrl, undefined);
  t.is(d.redisKeyPrefix, 'aegis:');
  t.is(d.piiTokenTtlSeconds, 3600);
  const c = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2', REDIS_KEY_PREFIX: 'x:', PII_HASH_KEY: '0123456789abcdef', PII_TOKEN_TTL_SECONDS: '600' });
  t.is(c.redisUrl, 'redis://127.0.0.1:6379/2');
  t.is(c.piiHashKey, '0123456789abcdef');
  t.is(c.piiTokenTtlSeconds, 600);
  // A secret is never echoed in the error.
  const err = t.throws(() => loadConfig({ PII_HASH_KEY: 'tooshort' }));
  t.false(err?.message.includes('tooshort'));
});

test('Kong edge plugin: the seed Edge defaults', (t) => {
  const e = loadEdgeConfig({});
  t.is(e.coreEndpoint, '127.0.0.1:50051');
  t.is(e.rateLimitWindowMs, 60_000);
  t.is(e.rateLimitMaxRequests, 30);
  t.is(e.rateLimitBlockDurationMs, 300_000, 'the edge blocks for five minutes by default (Core: 0)');
  t.is(e.redisUrl, undefined);
  t.true(e.failOpenEnabled);
  t.is(e.failOpenTargetUrl, undefined);
  t.is(e.coreHealthCheckIntervalMs, 5000);
  t.is(e.coreHealthCheckTimeoutMs, 3000);
  t.is(e.coreFailureThreshold, 3);
  t.is(e.coreRecoveryThreshold, 2);
  t.true(e.outputGuardEnabled);
  t.is(e.metricsPort, 9542);
  const v = loadEdgeConfig({ CORE_ENDPOINT: 'aegis-core:50051', FAIL_OPEN_ENABLED: 'false', FAIL_OPEN_TARGET_URL: 'https://fallback.internal/v1', EDGE_METRICS_PORT: '0', OUTPUT_GUARD_ENABLED: 'no' });
  t.is(v.coreEndpoint, 'aegis-core:50051');
  t.false(v.failOpenEnabled);
  t.is(v.failOpenTargetUrl, 'https://fallback.internal/v1');
  t.is(v.metricsPort, 0);
  t.false(v.outputGuardEnabled);
});

for (const [name, value, reason] of [
  ['CORE_ENDPOINT', 'http://aegis-core', /host:port/],
  ['RATE_LIMIT_MAX_REQUESTS', 'ten', /whole number/],
  ['FAIL_OPEN_ENABLED', 'sometimes', /true or false/],
  ['FAIL_OPEN_TARGET_URL', 'fallback', /http\(s\) URL/],
  ['CORE_HEALTH_CHECK_INTERVAL_MS', '5', /between 100/],
  ['CORE_FAILURE_THRESHOLD', 'x', /whole number/],
  ['CORE_RECOVERY_THRESHOLD', '0', /between 1/],
  ['EDGE_METRICS_PORT', '99999', /between 0 and 65535/],
] as const) {
  test(`edge: bad ${name}=${value} names the variable`, (t) => {
    const err = t.throws(() => loadEdgeConfig({ [name]: value }), { instanceOf: ConfigError });
    t.is(err?.variable, name);
    t.regex(err?.message ?? '', reason);
  });
}
