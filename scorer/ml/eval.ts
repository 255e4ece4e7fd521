/**
 * `npm run eval -- [--model DIR] [--json FILE] [--no-obfuscation] [FILES…]`
 *
 * - No files: leave-one-source-out over the training data (the shared files and Aegis's synthetic
 *   files): for each source a model is trained on the others and scores the held-out one.
 * - Files: the committed model (ONNX, through the real detector) scores them — for held-out data from
 *   elsewhere, in the same JSON Lines shape (`text`, `label`, `lang`).
 *
 * Every attack is also scored in five obfuscated copies. Prints the table; `--json` writes the report.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMlDetector, loadInjectionModel } from '../src/detectors/ml';
import { DEFAULT_FEATURES } from '../src/detectors/ml/features';
import { DEFAULT_MODEL_DIR } from '../src/detectors/ml/paths';
import { normalizeSubject } from '../src/normalize';
import { defaultFiles, loadRows, type Row } from './dataset';
import { buildReport, formatReport, itemsOf, scoreItems, type EvalItem, type ModelScore } from './evaluate';
import { predict, DEFAULT_TRAIN } from './linear';
import { trainCalibrated } from './loso';
import { chunksOf } from './prepare';

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Leave-one-source-out model scores for `items` (rows trained on: `rows`). */
export function losoScores(rows: readonly Row[], items: readonly EvalItem[], log: (s: string) => void): ModelScore[] {
  const chunks = rows.map((r) => chunksOf(r.text));
  const out: ModelScore[] = new Array<ModelScore>(items.length);
  for (const source of [...new Set(rows.map((r) => r.source))]) {
    const t0 = Date.now();
    const trainIdx = rows.map((_, i) => i).filter((i) => (rows[i] as Row).source !== source);
    const { model } = trainCalibrated(rows, chunks, trainIdx, DEFAULT_FEATURES.buckets);
    items.forEach((it, i) => {
      if (it.row.source !== source) return;
      const p = predict(model, chunksOf(it.text));
      out[i] = { p: sigmoid(p.logit), category: sigmoid(p.jailbreakLogit) >= 0.5 ? 'jailbreak' : 'prompt_injection' };
    });
    log(`fold ${source}: ${Date.now() - t0} ms`);
  }
  return out;
}

/** Scores from the committed ONNX model through the real detector (minScore 0 so every score is seen). */
export async function committedScores(dir: string, items: readonly EvalItem[]): Promise<ModelScore[]> {
  const model = await loadInjectionModel(dir);
  const detector = createMlDetector(model);
  const config = { ...detector.defaultConfig, minScore: 0 };
  const never = new AbortController().signal;
  const out: ModelScore[] = [];
  for (const it of items) {
    const f = await detector.detect(normalizeSubject({ direction: 'request', segments: [{ role: 'user', text: it.text }], meta: { requestId: 'eval' } }), config, never);
    const top = f[0];
    out.push({ p: top?.score ?? 0, category: top?.category === 'jailbreak' ? 'jailbreak' : 'prompt_injection' });
  }
  await model.close();
  return out;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { model: { type: 'string' }, json: { type: 'string' }, 'no-obfuscation': { type: 'boolean' } },
    allowPositionals: true,
  });
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const committed = positionals.length > 0 || values.model !== undefined;
  const files = positionals.length > 0 ? positionals : defaultFiles();
  const { rows, files: loaded } = loadRows(files);
  const items = itemsOf(rows, values['no-obfuscation'] !== true);
  log(`${rows.length} rows, ${items.length} items (with obfuscated copies); mode ${committed ? 'committed model' : 'leave-one-source-out'}`);
  const model = committed ? await committedScores(values.model ?? DEFAULT_MODEL_DIR, items) : losoScores(rows, items, log);
  const scores = await scoreItems(items, model);
  const report = buildReport(items, scores);
  const full = {
    eval: committed ? 'committed-model' : 'leave-one-source-out',
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    files: loaded.map((f) => ({ source: f.source, rows: f.rows, sha256: f.sha256 })),
    ...(committed ? { modelDir: values.model ?? DEFAULT_MODEL_DIR } : { train: DEFAULT_TRAIN, features: DEFAULT_FEATURES }),
    ...report,
  };
  if (values.json) writeFileSync(values.json, `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\n`);
}

if (require.main === module) void main();
