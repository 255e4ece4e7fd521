/** Where the repository's policy files are, wherever the compiled code runs from. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findPolicyDir(): string {
  // Compiled: dist/policy/store → ../../../policy; source (ts-node, tests): policy/store → ..
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'policy', 'schema.json');
    if (existsSync(candidate) && !dir.endsWith('dist')) return join(dir, 'policy');
  }
  throw new Error('cannot find the policy/ directory (schema.json) above ' + __dirname);
}

/** Absolute path of the `policy/` directory. */
export const POLICY_DIR = findPolicyDir();
/** Absolute path of the embedded default policies. */
export const DEFAULTS_DIR = join(POLICY_DIR, 'defaults');
