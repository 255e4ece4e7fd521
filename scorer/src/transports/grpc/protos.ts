/**
 * Protobuf definitions: Envoy's services are loaded from the `@grpc/grpc-js-xds` package's `deps/`
 * folder (never copied here), Aegis's own from `proto/aegis/v1/`. Loaded once, lazily.
 *
 * proto-loader options: field names as in the .proto (`keepCase`) — except well-known types such as
 * google.protobuf.Struct/Value, whose fields stay camelCase (`stringValue`, `structValue`) whatever
 * keepCase says; enums as strings; oneofs get a virtual field naming the member that is set.
 */
import { loadPackageDefinition, type GrpcObject, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import { dirname, join } from 'node:path';
import { POLICY_DIR } from '../../../../policy/store/paths';

/** The folders Envoy's protos import from, inside @grpc/grpc-js-xds. */
export const XDS_INCLUDE_DIRS: readonly string[] = (() => {
  const deps = join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
  return ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(deps, d));
})();

/** Aegis's own proto folder. */
export const AEGIS_PROTO_DIR = join(POLICY_DIR, '..', 'proto');

export const LOADER_OPTIONS: Options = { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true };

/** Fully qualified service names, as gRPC health and Envoy's configuration name them. */
export const SERVICE_NAMES = {
  authz: 'envoy.service.auth.v3.Authorization',
  extProc: 'envoy.service.ext_proc.v3.ExternalProcessor',
  rls: 'envoy.service.ratelimit.v3.RateLimitService',
  scorer: 'aegis.v1.Scorer',
} as const;

const ENVOY_FILES = ['envoy/service/auth/v3/external_auth.proto', 'envoy/service/ext_proc/v3/external_processor.proto', 'envoy/service/ratelimit/v3/rls.proto'];

let cached: { envoy: PackageDefinition; aegis: PackageDefinition } | undefined;

function definitions(): { envoy: PackageDefinition; aegis: PackageDefinition } {
  cached ??= {
    envoy: loadSync(ENVOY_FILES, { ...LOADER_OPTIONS, includeDirs: [...XDS_INCLUDE_DIRS] }),
    aegis: loadSync('aegis/v1/scorer.proto', { ...LOADER_OPTIONS, includeDirs: [AEGIS_PROTO_DIR] }),
  };
  return cached;
}

/** The service definition for a fully qualified service name (for `server.addService`). */
export function serviceDefinition(name: string): ServiceDefinition {
  const { envoy, aegis } = definitions();
  const def = (envoy[name] ?? aegis[name]) as ServiceDefinition | undefined;
  if (!def) throw new Error(`unknown gRPC service ${name}`);
  return def;
}

/** Client constructors and message types, as `@grpc/grpc-js` builds them (for clients and tests). */
export function grpcObjects(): { envoy: GrpcObject; aegis: GrpcObject } {
  const { envoy, aegis } = definitions();
  return { envoy: loadPackageDefinition(envoy), aegis: loadPackageDefinition(aegis) };
}
