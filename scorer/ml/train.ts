/**
 * `npm run train [-- --out DIR] [--no-metrics] [FILES…]`: trains the injection model on the shared
 * training data plus Aegis's synthetic files and writes `aegis-injection.onnx` and its manifest
 * (sha256, feature settings, training settings, data files with their sha256, calibration, and
 * leave-one-source-out metrics) to `scorer/models/`. Deterministic: the same data and code give the
 * same bytes (no timestamps, seeded shuffles, fixed-order float arithmetic).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FEATURES } from '../src/detectors/ml/features';
import { MANIFEST_FILE } from '../src/detectors/ml/model';
import { defaultFiles, loadRows } from './dataset';
import { buildReport, itemsOf, scoreItems } from './evaluate';
import { losoScores } from './eval';
import { DEFAULT_TRAIN } from './linear';
import { trainCalibrated } from './loso';
import { exportOnnx, ONNX_IO } from './onnx-export';
import { MODELS_DIR, REPO_ROOT } from './paths';
import { DEFAULT_WEIGHTS, chunksOf } from './prepare';
import { relative } from 'node:path';

export const MODEL_NAME = 'aegis-injection';
export const MODEL_VERSION = 1;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, 'no-metrics': { type: 'boolean' } }, allowPositionals: true });
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const outDir = values.out ?? MODELS_DIR;
  const { rows, files } = loadRows(positionals.length > 0 ? positionals : defaultFiles());
  log(`${rows.length} rows from ${files.length} files`);
  const t0 = Date.now();
  const chunks = rows.map((r) => chunksOf(r.text));
  const { model, platt } = trainCalibrated(rows, chunks, rows.map((_, i) => i), DEFAULT_FEATURES.buckets);
  log(`trained in ${Date.now() - t0} ms`);

  let metrics: unknown = null;
  if (values['no-metrics'] !== true) {
    const items = itemsOf(rows, false);
    const report = buildReport(items, await scoreItems(items, losoScores(rows, items, log)));
    const pick = (g: string) => report.groups.find((x) => x.group === g);
    const brief = (g: string) => {
      const r = pick(g);
      if (!r) return null;
      const s = (m: typeof r.model) => ({ auc: m.auc, tprAt1pctFpr: m.tprAt1pctFpr, policyTpr: m.policy.tpr, policyFpr: m.policy.fpr });
      return { positives: r.positives, negatives: r.negatives, model: s(r.model), patterns: s(r.patterns), pipeline: s(r.pipeline) };
    };
    metrics = { evaluation: 'leave-one-source-out, clean texts (npm run eval for the full report)', en: brief('ALL/en'), ko: brief('ALL/ko'), de: brief('ALL/de'), all: brief('ALL') };
  }

  const onnxBytes = exportOnnx(model, `${MODEL_NAME} v${MODEL_VERSION}: hashed n-gram injection/jailbreak classifier trained by npm run train`);
  const file = `${MODEL_NAME}.onnx`;
  const manifest = {
    name: MODEL_NAME,
    version: MODEL_VERSION,
    model: { file, sha256: createHash('sha256').update(onnxBytes).digest('hex'), bytes: onnxBytes.length },
    io: ONNX_IO,
    outputs: 'probs[chunk] = [calibrated attack probability, P(jailbreak | attack)]; the detector keeps the chunk with the highest attack probability',
    features: DEFAULT_FEATURES,
    normalisation: 'scorer/src/normalize: folded view and every decoded view, each cut into chunks',
    training: {
      algorithm: 'two logistic heads, Adagrad, multiple-instance max over chunks; Platt scaling of head 0 fitted on a seeded 20 % inner split',
      settings: DEFAULT_TRAIN,
      weighting: DEFAULT_WEIGHTS,
      labels: 'injection and jailbreak = attack; benign and unlabelled (PII set) = benign; harmful = negative at harmfulWeight (not an injection)',
      calibration: platt,
      data: files.map((f) => ({ source: f.source, file: relative(REPO_ROOT, f.path).replace(/^\.\.\//, '../'), rows: f.rows, sha256: f.sha256 })),
    },
    metrics,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, file), onnxBytes);
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify({ model: join(outDir, file), sha256: manifest.model.sha256, bytes: onnxBytes.length, metrics }, null, 2)}\n`);
}

if (require.main === module) void main();
