/**
 * `aegis scan` (JSON Lines in, one verdict line per input line out) and `aegis scan-docs DIR` (documents
 * before they are indexed), both offline: no server, tokens kept in memory for the run only.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { createDefaultRegistry } from './detectors/registry';
import { createEngine } from './engine/evaluate';
import type { Direction, Verdict } from './engine/types';
import { AegisError } from './errors';
import { jsonErrorPosition } from './formats';
import { configOverrides, EXIT, UsageError, type CliIo } from './cli-common';
import { DEFAULT_DOC_EXTENSIONS, scanDirectory, summaryLine } from './cli-scan-docs';
import { loadMlModel, loadPolicies } from './main';
import { CoreService } from './service';
import { createLogger } from './telemetry/logger';
import { createTokenServices } from './tokens';

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

export async function scanDocs(args: readonly string[], io: CliIo): Promise<number> {
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

export async function scan(args: readonly string[], io: CliIo): Promise<number> {
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

