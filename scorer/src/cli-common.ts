/**
 * What the CLI's commands share: exit codes, usage errors, the I/O they print to, flag → config.
 */
import type { Config } from './config';

/** Exit codes. */
export const EXIT = { ok: 0, error: 1, usage: 2, failOn: 3, auditBroken: 4, config: 78 } as const;

/** A command line that does not parse: exit 2 with the usage text. */
export class UsageError extends Error {}

/** Where the CLI reads and writes (tests substitute their own). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
}

/** `--policy`, `--port`, `--host` as configuration overrides. */
export function configOverrides(values: { policy?: string | undefined; port?: string | undefined; host?: string | undefined }): Partial<Config> {
  const o: { policyFile?: string; port?: number; host?: string } = {};
  if (values.policy !== undefined) o.policyFile = values.policy;
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
    o.port = Number(values.port);
  }
  if (values.host !== undefined) o.host = values.host;
  return o;
}
