/**
 * The `aegis` command: `serve` starts Core, `scan` checks JSON Lines offline, `policy validate` checks a
 * policy file. Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 `scan --fail-on` matched, 78 invalid
 * configuration or policy.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config';
import { createDefaultRegistry } from './detectors/registry';
import { createEngine } from './engine/evaluate';
import type { Direction, Verdict } from './engine/types';
import { AegisError } from './errors';
import { jsonErrorPosition } from './formats';
import { loadPolicyFile } from '../../policy/store/policy-set';
import { PolicyValidationError } from '../../policy/store/validate';
import { loadPolicies, startCore, VERSION } from './main';
import { DEFAULT_DOC_EXTENSIONS, scanDirectory, summaryLine } from './cli-scan-docs';
import { CoreService } from './service';
import { createLogger } from './telemetry/logger';

const USAGE = `Usage: aegis <command> [options]

Commands:
  serve [--policy FILE] [--port N] [--host H]   start Core (REST API on PORT, default 8081)
  scan [--policy FILE] [--fail-on block|mask|any] [FILE|-]
                                                read JSON Lines ({"text"|"body", "direction"}) and
                                                write one verdict line per input line
  scan-docs [--policy FILE] [--fail-on block|mask|any] [--ext .md,.txt,...] [--max-bytes N] DIR
                                                scan documents before RAG indexing: one JSON line
                                                per file, findings with spans
  policy validate FILE                          check a policy file against the schema
  version                                       print the version

Environment variables are listed in README.md (PORT, LOG_LEVEL, DRY_RUN, AEGIS_POLICY_FILE, ...).
`;

/** Exit codes. */
export const EXIT = { ok: 0, error: 1, usage: 2, failOn: 3, config: 78 } as const;

