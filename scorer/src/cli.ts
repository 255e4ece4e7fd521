/**
 * The `aegis` command: `serve` starts Core, `scan` checks JSON Lines offline, `policy validate` checks a
 * policy file. Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 `scan --fail-on` matched, 78 invalid
 * configuration or policy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config';
import { ModelError } from './detectors/ml';
import { createDefaultRegistry } from './detectors/registry';
import { loadPolicyFile } from '../../policy/store/policy-set';
import { migrate } from '../../policy/store/migrate';
import { createPool, type PgSettings } from '../../policy/store/pg';
import { PolicyStore } from '../../policy/store/pg-store';
import { ApiKeyStore, ROLES, type Role } from './admin/keys';
import { verifyAudit } from './audit/verify';
import { PolicyValidationError } from '../../policy/store/validate';
import { startCore, VERSION } from './main';
import { configOverrides, EXIT, UsageError, type CliIo } from './cli-common';
import { scan, scanDocs } from './cli-scan';

export { EXIT, type CliIo } from './cli-common';
export { scanLine, type ScanError, type ScanResult } from './cli-scan';

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


function processIo(): CliIo {
  return { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t), stdin: process.stdin };
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

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
