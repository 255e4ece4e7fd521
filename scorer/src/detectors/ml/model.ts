/**
 * Loading the injection model: the manifest names the ONNX file and its sha256; a missing file, a
 * digest mismatch or a graph onnxruntime refuses is a start-up error (`AEGIS_ERR_MODEL_INVALID`).
 * The session is created once and shared; scoring batches every chunk of a subject into one run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { AegisError } from '../../errors';
import type { FeatureSettings, SparseVector } from './features';
import { withPairedValues } from './graph';

/** The manifest's file name inside a model directory. */
export const MANIFEST_FILE = 'aegis-injection.manifest.json';

/** What `npm run train` writes next to the model (the fields the detector relies on). */
export interface ModelManifest {
  readonly name: string;
  readonly version: number;
  readonly model: { readonly file: string; readonly sha256: string; readonly bytes: number };
  readonly features: FeatureSettings;
  readonly io: { readonly ids: string; readonly vals: string; readonly probs: string };
  readonly [key: string]: unknown;
}

/** Thrown when the model cannot be used. */
export class ModelError extends AegisError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('AEGIS_ERR_MODEL_INVALID', detail, options);
  }
}

/** A loaded model: its manifest and a scorer for a batch of chunks. */
export interface InjectionModel {
  readonly manifest: ModelManifest;
  readonly dir: string;
  /** Per chunk: [attack probability, jailbreak share] interleaved, length 2 × chunks. */
  score(chunks: readonly SparseVector[]): Promise<Float32Array>;
  close(): Promise<void>;
}

function fail(dir: string, what: string, cause?: unknown): never {
  throw new ModelError(`ML model in ${dir}: ${what} (set ML_ENABLED=false to start without the model)`, cause === undefined ? undefined : { cause });
}

/** Reads and checks the manifest and model in `dir`, then creates the onnxruntime session. */
export async function loadInjectionModel(dir: string): Promise<InjectionModel> {
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ModelManifest;
  } catch (err) {
    fail(dir, `cannot read ${MANIFEST_FILE}: ${(err as Error).message}`, err);
  }
  if (typeof manifest?.model?.file !== 'string' || !/^[0-9a-f]{64}$/.test(manifest.model.sha256 ?? '') || typeof manifest.features?.buckets !== 'number') {
    fail(dir, `${MANIFEST_FILE} lacks model.file, model.sha256 or features`);
  }
  if (manifest.model.file.includes('/') || manifest.model.file.includes('\\')) fail(dir, 'model.file must be a file name in the model directory');
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, manifest.model.file));
  } catch (err) {
    fail(dir, `cannot read ${manifest.model.file}: ${(err as Error).message}`, err);
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== manifest.model.sha256) fail(dir, `${manifest.model.file} has sha256 ${digest}, the manifest says ${manifest.model.sha256}`);
  const io = manifest.io;
  const paired = withPairedValues(bytes, io);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(paired ?? bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  } catch (err) {
    fail(dir, `onnxruntime cannot load ${manifest.model.file}: ${(err as Error).message}`, err);
  }
  return {
    manifest,
    dir,
    async score(chunks) {
      if (chunks.length === 0) return new Float32Array(0);
      let width = 1;
      for (const c of chunks) width = Math.max(width, c.ids.length);
      const ids = new Int32Array(chunks.length * width);
      // The paired graph takes each value twice ([chunks, width, 2]: one per head).
      const vals = new Float32Array(chunks.length * width * (paired ? 2 : 1));
      chunks.forEach((c, r) => {
        ids.set(c.ids, r * width);
        if (!paired) vals.set(c.vals, r * width);
        else for (let i = 0, o = 2 * r * width; i < c.vals.length; i++, o += 2) vals[o] = vals[o + 1] = c.vals[i] as number;
      });
      const dims = [chunks.length, width];
      const out = await session.run({ [io.ids]: new ort.Tensor('int32', ids, dims), [io.vals]: new ort.Tensor('float32', vals, paired ? [...dims, 2] : dims) });
      return (out[io.probs] as ort.Tensor).data as Float32Array;
    },
    close: () => session.release(),
  };
}
