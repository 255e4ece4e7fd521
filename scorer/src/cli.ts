/**
 * The `aegis` command: `serve` starts Core, `scan` checks JSON Lines offline, `policy validate` checks a
 * policy file. Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 `scan --fail-on` matched, 78 invalid
 * configuration or policy.
 */
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config';
import { ModelError } from './detectors/ml';
import { createDefaultRegistry } from './detectors/registry';
import { createEngine } from './engine/evaluate';
import type { Direction, Verdict } from './engine/types';
import { AegisError } from './errors';
import { jsonErrorPosition } from './formats';
import { loadPolicyFile } from '../../policy/store/policy-set';
import { migrate } from '../../policy/store/migrate';
import { createPool, type PgSettings } from '../../policy/store/pg';
import { PolicyStore } from '../../policy/store/pg-store';
import { ApiKeyStore, ROLES, type Role } from './admin/keys';
import { verifyAudit } from './audit/verify';
import { PolicyValidationError } from '../../policy/store/validate';
import { loadMlModel, loadPolicies, startCore, VERSION } from './main';
import { DEFAULT_DOC_EXTENSIONS, scanDirectory, summaryLine } from './cli-scan-docs';
import { CoreService } from './service';
import { createLogger } from './telemetry/logger';
import { createTokenServices } from './tokens';

const USAGE = `Usage: aegis <command> [options]

Commands:
  serve [--policy FILE] [--port N] [--host H]   start Core (REST on PORT, default 8081; gRPC on GRPC_PORT, 50051)
  scan [--policy FILE] [--fail-on block|mask|any] [FILE|-]
                                                read JSON Lines ({"text"|"body", "direction"}) and
                                                write one verdict line per input line
  scan-docs [--policy FILE] [--fail-on block|mask|any] [--ext .md,.txt,...] [--max-bytes N] DIR
                                                scan documents before RAG indexing: one JSON line
                                                per file, findings with spans
  policy validate FILE                          check a policy file against the schema
  policy export [--out FILE]                    write every policy and version as JSON (stdout)
  policy import FILE                            restore an export (idempotent)
  migrate                                       apply database migrations (POSTGRES_URL)
  admin create-key --role viewer|editor|admin [--name NAME]
                                                create an admin API key (printed once)
  audit verify [--chain ID]                     check the audit hash chains; exit 4 at a broken link
  version                                       print the version

Environment variables are listed in README.md (PORT, LOG_LEVEL, DRY_RUN, AEGIS_POLICY_FILE, ...).
`;

/** Exit codes. */
export const EXIT = { ok: 0, error: 1, usage: 2, failOn: 3, auditBroken: 4, config: 78 } as const;

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
        return await policyCommand(rest, io);
      case 'migrate':
        return await migrateCommand(rest, io);
      case 'admin':
        return await adminCommand(rest, io);
      case 'audit':
        return await auditCommand(rest, io);
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
    if (err instanceof PolicyValidationError || err instanceof ConfigError || err instanceof ModelError) {
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

async function policyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'export') {
    const { values, positionals } = parseArgs({ args: rest, options: { out: { type: 'string' } }, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError('usage: aegis policy export [--out FILE]');
    return withPool(async (pool) => {
      const text = `${JSON.stringify(await new PolicyStore(pool).export(), null, 2)}\n`;
      if (values.out !== undefined) writeFileSync(values.out, text);
      else io.out(text);
      return EXIT.ok;
    });
  }
  if (sub === 'import') {
    const [file, ...extra] = rest;
    if (file === undefined || extra.length > 0) throw new UsageError('usage: aegis policy import FILE');
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new PolicyValidationError('/', `cannot read ${file}: ${(err as Error).message}`);
    }
    return withPool(async (pool) => {
      const r = await new PolicyStore(pool, createDefaultRegistry()).import(data, cliActor());
      io.out(`imported ${r.policies} policies, ${r.versions} versions (${r.added} new)\n`);
      return EXIT.ok;
    });
  }
  const [file, ...extra] = rest;
  if (sub !== 'validate' || file === undefined || extra.length > 0) throw new UsageError('usage: aegis policy validate FILE | export [--out FILE] | import FILE');
  const set = loadPolicyFile(file, createDefaultRegistry());
  io.out(`ok: ${set.policies.length} polic${set.policies.length === 1 ? 'y' : 'ies'} (default ${set.default.id}@${set.default.version})\n`);
  return EXIT.ok;
}

