/**
 * The chunks the model scores for one normalised segment — shared by the detector and by training,
 * so both compute exactly the same vectors. Every scanned view (folded, then each decoded payload) is
 * cut into windows (`featurize`); when the settings ask for rule features, the pattern rules run over
 * the same views and each window gets one slot per rule that matched inside it, plus a slot holding
 * the noisy-OR of those rules' weights. The model then learns how far to trust each rule in context
 * instead of the two detectors being combined blindly.
 */
import { scanViews, type NormalizedSegment, type TextView } from '../../normalize';
import { builtInHits, type RuleHit } from '../pattern';
import { featurize, type FeatureSettings, type RuleFeatureSettings, type SparseVector } from './features';

/** A chunk and the view it was cut from. */
export interface ViewChunk {
  readonly chunk: SparseVector;
  readonly view: TextView;
}

const slotMaps = new WeakMap<RuleFeatureSettings, Map<string, number>>();

function slotsOf(r: RuleFeatureSettings): Map<string, number> {
  let m = slotMaps.get(r);
  if (!m) {
    m = new Map(r.ids.map((id, i) => [id, i]));
    slotMaps.set(r, m);
  }
  return m;
}

/** The chunks of one segment, at most `maxChunks` (the rest is left to the cheap detectors). */
export function segmentChunks(seg: NormalizedSegment, s: FeatureSettings, maxChunks = Number.POSITIVE_INFINITY): ViewChunk[] {
  const out: ViewChunk[] = [];
  const views = scanViews(seg);
  for (const view of views) {
    for (const chunk of featurize(view.text, s)) {
      if (out.length >= maxChunks) break;
      out.push({ chunk, view });
    }
  }
  if (s.rules && out.length > 0) addRuleFeatures(out, builtInHits(seg), s);
  return out;
}

function addRuleFeatures(chunks: ViewChunk[], hits: readonly RuleHit[], s: FeatureSettings): void {
  if (hits.length === 0) return;
  const r = s.rules as RuleFeatureSettings;
  const slots = slotsOf(r);
  const scoreSlot = s.buckets + r.ids.length;
  for (let c = 0; c < chunks.length; c++) {
    const { chunk, view } = chunks[c] as ViewChunk;
    const seen = new Set<number>();
    let keep = 1;
    for (const h of hits) {
      if (h.view !== view || h.viewStart < chunk.start || h.viewStart >= chunk.end) continue;
      const i = slots.get(h.rule.id);
      if (i === undefined || seen.has(i)) continue;
      seen.add(i);
      keep *= 1 - h.rule.weight;
    }
    if (seen.size === 0) continue;
    const extra = [...seen].sort((a, b) => a - b);
    const ids = new Int32Array(chunk.ids.length + extra.length + 1);
    const vals = new Float32Array(ids.length);
    ids.set(chunk.ids);
    vals.set(chunk.vals);
    let o = chunk.ids.length;
    for (const i of extra) {
      ids[o] = s.buckets + i;
      vals[o++] = r.value;
    }
    ids[o] = scoreSlot;
    vals[o] = 1 - keep;
    chunks[c] = { chunk: { ids, vals, start: chunk.start, end: chunk.end }, view };
  }
}
