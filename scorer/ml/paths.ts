/** Where the ML pipeline reads and writes, relative to the repository root (works from `dist/` too). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scorer'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('repository root not found');
}

/** The repository root. */
export const REPO_ROOT = findRoot();
/** Aegis's own synthetic data (committed). */
export const SYNTH_DIR = join(REPO_ROOT, 'scorer', 'ml', 'data');
/** The shared training data (`../shared/data/train` next to the worktree). */
export const SHARED_TRAIN_DIR = resolve(REPO_ROOT, '..', 'shared', 'data', 'train');
/** Where models are written. */
export const MODELS_DIR = join(REPO_ROOT, 'scorer', 'models');
