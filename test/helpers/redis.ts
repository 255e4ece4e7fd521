/**
 * Redis for tests: the shared server at 127.0.0.1:6379 (never stopped or reconfigured by a test; keys
 * get a unique prefix), and private `redis-server` instances on a free port for fault tests.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from './index';
export { freePort };

/** The shared Redis (other engineers use it: prefixes only, no FLUSHALL, no CONFIG SET). */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other run uses. */
export function uniquePrefix(label: string): string {
  return `aegis-test:${label}:${randomUUID().slice(0, 8)}:`;
}

/** True when something answers PING on host:port. */
export function redisAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d: Buffer) => done(d.toString().startsWith('+PONG')));
  });
}

/**
 * Whether the shared Redis can be used. Under CI=true its absence is a failure (thrown), never a skip;
 * locally the caller may skip with a message.
 */
export async function sharedRedisAvailable(): Promise<boolean> {
  // A few tries: on a loaded 2-core machine a test process can stall past one PING's timeout.
  let ok = false;
  for (let i = 0; i < 3 && !ok; i++) ok = await redisAnswers(6379);
  if (!ok && process.env.CI === 'true') throw new Error('Redis at 127.0.0.1:6379 is required under CI=true and did not answer PING');
  return ok;
}


/** A private redis-server this test owns. */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM to its own pid) and waits until the port stops answering. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop). */
  restart(): Promise<void>;
  /** Removes its directory (after stop). */
  cleanup(): void;
}

/** Starts `redis-server` on a free port with nothing persisted. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aegis-redis-'));
  const pidfile = join(dir, 'redis.pid');
  const start = async (): Promise<void> => {
    const r = spawnSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', pidfile, '--dir', dir, '--logfile', join(dir, 'redis.log')]);
    if (r.status !== 0) throw new Error(`redis-server did not start: ${r.stderr?.toString() ?? r.error?.message ?? ''}`);
    for (let i = 0; i < 100 && !(await redisAnswers(port)); i++) await new Promise((res) => setTimeout(res, 50));
    if (!(await redisAnswers(port))) throw new Error(`own redis-server on ${port} did not answer`);
  };
  await start();
  const stop = async (): Promise<void> => {
    let pid = 0;
    try {
      pid = Number(readFileSync(pidfile, 'utf8').trim());
    } catch {
      return;
    }
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
    }
    for (let i = 0; i < 100 && (await redisAnswers(port)); i++) await new Promise((res) => setTimeout(res, 50));
  };
  return { port, url: `redis://127.0.0.1:${port}`, stop, restart: start, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Deletes the keys under `prefix` on the shared Redis (SCAN + DEL, only our own keys). */
export function deletePrefix(prefix: string, port = 6379): Promise<void> {
  return new Promise((resolve) => {
    execFile('redis-cli', ['-p', String(port), '--scan', '--pattern', `${prefix}*`], (err, stdout) => {
      const keys = err ? [] : stdout.split('\n').filter((k) => k.length > 0);
      if (keys.length === 0) return resolve();
      execFile('redis-cli', ['-p', String(port), 'DEL', ...keys], () => resolve());
    });
  });
}
