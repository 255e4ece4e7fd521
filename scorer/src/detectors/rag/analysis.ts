/**
 * One analysis per untrusted segment (a document or a tool result), shared by the `rag` detector and
 * the `agent` detector's taint check: instruction-like units scored by the linear model over the folded
 * view and every decoded view, hidden text, and links. Cached per normalised segment, so two detectors
 * in one evaluation pay once.
 */
import { scanViews, spanToOriginal, type NormalizedSegment } from '../../normalize';
import { findLinks, type LinkHit } from '../common/links';
import { extractUnits } from './features';
import { findHidden, type HiddenSpan } from './hidden';
import { logit, type LinearModel } from './train';
import { RAG_MODEL } from './weights';

/** An instruction-like unit: original offsets and its probability. */
export interface InstructionSpan {
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** What an untrusted segment contains. */
export interface SegmentAnalysis {
  /** Units scoring at least `MIN_REPORTED`, best first. */
  readonly instructions: readonly InstructionSpan[];
  /** Highest unit probability (0 for an empty text). */
  readonly instructionScore: number;
  readonly hidden: readonly HiddenSpan[];
  readonly links: readonly LinkHit[];
}

/** Units below this probability are not kept (and not worth the document-context features). */
export const MIN_REPORTED = 0.5;

/** Per model: its memo key and pruning settings (an evaluation fold may bring its own model). */
interface Analyzer {
  readonly key: symbol;
  readonly prune: { readonly weights: readonly number[]; readonly bias: number; readonly floor: number };
}

const analyzers = new WeakMap<LinearModel, Analyzer>();

function analyzerFor(model: LinearModel): Analyzer {
  let a = analyzers.get(model);
  if (!a) {
    a = { key: Symbol('rag.analysis'), prune: { weights: model.weights, bias: model.bias, floor: Math.log(MIN_REPORTED / (1 - MIN_REPORTED)) } };
    analyzers.set(model, a);
  }
  return a;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Analyses (once per model) a normalised segment; `model` is the shipped one unless given. */
export function analyzeSegment(seg: NormalizedSegment, model: LinearModel = RAG_MODEL): SegmentAnalysis {
  const { key, prune } = analyzerFor(model);
  let a = seg.memo.get(key) as SegmentAnalysis | undefined;
  if (a) return a;
  const instructions: InstructionSpan[] = [];
  let best = 0;
  for (const view of scanViews(seg)) {
    for (const u of extractUnits(view.text, prune)) {
      const p = sigmoid(logit(model, u.features));
      if (p > best) best = p;
      if (p < MIN_REPORTED) continue;
      const [start, end] = spanToOriginal(view, u.start, u.end);
      if (end > start) instructions.push({ start, end, score: Math.round(p * 1000) / 1000 });
    }
  }
  instructions.sort((x, y) => y.score - x.score || x.start - y.start);
  a = { instructions, instructionScore: Math.round(best * 1000) / 1000, hidden: findHidden(seg.original), links: findLinks(seg.original) };
  seg.memo.set(key, a);
  return a;
}
