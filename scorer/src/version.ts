/** The package version (health, `aegis version`, the Kong plugin's `Version`), read once from package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_DIR } from '../../policy/store/paths';

export const VERSION: string = (JSON.parse(readFileSync(join(POLICY_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version;
