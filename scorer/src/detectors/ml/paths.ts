/** Where the committed model lives, wherever the compiled code runs from. */
import { join } from 'node:path';
import { POLICY_DIR } from '../../../../policy/store/paths';

/** `scorer/models` in the repository: the default `ML_MODEL_DIR`. */
export const DEFAULT_MODEL_DIR = join(POLICY_DIR, '..', 'scorer', 'models');
