/**
 * The server side of `npm run bench:grpc`, in its own process so the client does not share its event
 * loop: a real Core (its gRPC server, default policy, a decision log line per check written as in
 * production — pino's synchronous destination — to /dev/null) and, beside it, a gRPC
 * server whose Check handler answers OK at once — the floor the pipeline is compared with.
 */
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import pino from 'pino';
import { startCore } from '../scorer/src/main';
import { createLogger } from '../scorer/src/telemetry/logger';
import { serviceDefinition, SERVICE_NAMES } from '../scorer/src/transports/grpc/protos';

async function main(): Promise<void> {
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  // ENGINE_WORKERS and ML_ENABLED pass through, so runs can compare worker counts and the pipeline
  // without the model (unset: Core's defaults).
  const passed = Object.fromEntries(['ENGINE_WORKERS', 'ML_ENABLED'].flatMap((k) => (process.env[k] !== undefined ? [[k, process.env[k] as string]] : [])));
  const core = await startCore({ env: { PORT: '0', GRPC_PORT: '0', HOST: '127.0.0.1', ...passed }, logger });
  const empty = new Server();
  empty.addService(serviceDefinition(SERVICE_NAMES.authz), {
    Check: (_call: ServerUnaryCall<unknown, unknown>, cb: sendUnaryData<unknown>) => cb(null, { status: { code: status.OK }, ok_response: {} }),
  });
  const emptyPort = await new Promise<number>((resolve, reject) =>
    empty.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );
  process.send?.({ corePort: core.grpcPort, emptyPort, engineWorkers: core.config.engineWorkers, mlEnabled: core.config.mlEnabled });
  // CPU time of this process on request, so the client can charge each round's server CPU per check.
  process.on('message', (m) => {
    if (m === 'cpu') {
      const u = process.cpuUsage();
      process.send?.({ cpuUs: u.user + u.system });
    }
  });
  process.on('disconnect', () => {
    empty.forceShutdown();
    void core.close().then(() => process.exit(0));
  });
}

void main();
