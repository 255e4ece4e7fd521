/**
 * The `rag` model that scores document sources in the leave-one-source-out evaluation. The shipped
 * weights were trained on BIPIA — the one document source — so using them there would not be held out.
 * This model is trained with the same trainer, settings and threshold rule as the shipped one
 * (`trainShipped`: threshold at ≤ 0.5 % FPR on its own clean training documents, mapped to the 0.8
 * operating score), on material that holds no BIPIA text: Aegis's synthetic documents (the
 * `aegis_docs_*` grammars as bare documents, English and Korean, `synth/documents.ts`) and the
 * hand-written augmentation (`bench/data/rag-augment.json`), its attack sentences planted in the
 * synthetic English documents instead of BIPIA's contexts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { augmentInto, type BipiaDoc } from '../../bench/rag-data';
import { trainShipped } from '../src/detectors/rag/shipped';
import { documentLogit, samplesOf, type LinearModel } from '../src/detectors/rag/train';
import { TRAINING } from '../src/detectors/rag/training-config';
import { RAG_MODEL } from '../src/detectors/rag/weights';
import { REPO_ROOT } from './paths';
import { syntheticDocuments } from './synth/documents';

/** The fold model and what it was made from (for the report). */
export interface FoldRag {
  readonly model: LinearModel;
  readonly docs: readonly BipiaDoc[];
  readonly summary: FoldRagSummary;
}

/** Recorded in the evaluation's JSON report. */
export interface FoldRagSummary {
  readonly trainedOn: string;
  readonly documents: number;
  readonly injections: number;
  readonly benign: number;
  /** The hand-written documents of `test/fixtures/rag-*.json` (not BIPIA, not trained on) at 0.8. */
  readonly handWritten: { readonly attacksFlagged: string; readonly benignFlagged: string };
}

/** The fold's training documents: synthetic documents plus the augmentation planted in them. */
export function foldRagDocs(): BipiaDoc[] {
  const synth = syntheticDocuments();
  const hosts = synth.filter((d) => d.label === 'benign' && d.context.startsWith('synth-en#'));
  return [...synth, ...augmentInto(hosts)];
}

/** Trains the fold model (deterministic: Newton's method on fixed data). */
export function trainFoldRag(): FoldRag {
  const docs = foldRagDocs();
  const model = trainShipped(docs);
  const cut = Math.log(TRAINING.operatingScore / (1 - TRAINING.operatingScore));
  const flagged = (name: string): string => {
    const texts = (JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', name), 'utf8')) as { documents: string[] }).documents;
    return `${texts.filter((text) => documentLogit(model, samplesOf({ text })) >= cut).length}/${texts.length}`;
  };
  return {
    model,
    docs,
    summary: {
      trainedOn: 'Aegis synthetic documents (aegis_docs grammars, en + ko) and bench/data/rag-augment.json planted in them; no BIPIA text',
      documents: docs.length,
      injections: docs.filter((d) => d.label === 'injection').length,
      benign: docs.filter((d) => d.label === 'benign').length,
      handWritten: { attacksFlagged: flagged('rag-attacks.json'), benignFlagged: flagged('rag-benign.json') },
    },
  };
}

/**
 * The `rag` model for each document source. `held-out` (leave-one-source-out): one fold model for all
 * of them — its material holds no row of any source, and BIPIA is the only document source. `shipped`
 * (the committed-model mode): the shipped weights, in-sample for BIPIA like the committed injection model.
 */
export function documentRagModels(mode: 'held-out' | 'shipped', sources: ReadonlySet<string>, log: (s: string) => void = () => {}): { models: Map<string, LinearModel>; summary: FoldRagSummary | string } {
  if (mode === 'shipped' || sources.size === 0) return { models: new Map([...sources].map((s) => [s, RAG_MODEL])), summary: 'shipped weights (trained on BIPIA: in-sample for it)' };
  const t0 = Date.now();
  const fold = trainFoldRag();
  log(`rag fold model: ${fold.summary.documents} documents, ${Date.now() - t0} ms; hand-written attacks ${fold.summary.handWritten.attacksFlagged}, benign ${fold.summary.handWritten.benignFlagged} flagged`);
  return { models: new Map([...sources].map((s) => [s, fold.model])), summary: fold.summary };
}
