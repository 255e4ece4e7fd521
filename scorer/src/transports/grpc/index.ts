/** Core's gRPC transport (see `server.ts`). */
export { startGrpcServer, type GrpcHandle, type GrpcServerOptions } from './server';
export type { GrpcDeps } from './deps';
export { ScorerClient, ScorerCallError, type RemoteVerdict, type ScorerInput, type ScorerClientOptions } from './scorer-client';
export { SERVICE_NAMES, XDS_INCLUDE_DIRS, AEGIS_PROTO_DIR, LOADER_OPTIONS, grpcObjects } from './protos';
