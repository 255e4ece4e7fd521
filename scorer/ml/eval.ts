/**
 * `npm run eval -- [--model DIR] [--json FILE] [--no-obfuscation] [FILES…]`
 *
 * - No files: leave-one-source-out over the training data (the shared files and Aegis's synthetic
 *   files): for each source a model is trained on the others and scores the held-out one.
 * - Files: the committed model (ONNX, through the real detector) scores them — for held-out data from
 *   elsewhere, in the same JSON Lines shape (`text`, `label`, `lang`).
 *
 * Every row is scored as the user's message, except rows of sources that are documents by
 * construction (`DOCUMENT_SOURCES`: BIPIA's emails, tables and code answers). Those reach Aegis as
 * retrieved content, so they are scored as a request holding the row as one `document` segment (the
 * shape of the RAG ingestion scan) — attacks and benign rows alike, so the `rag` detector's false
 * positives count. In leave-one-source-out the `rag` detector there uses a model trained without any
 * BIPIA text (`rag-fold.ts`: Aegis's synthetic documents and the hand-written augmentation, same
 * trainer, settings and threshold rule as the shipped weights); the injection model is the fold's, as
 * for every source, and scans the document as the product does. In the committed mode the shipped
 * weights are used (in-sample for BIPIA, like the committed injection model). The same rows are also
 * scored the old way, as user text, in a group of their own (`… (as user text)`) that counts in no pool.
 *
 * Every attack is also scored in five obfuscated copies. Prints the table; `--json` writes the report.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMlDetector, loadInjectionModel } from '../src/detectors/ml';
import { slotCount } from '../src/detectors/ml/features';
import { DEFAULT_MODEL_DIR } from '../src/detectors/ml/paths';
import { normalizeSubject } from '../src/normalize';
import { defaultFiles, DOCUMENT_SOURCES, loadRows, type Row } from './dataset';
import { buildReport, formatReport, itemsOf, scoreItems, subjectOf, type EvalItem, type ModelScore } from './evaluate';
import { predict } from './linear';
import { FoldCache, losoModels, sigmoid, trainingSet, type TrainingSet } from './loso';
import { augment, chunksOf, MODEL_FEATURES } from './prepare';
import { documentRagModels } from './rag-fold';

/**
 * Leave-one-source-out model scores for `items`: each source is scored by a model trained and
 * calibrated (nested leave-one-source-out) without it.
 */
export function losoScores(rows: readonly Row[], items: readonly EvalItem[], log: (s: string) => void): { scores: ModelScore[]; set: TrainingSet } {
  const all = [...rows, ...augment(rows)];
  const set = trainingSet(all, all.map((r) => chunksOf(r.text, MODEL_FEATURES)), slotCount(MODEL_FEATURES));
  const cache = new FoldCache(set);
  const models = losoModels(set, cache, (source, ms) => log(`fold ${source}: ${ms} ms (${cache.trainings} trainings so far)`));
  const index = new Map(rows.map((r, i) => [r, i]));
  // The detector scans document segments too, and chunks do not depend on the role: one path for both.
  const out: ModelScore[] = items.map((it) => {
    const model = models.get(it.row.source);
    if (!model) throw new Error(`no fold for ${it.row.source}`);
    const p = predict(model, it.variant === 'clean' ? (set.chunks[index.get(it.row) as number] as ReturnType<typeof chunksOf>) : chunksOf(it.text, MODEL_FEATURES));
    return { p: sigmoid(p.logit), category: sigmoid(p.jailbreakLogit) >= 0.5 ? 'jailbreak' : 'prompt_injection' };
  });
  return { scores: out, set };
}

/** Scores from the committed ONNX model through the real detector (minScore 0 so every score is seen). */
export async function committedScores(dir: string, items: readonly EvalItem[]): Promise<ModelScore[]> {
  const model = await loadInjectionModel(dir);
  const detector = createMlDetector(model);
  const config = { ...detector.defaultConfig, minScore: 0 };
  const never = new AbortController().signal;
  const out: ModelScore[] = [];
  for (const it of items) {
    const f = await detector.detect(normalizeSubject(subjectOf(it, 'eval')), config, never);
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
  const documentSources = new Set(loaded.map((f) => f.source).filter((s) => DOCUMENT_SOURCES.has(s)));
  const items = itemsOf(rows, values['no-obfuscation'] !== true, documentSources);
  log(`${rows.length} rows, ${items.length} items (with obfuscated copies); mode ${committed ? 'committed model' : 'leave-one-source-out'}`);
  const rag = documentRagModels(committed ? 'shipped' : 'held-out', documentSources, log);
  const loso = committed ? undefined : losoScores(rows, items, log);
  const model = loso ? loso.scores : await committedScores(values.model ?? DEFAULT_MODEL_DIR, items);
  const scores = await scoreItems(items, model, undefined, rag.models);
  const report = buildReport(items, scores);
  const full = {
    eval: committed ? 'committed-model' : 'leave-one-source-out',
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    files: loaded.map((f) => ({ source: f.source, rows: f.rows, sha256: f.sha256 })),
    documentRole: { sources: [...documentSources], request: 'one document segment (the ingestion-scan shape)', rag: rag.summary },
    ...(loso ? { train: loso.set.train, weighting: loso.set.weights, calibration: loso.set.calibration, features: { ...MODEL_FEATURES, rules: `${MODEL_FEATURES.rules?.ids.length ?? 0} pattern rules` } } : { modelDir: values.model ?? DEFAULT_MODEL_DIR }),
    ...report,
  };
  if (values.json) writeFileSync(values.json, `${JSON.stringify(full, null, 2)}\n`);
  if (documentSources.size > 0) {
    const how = typeof rag.summary === 'string' ? rag.summary : `a fold model trained without them (${rag.summary.trainedOn})`;
    process.stdout.write(`Scored as a document segment (also as user text, in groups of their own): ${[...documentSources].join(', ')}; rag model: ${how}.\n\n`);
  }
  process.stdout.write(`${formatReport(report)}\n`);
}

if (require.main === module) void main();
