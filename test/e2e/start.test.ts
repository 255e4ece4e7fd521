/**
 * The Quick start, as a user runs it: the start command serves REST health and gRPC health within 15 s
 * with no database or Redis configured, and SIGTERM shuts it down cleanly.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { freePort, ROOT } from '../helpers';
import { healthCheck } from '../helpers/grpc';


test('the start command serves /api/v1/health and gRPC health within 15 s without POSTGRES_URL or REDIS_URL', async (t) => {
  const port = await freePort();
  const grpcPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), GRPC_PORT: String(grpcPort) };
  delete env.POSTGRES_URL;
  delete env.REDIS_URL;
  // What `npm start` runs after its prestart build (the build already ran for this test suite).
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'scorer', 'src', 'cli.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
  child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 15_000) {
      try {
        status = (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status;
        if (status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    t.is(status, 200, logs);
    t.is(await healthCheck(`127.0.0.1:${grpcPort}`, '', credentials.createInsecure()), 'SERVING');
    t.true(Date.now() - started < 15_000);
    t.regex(logs, /"msg":"aegis core listening"/);
  } finally {
    child.kill('SIGTERM');
  }
  t.is(await exited, 0, 'SIGTERM is a clean shutdown');
});
