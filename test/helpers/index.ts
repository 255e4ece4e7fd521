/**
 * Shared test helpers: the repository root, fixtures, and an engine with the embedded default policy.
 */
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
