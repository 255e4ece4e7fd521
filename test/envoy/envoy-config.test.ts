/**
 * envoy.yaml checked offline against Envoy's own protos: decoded strictly into
 * envoy.config.bootstrap.v3.Bootstrap with every typed_config @type resolved, then round-tripped
 * through the wire format. Broken copies prove the check catches each kind of mistake.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers';
import { decodeStrict, EnvoyProtos } from './strict-proto';

const protos = new EnvoyProtos();
const BOOTSTRAP = 'envoy.config.bootstrap.v3.Bootstrap';
const load = (file: string): Record<string, unknown> => parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;

type Any = Record<string, unknown>;
/** The http_filters of the listener, for editing copies. */
function httpFilters(cfg: Any): Array<{ name: string; typed_config: Any }> {
  const l = (cfg.static_resources as Any).listeners as Any[];
  const hcm = (((l[0]?.filter_chains as Any[])[0]?.filters as Any[])[0]?.typed_config ?? {}) as Any;
  return hcm.http_filters as Array<{ name: string; typed_config: Any }>;
}
const filter = (cfg: Any, name: string): Any => httpFilters(cfg).find((f) => f.name === name)?.typed_config as Any;
const clusters = (cfg: Any): Any[] => (cfg.static_resources as Any).clusters as Any[];

test('envoy.yaml decodes into a Bootstrap with every typed_config resolved', (t) => {
  const r = decodeStrict(protos, BOOTSTRAP, load('envoy.yaml'));
  t.deepEqual(r.issues, []);
  for (const type of [
    'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    'envoy.extensions.filters.http.ratelimit.v3.RateLimit',
    'envoy.extensions.filters.http.ext_authz.v3.ExtAuthz',
    'envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute',
    'envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor',
    'envoy.extensions.filters.http.router.v3.Router',
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
    'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
    'envoy.extensions.access_loggers.stream.v3.StdoutAccessLog',
  ]) {
    t.true(r.types.includes(type), `${type} resolved`);
  }
  const msg = r.message?.toJSON() as { static_resources: { listeners: Array<{ name: string }>; clusters: Array<{ name: string; health_checks?: unknown[] }> } };
  t.deepEqual(msg.static_resources.listeners.map((l) => l.name), ['llm_ingress']);
  t.deepEqual(msg.static_resources.clusters.map((c) => c.name), ['aegis_core', 'llm_upstream']);
  t.is(msg.static_resources.clusters[0]?.health_checks?.length, 1);
});

test('envoy.yaml says what the issue asks: gRPC ext_authz with the body, ext_proc, RLS, HTTP/2 Core with gRPC health, explicit fail modes', (t) => {
  const cfg = load('envoy.yaml');
  t.deepEqual(httpFilters(cfg).map((f) => f.name), ['envoy.filters.http.ratelimit', 'envoy.filters.http.ext_authz', 'envoy.filters.http.ext_proc', 'envoy.filters.http.router']);
  const authz = filter(cfg, 'envoy.filters.http.ext_authz');
  t.truthy(authz.grpc_service);
  t.is((authz.with_request_body as Any).max_request_bytes, 1048576);
  t.is(authz.failure_mode_allow, false);
  t.is(authz.failure_mode_allow_header_add, true);
  const proc = filter(cfg, 'envoy.filters.http.ext_proc');
  t.is(proc.failure_mode_allow, false);
  t.is(proc.allow_mode_override, true);
  t.is((proc.processing_mode as Any).response_body_mode, 'BUFFERED');
  t.is(filter(cfg, 'envoy.filters.http.ratelimit').failure_mode_deny, false);
  const core = clusters(cfg)[0] as Any;
  t.truthy((core.health_checks as Any[])[0]?.grpc_health_check);
  const raw = readFileSync(join(ROOT, 'envoy.yaml'), 'utf8');
  t.regex(raw, /FAIL MODE/);
});