/** Who the CLI acts as in change records. */
function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry in some containers
  }
  return `cli:${user}`;
}

function pgSettings(): PgSettings {
  const config = loadConfig(process.env);
  if (config.postgresUrl === undefined) throw new ConfigError('POSTGRES_URL', 'is required for this command');
  return { url: config.postgresUrl, schema: config.postgresSchema };
}

async function withPool<T>(fn: (pool: import('pg').Pool) => Promise<T>): Promise<T> {
  const settings = pgSettings();
  await migrate(settings);
  const pool = createPool(settings, 2);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

async function migrateCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('usage: aegis migrate');
  const settings = pgSettings();
  const r = await migrate(settings);
  io.out(r.applied.length > 0 ? `applied ${r.applied.join(', ')} (schema ${settings.schema} at version ${r.current})\n` : `up to date (schema ${settings.schema} at version ${r.current})\n`);
  return EXIT.ok;
}

async function adminCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create-key') throw new UsageError('usage: aegis admin create-key --role viewer|editor|admin [--name NAME]');
  const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' } }, strict: true });
  const role = values.role as Role | undefined;
  if (role === undefined || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return withPool(async (pool) => {
    const { key, info } = await new ApiKeyStore(pool).create(role, values.name ?? `${role}-key`, cliActor());
    io.err(`created ${info.role} key ${info.id} (${info.name}); it is shown only now:\n`);
    io.out(`${key}\n`);
    return EXIT.ok;
  });
}

async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError('usage: aegis audit verify [--chain ID]');
  const { values } = parseArgs({ args: rest, options: { chain: { type: 'string' } }, strict: true });
  return withPool(async (pool) => {
    const r = await verifyAudit(pool, values.chain !== undefined ? { chainId: values.chain } : {});
    if (r.ok) {
      io.out(`ok: ${r.records} records in ${r.chains} chains, every link intact\n`);
      return EXIT.ok;
    }
    const b = r.broken as NonNullable<typeof r.broken>;
    io.out(`BROKEN: chain ${b.chainId} at record ${b.seq}${b.requestId ? ` (request ${b.requestId})` : ''}: ${b.reason}\n`);
    io.out(`${r.records} records verified before the break\n`);
    return EXIT.auditBroken;
  });
}

type FailOn = 'block' | 'mask' | 'any';

function failOnOf(value: string | undefined): FailOn | undefined {
  if (value !== undefined && !['block', 'mask', 'any'].includes(value)) throw new UsageError('--fail-on must be block, mask or any');
  return value as FailOn | undefined;
}

/** A service for offline commands; logs go to stderr so stdout carries nothing but result lines. */
/**
 * A decision service for offline commands (scan, scan-docs): the model when ML is enabled, tokens in
 * memory for the run only (a later line cannot restore them), logs on stderr so stdout carries only
 * result lines.
 */
async function offlineService(policy: string | undefined): Promise<{ service: CoreService; close: () => Promise<void> }> {
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' };
  const config = loadConfig(env, configOverrides({ policy }));
  const mlModel = await loadMlModel(config);
  const registry = createDefaultRegistry(mlModel ? { mlModel } : {});
  const logger = createLogger(config.logLevel, process.stderr);
  const tokens = createTokenServices({ ...config, redisUrl: undefined }, logger);
  const service = new CoreService(createEngine(registry), loadPolicies(config, registry), config, logger, tokens.options);
  return { service, close: async () => mlModel?.close() };
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
  const offline = await offlineService(values.policy);
  try {
    let matched = false;
    const reports = await scanDirectory(offline.service, dir, { extensions, maxBytes }, (line) => {
      if ('action' in line && failOn !== undefined && matches(line, failOn)) matched = true;
      io.out(`${JSON.stringify(line)}\n`);
    });
    io.err(summaryLine(reports));
    return matched ? EXIT.failOn : EXIT.ok;
  } finally {
    await offline.close();
  }
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
  const offline = await offlineService(values.policy);
  try {
    const file = positionals[0];
    const input = file === undefined || file === '-' ? io.stdin : createReadStream(file);
    const lines = createInterface({ input, crlfDelay: Infinity });
    let matched = false;
    let n = 0;
    for await (const line of lines) {
      n++;
      const result = await scanLine(offline.service, line, n);
      if ('action' in result && failOn !== undefined && matches(result, failOn)) matched = true;
      io.out(`${JSON.stringify(result)}\n`);
    }
    return matched ? EXIT.failOn : EXIT.ok;
  } finally {
    await offline.close();
  }
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
