/**
 * Shared test helpers: the repository root, fixtures, and an engine with the embedded default policy.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createDefaultRegistry } from '../../scorer/src/detectors/registry';
import { createEngine, type Engine } from '../../scorer/src/engine/evaluate';
import type { Policy } from '../../scorer/src/engine/policy';
import type { Direction, Role, Subject, Verdict } from '../../scorer/src/engine/types';
import { loadEmbeddedDefaults } from '../../policy/store/policy-set';
import { POLICY_DIR } from '../../policy/store/paths';

/** Absolute path of the repository root. */
export const ROOT = join(POLICY_DIR, '..');

/** Reads a JSON fixture from `test/fixtures/`. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', name), 'utf8')) as T;
}

const registry = createDefaultRegistry();
/** An engine over the default registry. */
export const engine: Engine = createEngine(registry);
/** The embedded default policy. */
export const defaultPolicy: Policy = loadEmbeddedDefaults(registry).default;

/** A one-segment subject. */
export function subjectOf(text: string, direction: Direction = 'request', role?: Role): Subject {
  return {
    direction,
    segments: [{ role: role ?? (direction === 'request' ? 'user' : 'assistant'), text }],
    meta: { requestId: 'test' },
  };
}

/** Evaluates one text with the default policy. */
export function check(text: string, direction: Direction = 'request', policy: Policy = defaultPolicy): Promise<Verdict> {
  return engine.evaluate(subjectOf(text, direction), policy);
}

/** A loopback TCP port that was free a moment ago (for processes that need a port number up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** What a finished `aegis` process printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `aegis` command (bin/aegis.js) in a child process. `env` adds to the environment; a
 * key set to undefined is removed from it.
 */
export function runAegis(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}, stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'aegis.js'), ...args], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
