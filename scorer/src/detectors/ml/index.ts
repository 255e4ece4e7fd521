/**
 * Detector `ml.injection`: the repository's own ONNX classifier for prompt injection and jailbreaks
 * (hashed character and word n-grams, trained by `npm run train`). It scores every chunk of every
 * scanned segment's folded and decoded views in one onnxruntime call and reports the most suspicious
 * chunk as one finding: category `jailbreak` or `prompt_injection` (the model's second head), score =
 * the calibrated attack probability, span = that chunk in the original text. The policy's threshold
 * for the category decides, exactly as for pattern findings.
 *
 * Cost `model`: the engine runs it only while the cheap detectors have not already decided to block.
 * Without a loaded model (`ML_ENABLED=false`) the detector stays registered, so policies that mention
 * it stay valid, but it is off by default and finds nothing.
 */
import type { Detector } from '../../engine/detector';
import type { Finding, Role } from '../../engine/types';
import { spanToOriginal, type TextView } from '../../normalize';
import type { SparseVector } from './features';
import { segmentChunks } from './segment-features';
import type { InjectionModel } from './model';

export { loadInjectionModel, ModelError, MANIFEST_FILE, type InjectionModel, type ModelManifest } from './model';

/** Settings of the ML detector (policy `detectors["ml.injection"].config`). */
export interface MlConfig {
  /** Segment roles scanned. The system prompt is the operator's own text: skipped. */
  readonly requestRoles: readonly Role[];
  /** Findings below this probability are not reported at all (keeps verdicts short). */
  readonly minScore: number;
  /** At most this many chunks per subject are scored (≈ 200 characters each); the rest is left to patterns. */
  readonly maxChunks: number;
}

export const DEFAULT_ML_CONFIG: MlConfig = {
  requestRoles: ['user', 'assistant', 'tool', 'document'],
  minScore: 0.5,
  maxChunks: 512,
};

/** The detector id. */
export const ML_DETECTOR_ID = 'ml.injection';

/** Builds the detector over a loaded model (or none, when ML is disabled). */
export function createMlDetector(model: InjectionModel | undefined): Detector<MlConfig> {
  return {
    id: ML_DETECTOR_ID,
    directions: ['request'],
    cost: 'model',
    enabledByDefault: model !== undefined,
    defaultConfig: DEFAULT_ML_CONFIG,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requestRoles: { type: 'array', items: { enum: ['system', 'user', 'assistant', 'tool', 'document'] } },
        minScore: { type: 'number', minimum: 0, maximum: 1 },
        maxChunks: { type: 'integer', minimum: 1, maximum: 100_000 },
      },
    },
    async detect(subject, config, signal) {
      signal.throwIfAborted();
      if (!model) return [];
      const chunks: SparseVector[] = [];
      const where: Array<{ segment: number; view: TextView }> = [];
      for (const seg of subject.segments) {
        if (!config.requestRoles.includes(seg.segment.role) || seg.original.length === 0) continue;
        if (chunks.length >= config.maxChunks) break;
        for (const vc of segmentChunks(seg, model.manifest.features, config.maxChunks - chunks.length)) {
          chunks.push(vc.chunk);
          where.push({ segment: seg.index, view: vc.view });
        }
      }
      if (chunks.length === 0) return [];
      const probs = await model.score(chunks);
      signal.throwIfAborted();
      let best = 0;
      for (let i = 1; i < chunks.length; i++) if ((probs[2 * i] as number) > (probs[2 * best] as number)) best = i;
      const p = probs[2 * best] as number;
      if (!(p >= config.minScore)) return [];
      const category = (probs[2 * best + 1] as number) >= 0.5 ? 'jailbreak' : 'prompt_injection';
      const chunk = chunks[best] as SparseVector;
      const at = where[best] as { segment: number; view: TextView };
      const [start, end] = spanToOriginal(at.view, chunk.start, chunk.end);
      const finding: Finding = {
        detector: ML_DETECTOR_ID,
        category,
        score: Math.round(p * 1000) / 1000,
        spans: end > start ? [{ segment: at.segment, start, end, type: category }] : [],
        reason: `model=${model.manifest.name}@${model.manifest.version}${at.view.kind === 'decoded' ? `; via=${at.view.via ?? 'decoded'}` : ''}`,
      };
      return [finding];
    },
  };
}
