/**
 * Real processes for the Kong edge tests and benchmark: Core as `aegis serve` (REST and gRPC on free
 * loopback ports), and the plugin server through `plugins/kong/pluginserver.sh` serving a Unix socket.
 * Each can be killed and started again on the same ports/socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthCheck } from './grpc';
import { freePort, ROOT } from '.';

/** Path of the script Kong runs as the plugin server's start and query command. */
export const PLUGINSERVER_SH = join(ROOT, 'plugins', 'kong', 'pluginserver.sh');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A Core process of our own. */
export interface CoreProcess {
  readonly port: number;
  readonly grpcPort: number;
  readonly url: string;
  readonly endpoint: string;
  /** Kills it at once (SIGKILL: no graceful NOT_SERVING), and waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and waits until gRPC health says SERVING. */
  start(): Promise<void>;
  /** Output of the current process (stdout and stderr). */
  output(): string;
}

/** Starts `aegis serve` on free loopback ports; `env` adds to the environment. */
export async function startCoreProcess(env: Record<string, string> = {}): Promise<CoreProcess> {
  const port = await freePort();
  const grpcPort = await freePort();
  let child: ChildProcess | undefined;
  let out = '';
  const start = async (): Promise<void> => {
    out = '';
    child = spawn(process.execPath, [join(ROOT, 'bin', 'aegis.js'), 'serve'], {
      env: { ...process.env, PORT: String(port), GRPC_PORT: String(grpcPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      if (child.exitCode !== null) throw new Error(`aegis serve exited with ${child.exitCode}: ${out.slice(-2000)}`);
      const status = await healthCheck(`127.0.0.1:${grpcPort}`, 'aegis.v1.Scorer').catch(() => 'DOWN');
      if (status === 'SERVING' || status === '1') return;
      await sleep(100);
    }
    throw new Error(`aegis serve did not become SERVING: ${out.slice(-2000)}`);
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { port, grpcPort, url: `http://127.0.0.1:${port}`, endpoint: `127.0.0.1:${grpcPort}`, kill, start, output: () => out };
}

/** A plugin server of our own, started the way Kong starts it. */
export interface PluginServerProcess {
  /** Its process id (pluginserver.sh execs node, so this is the plugin server itself). */
  readonly pid: number;
  /** The plugin server's Unix socket. */
  readonly socket: string;
  /** The Kong prefix directory given with -p (holds the socket and `aegis-edge.env`). */
  readonly prefix: string;
  /** Everything it wrote (kong-pdk's own lines on stdout, the plugin's JSON logs on stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** How to start the plugin server. */
export interface PluginServerOptions {
  /** Added to the environment. */
  readonly env?: Record<string, string>;
  /**
   * Start with an empty environment, as Kong does: it spawns the server from an nginx worker, whose
   * environment nginx has cleared (`env` is then ignored; `PREFIX/aegis-edge.env` is the way in).
   */
  readonly emptyEnv?: boolean;
  /** The Kong prefix (default: a new temporary directory). */
  readonly prefix?: string;
}

/** Starts `pluginserver.sh -p PREFIX --sock-name aegis_edge.sock` and waits until the socket exists. */
export async function startPluginServer(options: PluginServerOptions = {}): Promise<PluginServerProcess> {
  const prefix = options.prefix ?? mkdtempSync(join(tmpdir(), 'aegis-kong-'));
  const sockName = 'aegis_edge.sock';
  const socket = join(prefix, sockName);
  let out = '';
  const env = options.emptyEnv ? {} : { ...process.env, ...options.env };
  const child = spawn(PLUGINSERVER_SH, ['-p', prefix, '--sock-name', sockName], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`plugin server exited with ${child.exitCode}: ${out}`);
    if (Date.now() - started > 20_000) throw new Error(`plugin server did not create ${socket}: ${out}`);
    await sleep(25);
  }
  return {
    pid: child.pid ?? 0,
    socket,
    prefix,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** CPU time (user + system) a process has used so far, in milliseconds (Linux /proc; 10 ms ticks). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
