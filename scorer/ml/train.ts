/**
 * `npm run train [-- --out DIR] [FILES…]`: trains the injection model on the shared training data plus
 * Aegis's synthetic files and writes `aegis-injection.onnx` and its manifest (sha256, feature
 * settings, training and calibration settings, data files with their sha256, and out-of-source
 * metrics) to `scorer/models/`. The calibration is fitted on leave-one-source-out predictions (see
 * `loso.ts`); those predictions also give the manifest's metrics. Deterministic: the same data and
 * code give the same bytes (no timestamps, seeded shuffles, fixed-order float arithmetic).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { slotCount } from '../src/detectors/ml/features';
import { MANIFEST_FILE } from '../src/detectors/ml/model';
import { defaultFiles, isSynthetic, loadRows, type Row } from './dataset';
import { FoldCache, sigmoid, trainCalibrated, trainingSet, type TrainingSet } from './loso';
import { confusion, rocAuc, thresholdAtFpr } from './metrics';
import { exportOnnx, ONNX_IO } from './onnx-export';
import { MODELS_DIR, REPO_ROOT } from './paths';
import { augment, chunksOf, MODEL_FEATURES } from './prepare';

export const MODEL_NAME = 'aegis-injection';
/**
 * 6: v5's recipe plus Aegis's persona prompts in fluent prose (`aegis_persona_en`, benign and
 * jailbreak on the same carriers), and texts labelled both attack and benign by different sources
 * no longer trained or calibrated on. (5: new pattern rules and look-alike folding that leaves real
 * Russian and Greek words as written.)
 */
export const MODEL_VERSION = 6;
/** The default policy's block threshold for injection and jailbreak findings. */
const POLICY_THRESHOLD = 0.7;

/** Model-only metrics of calibrated out-of-source scores, per language, public sources apart. */
function oofMetrics(set: TrainingSet, scores: ReadonlyMap<number, number>): Record<string, unknown> {
  const groups: Record<string, (r: Row) => boolean> = {
    en: (r) => r.lang === 'en',
    'en (public sources)': (r) => r.lang === 'en' && !isSynthetic(r.source),
    ko: (r) => r.lang === 'ko',
    'ko (chatbot benign, all attacks)': (r) => r.lang === 'ko' && (r.y === 1 || r.source === 'benign_ko_chatbot_songys'),
  };
  const out: Record<string, unknown> = {};
  for (const [name, keep] of Object.entries(groups)) {
    const pos: number[] = [];
    const neg: number[] = [];
    for (const [i, p] of scores) {
      const r = set.rows[i] as Row;
      if (!keep(r) || r.kind === 'harmful') continue;
      (r.y === 1 ? pos : neg).push(p);
    }
    const round = (x: number): number => Math.round(x * 10_000) / 10_000;
    const at = confusion({ pos, neg }, POLICY_THRESHOLD);
    out[name] = {
      positives: pos.length,
      negatives: neg.length,
      auc: round(rocAuc({ pos, neg })),
      tprAt1pctFpr: round(confusion({ pos, neg }, thresholdAtFpr(neg, 0.01)).tpr),
      atPolicyThreshold: { threshold: POLICY_THRESHOLD, tpr: round(at.tpr), fpr: round(at.fpr) },
    };
  }
  return out;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const outDir = values.out ?? MODELS_DIR;
  const { rows, files } = loadRows(positionals.length > 0 ? positionals : defaultFiles());
  log(`${rows.length} rows from ${files.length} files (${rows.filter((r) => r.conflict).length} with conflicting labels, not trained on)`);
  const t0 = Date.now();
  const all = [...rows, ...augment(rows)];
  log(`${all.length - rows.length} augmented copies (letters spread out)`);
  const set = trainingSet(all, all.map((r) => chunksOf(r.text, MODEL_FEATURES)), slotCount(MODEL_FEATURES));
  log(`features in ${Date.now() - t0} ms`);
  const cache = new FoldCache(set);
  cache.onTrain = (ex, ms) => log(`trained without [${ex.join(', ')}] in ${ms} ms`);
  const { model, platt, oofLogits } = trainCalibrated(set, cache);
  log(`trained and calibrated in ${Date.now() - t0} ms (${cache.trainings} trainings)`);
  const calibrated = new Map([...oofLogits].map(([i, z]) => [i, sigmoid(platt.a * z + platt.c)]));

  const onnxBytes = exportOnnx(model, `${MODEL_NAME} v${MODEL_VERSION}: hashed n-gram and pattern-rule injection/jailbreak classifier trained by npm run train`);
  const file = `${MODEL_NAME}.onnx`;
  const manifest = {
    name: MODEL_NAME,
    version: MODEL_VERSION,
    model: { file, sha256: createHash('sha256').update(onnxBytes).digest('hex'), bytes: onnxBytes.length },
    io: ONNX_IO,
    outputs: 'probs[chunk] = [calibrated attack probability, P(jailbreak | attack)]; the detector keeps the chunk with the highest attack probability',
    features: MODEL_FEATURES,
    normalisation: 'scorer/src/normalize: folded view and every decoded view, each cut into chunks; pattern rules matched on the same views',
    training: {
      algorithm: 'two logistic heads, Adagrad, multiple-instance max over chunks; Platt scaling of head 0 fitted on leave-one-source-out predictions',
      settings: set.train,
      weighting: set.weights,
      labels: 'injection and jailbreak = attack; benign and unlabelled (PII set) = benign; harmful = negative at harmfulWeight (not an injection)',
      conflicts: { rows: rows.filter((r) => r.conflict).length, rule: 'a text (case and spacing aside) that is an attack in one row and a negative in another is neither trained nor calibrated on' },
      augmentation: 'every row whose text changes with letters spread out by single spaces gets such a copy, same source and label, weight × augmentedWeight; never calibrated on',
      calibration: { ...set.calibration, ...platt, fittedOn: 'out-of-source logits: each source scored by a model trained on the other sources' },
      data: files.map((f) => ({ source: f.source, file: relative(REPO_ROOT, f.path).replace(/^\.\.\//, '../'), rows: f.rows, sha256: f.sha256 })),
    },
    metrics: {
      evaluation: 'model alone, clean texts, leave-one-source-out predictions with the committed calibration (rows with conflicting labels left out); npm run eval gives the full nested report (patterns, pipeline, obfuscation)',
      ...oofMetrics(set, calibrated),
    },
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, file), onnxBytes);
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify({ model: join(outDir, file), sha256: manifest.model.sha256, bytes: onnxBytes.length, metrics: manifest.metrics }, null, 2)}\n`);
}

if (require.main === module) void main();