class UsageError extends Error {}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'scan':
        return await scan(rest, io);
      case 'scan-docs':
        return await scanDocs(rest, io);
      case 'policy':
        return policyCommand(rest, io);
      case 'version':
      case '--version':
      case '-v':
        io.out(`${VERSION}\n`);
        return EXIT.ok;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`aegis: ${(err as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (err instanceof PolicyValidationError || err instanceof ConfigError) {
      io.err(`aegis: ${err.message}\n`);
      return EXIT.config;
    }
    io.err(`aegis: ${(err as Error).message ?? String(err)}\n`);
    return EXIT.error;
  }
}

/** Where the CLI reads and writes (tests substitute their own). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
}

function processIo(): CliIo {
  return { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t), stdin: process.stdin };
}

function configOverrides(values: { policy?: string | undefined; port?: string | undefined; host?: string | undefined }): Partial<Config> {
  const o: { policyFile?: string; port?: number; host?: string } = {};
  if (values.policy !== undefined) o.policyFile = values.policy;
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
    o.port = Number(values.port);
  }
  if (values.host !== undefined) o.host = values.host;
  return o;
}

async function serve(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { policy: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }, strict: true });
  const core = await startCore({ overrides: configOverrides(values) });
  const logger = core.service.logger;
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      void core.close().then(resolve, (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  io.err('');
  return EXIT.ok;
}

function policyCommand(args: readonly string[], io: CliIo): number {
  const [sub, file, ...extra] = args;
  if (sub !== 'validate' || file === undefined || extra.length > 0) throw new UsageError('usage: aegis policy validate FILE');
  const set = loadPolicyFile(file, createDefaultRegistry());
  io.out(`ok: ${set.policies.length} polic${set.policies.length === 1 ? 'y' : 'ies'} (default ${set.default.id}@${set.default.version})\n`);
  return EXIT.ok;
}

type FailOn = 'block' | 'mask' | 'any';

function failOnOf(value: string | undefined): FailOn | undefined {
  if (value !== undefined && !['block', 'mask', 'any'].includes(value)) throw new UsageError('--fail-on must be block, mask or any');
  return value as FailOn | undefined;
}

/** A service for offline commands; logs go to stderr so stdout carries nothing but result lines. */
function offlineService(policy: string | undefined): CoreService {
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' };
  const config = loadConfig(env, configOverrides({ policy }));
  const registry = createDefaultRegistry();
  return new CoreService(createEngine(registry), loadPolicies(config, registry), config, createLogger(config.logLevel, process.stderr));
}

async function scanDocs(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { policy: { type: 'string' }, 'fail-on': { type: 'string' }, ext: { type: 'string' }, 'max-bytes': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('scan-docs takes one DIR');
  const failOn = failOnOf(values['fail-on']);
  const maxBytes = values['max-bytes'] === undefined ? 4 * 1_048_576 : Number(values['max-bytes']);
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new UsageError('--max-bytes must be a positive whole number');
  const extensions = values.ext === undefined ? DEFAULT_DOC_EXTENSIONS : values.ext.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  const dir = positionals[0] as string;
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const service = offlineService(values.policy);
  let matched = false;
  const reports = await scanDirectory(service, dir, { extensions, maxBytes }, (line) => {
    if ('action' in line && failOn !== undefined && matches(line, failOn)) matched = true;
    io.out(`${JSON.stringify(line)}\n`);
  });
  io.err(summaryLine(reports));
  return matched ? EXIT.failOn : EXIT.ok;
}

async function scan(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { policy: { type: 'string' }, 'fail-on': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError('scan takes at most one FILE');
  const failOn = failOnOf(values['fail-on']);
  const service = offlineService(values.policy);
  const file = positionals[0];
  const input = file === undefined || file === '-' ? io.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let matched = false;
  let n = 0;
  for await (const line of lines) {
    n++;
    const result = await scanLine(service, line, n);
    if ('action' in result && failOn !== undefined && matches(result, failOn)) matched = true;
    io.out(`${JSON.stringify(result)}\n`);
  }
  return matched ? EXIT.failOn : EXIT.ok;
}

function matches(r: { action: string; categories: readonly string[] }, failOn: FailOn): boolean {
  if (failOn === 'any') return r.categories.length > 0;
  if (failOn === 'mask') return r.action === 'mask' || r.action === 'block';
  return r.action === 'block';
}

/** One output line of `aegis scan`. */
export interface ScanResult {
  readonly action: Verdict['action'];
  readonly risk: number;
  readonly categories: readonly string[];
  readonly findings: ReadonlyArray<{
    detector: string;
    category: string;
    score: number;
    spans: ReadonlyArray<{ segment?: number; start: number; end: number; type?: string }>;
  }>;
  readonly masked?: string;
}

/** The error line for a malformed input line. */
export interface ScanError {
  readonly error: { code: string; message: string; line: number };
}

/** Scans one JSON line; never throws. */
export async function scanLine(service: CoreService, line: string, n: number): Promise<ScanResult | ScanError> {
  const fail = (code: string, message: string): ScanError => ({ error: { code, message, line: n } });
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return fail('AEGIS_ERR_INVALID_JSON', `line ${n} is not valid JSON${jsonErrorPosition(err)}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('AEGIS_ERR_BAD_REQUEST', `line ${n} must be a JSON object`);
  const o = input as Record<string, unknown>;
  const direction = o.direction ?? 'request';
  if (direction !== 'request' && direction !== 'response') return fail('AEGIS_ERR_BAD_REQUEST', `line ${n}: "direction" must be "request" or "response"`);
  const hasText = 'text' in o;
  const hasBody = 'body' in o;
  if (hasText === hasBody) return fail('AEGIS_ERR_BAD_REQUEST', `line ${n} needs exactly one of "text" or "body"`);
  const requestId = `scan-${n}`;
  try {
    if (hasText) {
      if (typeof o.text !== 'string') return fail('AEGIS_ERR_BAD_REQUEST', `line ${n}: "text" must be a string`);
      const verdict = await service.evaluateSubject({
        direction: direction as Direction,
        segments: [{ role: direction === 'request' ? 'user' : 'assistant', text: o.text }],
        meta: { requestId },
      });
      const masked = verdict.action === 'mask' ? verdict.masked?.segments[0]?.text : undefined;
      return toScanResult(verdict, false, masked);
    }
    const body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const ctx = { requestId, transport: 'cli', contentType: typeof o.body === 'string' ? 'text/plain' : 'application/json' };
    if (direction === 'response' && o.request !== undefined) {
      // The exchange's request: inspected first under the same id, so the response check sees its
      // system prompt, declared tools and taint.
      await service.inspectRequest(typeof o.request === 'string' ? o.request : JSON.stringify(o.request), { ...ctx, contentType: typeof o.request === 'string' ? 'text/plain' : 'application/json' });
    }
    const r = direction === 'request' ? await service.inspectRequest(body, ctx) : await service.analyzeResponse(body, ctx);
    return toScanResult(r.verdict, true, r.maskedBody);
  } catch (err) {
    const e = err instanceof AegisError ? err : new AegisError('AEGIS_ERR_INTERNAL', undefined, { cause: err });
    return fail(e.code, `line ${n}: ${e.publicMessage}`);
  }
}

function toScanResult(v: Verdict, withSegment: boolean, masked: string | undefined): ScanResult {
  return {
    action: v.action,
    risk: v.risk,
    categories: v.categories,
    findings: v.findings.map((f) => ({
      detector: f.detector,
      category: f.category,
      score: f.score,
      spans: (f.spans ?? []).map((s) => ({ ...(withSegment ? { segment: s.segment } : {}), start: s.start, end: s.end, ...(s.type !== undefined ? { type: s.type } : {}) })),
    })),
    ...(masked !== undefined ? { masked } : {}),
  };
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