test('the fragments in plugins/envoy/ decode too', (t) => {
  for (const file of ['plugins/envoy/http-ext-authz.yaml', 'plugins/envoy/ext-proc-per-route.yaml']) {
    const r = decodeStrict(protos, 'google.protobuf.Any', load(file));
    t.deepEqual(r.issues, [], file);
    t.is(r.types.length, 1, file);
  }
});

/** A deep copy of envoy.yaml with one change. */
function broken(change: (cfg: Any) => void): Any {
  const cfg = load('envoy.yaml');
  change(cfg);
  return cfg;
}

function issuesOf(cfg: Any): string[] {
  const r = decodeStrict(protos, BOOTSTRAP, cfg);
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

test('broken copy: an unknown field is caught, with its path', (t) => {
  const issues = issuesOf(
    broken((cfg) => {
      filter(cfg, 'envoy.filters.http.ext_authz').with_request_bodyy = { max_request_bytes: 10 };
    }),
  );
  t.is(issues.length, 1);
  t.regex(issues[0] ?? '', /http_filters\[1\]\.typed_config\(ExtAuthz\)\.with_request_bodyy: unknown field "with_request_bodyy"/);
});

test('broken copy: a bad enum value is caught', (t) => {
  const issues = issuesOf(
    broken((cfg) => {
      (filter(cfg, 'envoy.filters.http.ext_proc').processing_mode as Any).response_body_mode = 'STREAMING';
    }),
  );
  t.is(issues.length, 1);
  t.regex(issues[0] ?? '', /processing_mode\.response_body_mode: "STREAMING" is not a value of enum BodySendMode/);
  t.regex(issuesOf(broken((cfg) => (clusters(cfg)[0]!.type = 'DNS')))[0] ?? '', /clusters\[0\]\.type: "DNS" is not a value/);
});

test('broken copy: a bad duration is caught (a bare number, a unit Envoy does not take, out of bounds)', (t) => {
  const bare = issuesOf(broken((cfg) => (clusters(cfg)[0]!.connect_timeout = 1)));
  t.regex(bare[0] ?? '', /clusters\[0\]\.connect_timeout: "1" is not a duration/);
  const ms = issuesOf(broken((cfg) => (filter(cfg, 'envoy.filters.http.ext_proc').message_timeout = '500ms')));
  t.regex(ms[0] ?? '', /message_timeout: "500ms" is not a duration/);
  const tooLong = issuesOf(broken((cfg) => (filter(cfg, 'envoy.filters.http.ext_proc').message_timeout = '7200s')));
  t.regex(tooLong[0] ?? '', /message_timeout: duration 7200s must be lte 3600s/);
});

test('broken copy: a missing required field is caught', (t) => {
  const noGrpc = issuesOf(broken((cfg) => delete filter(cfg, 'envoy.filters.http.ext_proc').grpc_service));
  t.is(noGrpc.length, 1);
  t.regex(noGrpc[0] ?? '', /typed_config\(ExternalProcessor\)\.grpc_service: missing required field "grpc_service"/);
  const noDomain = issuesOf(broken((cfg) => delete filter(cfg, 'envoy.filters.http.ratelimit').domain));
  t.regex(noDomain[0] ?? '', /typed_config\(RateLimit\)\.domain: missing required field "domain"/);
  const noTarget = issuesOf(broken((cfg) => delete ((filter(cfg, 'envoy.filters.http.ext_authz').grpc_service as Any).envoy_grpc)));
  t.regex(noTarget[0] ?? '', /grpc_service: missing required field: one of envoy_grpc, google_grpc/);
});

test('broken copy: an @type that names no message, and two members of one oneof, are caught', (t) => {
  const badType = issuesOf(broken((cfg) => (filter(cfg, 'envoy.filters.http.router')['@type'] = 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Routerr')));
  t.regex(badType[0] ?? '', /typed_config\.@type: ".*Routerr" names no message/);
  const both = issuesOf(broken((cfg) => (filter(cfg, 'envoy.filters.http.ext_authz').http_service = { path_prefix: '/x' })));
  t.regex(both.join('\n'), /only one of grpc_service, http_service may be set/);
});
