import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEdgeConfig } from '../../../../scorer/src/config';
import { ROOT } from '../../../../test/helpers';
import { createPluginModule, PRIORITY } from './plugin';
import { fieldSpecs, kongSchema, PluginConfigError, resolvePluginConfig } from './schema';

const specs = fieldSpecs(loadEdgeConfig({}));

test('{} resolves to every default: the seed Edge values', (t) => {
  const c = resolvePluginConfig({}, specs);
  t.is(c.coreEndpoint, '127.0.0.1:50051');
  t.is(c.rateLimitWindowMs, 60_000);
  t.is(c.rateLimitMaxRequests, 30);
  t.is(c.rateLimitBlockDurationMs, 300_000);
  t.is(c.redisUrl, undefined);
  t.is(c.redisKeyPrefix, 'aegis:edge:');
  t.true(c.failOpenEnabled);
  t.is(c.failOpenTargetUrl, undefined);
  t.is(c.coreHealthCheckIntervalMs, 5000);
  t.is(c.coreHealthCheckTimeoutMs, 3000);
  t.is(c.coreFailureThreshold, 3);
  t.is(c.coreRecoveryThreshold, 2);
  t.true(c.fastScreenEnabled);
  t.true(c.coreInspectEnabled);
  t.true(c.outputGuardEnabled);
  t.is(resolvePluginConfig(undefined, specs).coreEndpoint, '127.0.0.1:50051');
  t.is(resolvePluginConfig({ __key__: 'plugins:aegis-edge:1::::', __seq__: 1 }, specs).coreEndpoint, '127.0.0.1:50051', "Kong's own members are ignored");
});

test('defaults follow the environment; the route config wins; null means unset', (t) => {
  const env = fieldSpecs(loadEdgeConfig({ CORE_ENDPOINT: 'aegis-core:50051', REDIS_URL: 'redis://redis-edge:6379', FAIL_OPEN_TARGET_URL: 'https://fallback.internal/v1', RATE_LIMIT_BLOCK_DURATION_MS: '0' }));
  const c = resolvePluginConfig({ rate_limit_max_requests: 5, redis_url: null, tenant: 'acme' }, env);
  t.is(c.coreEndpoint, 'aegis-core:50051');
  t.is(c.redisUrl, 'redis://redis-edge:6379', 'null from Kong is the default');
  t.is(c.failOpenTargetUrl, 'https://fallback.internal/v1');
  t.is(c.rateLimitBlockDurationMs, 0);
  t.is(c.rateLimitMaxRequests, 5);
  t.is(c.tenant, 'acme');
});

for (const [config, message] of [
  [{ rate_limit_max_requests: 'lots' }, /rate_limit_max_requests: must be a whole number/],
  [{ rate_limit_max_requests: 1.5 }, /whole number/],
  [{ core_failure_threshold: 0 }, /core_failure_threshold: must be between 1 and 1000/],
  [{ fast_screen_threshold: 1.5 }, /fast_screen_threshold: must be between 0 and 1/],
  [{ fail_open_enabled: 'yes' }, /fail_open_enabled: must be true or false/],
  [{ core_endpoint: 'http://core' }, /core_endpoint: must be host:port/],
  [{ redis_url: 'localhost:6379' }, /redis_url: must be a redis/],
  [{ fail_open_target_url: 'ftp://x' }, /fail_open_target_url: must be an http\(s\) URL/],
  [{ route: 'has spaces' }, /route: must be/],
  [{ fail_open: true }, /fail_open: unknown field/],
] as const) {
  test(`a bad config names its field: ${JSON.stringify(config)}`, (t) => {
    const err = t.throws(() => resolvePluginConfig(config, specs), { instanceOf: PluginConfigError });
    t.regex(err.message, message);
    t.is(err.code, 'AEGIS_ERR_CONFIG_INVALID');
  });
}

test('the Kong schema: one entry per field, defaults where the config has them, bounds for numbers', (t) => {
  const schema = Object.assign({}, ...kongSchema(specs)) as Record<string, { type: string; required: boolean; default?: unknown; between?: number[] }>;
  t.is(Object.keys(schema).length, specs.length);
  t.deepEqual(schema.rate_limit_max_requests, { type: 'integer', required: true, default: 30, between: [0, 10_000_000] });
  t.deepEqual(schema.fail_open_target_url, { type: 'string', required: false });
  t.is(schema.fast_screen_threshold?.type, 'number');
  for (const [name, f] of Object.entries(schema)) if (f.required) t.not(f.default, undefined, `${name}: required fields have a default`);
});

test('the plugin module: Priority, Version; the response phase exists only with the output guard', (t) => {
  const on = createPluginModule(loadEdgeConfig({}));
  t.is(on.Priority, PRIORITY);
  t.regex(on.Version, /^\d+\.\d+\.\d+/);
  t.is(typeof (on.Plugin.prototype as { access?: unknown }).access, 'function');
  t.is(typeof (on.Plugin.prototype as { response?: unknown }).response, 'function');
  const off = createPluginModule(loadEdgeConfig({ OUTPUT_GUARD_ENABLED: 'false' }));
  t.is((off.Plugin.prototype as { response?: unknown }).response, undefined, 'no response handler: Kong does not buffer');
});

test('kong.yml: every aegis-edge config in it is valid for the plugin', (t) => {
  const doc = parse(readFileSync(join(ROOT, 'kong.yml'), 'utf8')) as { services: Array<{ routes?: Array<{ name: string; plugins?: Array<{ name: string; config?: Record<string, unknown> }> }>; plugins?: Array<{ name: string; config?: Record<string, unknown> }> }>; plugins?: Array<{ name: string; config?: Record<string, unknown> }> };
  const configs = [
    ...(doc.plugins ?? []),
    ...doc.services.flatMap((s) => [...(s.plugins ?? []), ...(s.routes ?? []).flatMap((r) => r.plugins ?? [])]),
  ].filter((p) => p.name === 'aegis-edge');
  t.true(configs.length >= 2, 'the chat and validate routes run the plugin');
  for (const p of configs) t.notThrows(() => resolvePluginConfig(p.config ?? {}, specs));
  const routes = doc.services.flatMap((s) => s.routes ?? []).map((r) => r.name);
  t.true(routes.includes('chat') && routes.includes('validate'));
});

test('kong.conf: the plugin server lines name one server whose socket, start and query commands agree', (t) => {
  const conf = Object.fromEntries(
    readFileSync(join(ROOT, 'plugins', 'kong', 'kong.conf'), 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
  );
  t.is(conf.pluginserver_names, 'aegis_edge');
  t.regex(conf.plugins ?? '', /(^|,)aegis-edge(,|$)/);
  const socket = conf.pluginserver_aegis_edge_socket ?? '';
  const start = conf.pluginserver_aegis_edge_start_cmd ?? '';
  const m = /pluginserver\.sh -p (\S+) --sock-name (\S+)$/.exec(start);
  t.truthy(m, start);
  t.is(join(m![1]!, m![2]!), socket, 'the socket Kong connects to is the one the server listens on');
  t.regex(conf.pluginserver_aegis_edge_query_cmd ?? '', /pluginserver\.sh --dump-all-plugins$/);
  t.is(conf.database, 'off');
});
