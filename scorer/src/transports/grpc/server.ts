/**
 * Core's gRPC server: Envoy's ext_authz, ext_proc and rate-limit services, Aegis's Scorer, and gRPC
 * health, on one port (GRPC_PORT). Started and closed by `startCore`.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { authorizationService } from './authz';
import type { GrpcDeps } from './deps';
import { externalProcessorService, type ExtProcStats } from './ext-proc';
import { GrpcHealth } from './health';
import { serviceDefinition, SERVICE_NAMES } from './protos';
import { rateLimitService } from './rls';
import { scorerService } from './scorer-service';

/** A listening gRPC server. */
export interface GrpcHandle {
  readonly port: number;
  readonly health: GrpcHealth;
  readonly extProc: ExtProcStats;
  close(): Promise<void>;
}

/** Where and when to serve. */
export interface GrpcServerOptions {
  readonly port: number;
  readonly host: string;
  /** True while Core can decide (ready and the engine is up): drives gRPC health. */
  readonly ready: () => boolean;
}

/** Builds, binds and starts the server. */
export async function startGrpcServer(deps: GrpcDeps, options: GrpcServerOptions): Promise<GrpcHandle> {
  // A Check carries the whole body plus headers: allow well over MAX_BODY_BYTES so an oversize body
  // reaches us and gets a 413 answer instead of a transport error.
  const maxMessage = Math.min(deps.config.maxBodyBytes * 2 + 1_048_576, 256 * 1_048_576);
  const server = new Server({ 'grpc.max_receive_message_length': maxMessage, 'grpc.max_send_message_length': maxMessage });
  const extProc = externalProcessorService(deps);
  server.addService(serviceDefinition(SERVICE_NAMES.authz), authorizationService(deps));
  server.addService(serviceDefinition(SERVICE_NAMES.extProc), extProc.implementation);
  server.addService(serviceDefinition(SERVICE_NAMES.rls), rateLimitService(deps));
  server.addService(serviceDefinition(SERVICE_NAMES.scorer), scorerService(deps));
  const health = new GrpcHealth(Object.values(SERVICE_NAMES), options.ready);
  health.addToServer(server);

  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  health.start();
  return {
    port,
    health,
    extProc: extProc.stats,
    close: async () => {
      health.shutdown();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5000);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
