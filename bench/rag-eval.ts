/**
 * `npm run eval:rag`: leave-out evaluation of the indirect-injection model on the BIPIA training file.
 *
 * Protocol: the 25 attack categories are split into 5 groups, and the clean contexts into 5 groups by a
 * hash of their id. In fold k the model is trained on injections whose category is NOT in group k and
 * whose context is NOT in group k, plus clean documents whose context is not in group k; its threshold
 * is the one that keeps the false-positive rate on those training clean documents at or below 0.5 %.
 * It is then tested on every injection of the held-out categories (attack wording never seen) and on the
 * clean documents of the held-out contexts (documents never seen). Pooled over the folds, printed as JSON.
 * Also reports the shipped model (trained on everything) at its shipped threshold, and on the
 * hand-written documents in `test/fixtures/rag-*.json` that are not from BIPIA.
 */
import { augmentDocs, loadBipia, foldOf, type BipiaDoc } from './rag-data';
import { documentLogit, fitLogistic, samplesOf, thresholdFor, type LinearModel, type Sample } from '../scorer/src/detectors/rag/train';
import { TRAINING } from '../scorer/src/detectors/rag/training-config';
import { RAG_MODEL } from '../scorer/src/detectors/rag/weights';
import { fixture } from '../test/helpers';

const FOLDS = 5;

interface Evaluated {
  readonly doc: BipiaDoc;
  readonly samples: Sample[];
}

function trainOn(docs: readonly Evaluated[]): LinearModel {
  return fitLogistic(docs.flatMap((d) => d.samples), TRAINING.l2, TRAINING.positiveWeight, TRAINING.priors);
}

/** The leave-out evaluation; returns the JSON report. */
export function evaluateRag(): RagEvaluation {
  const bipia = loadBipia();
  const docs: Evaluated[] = bipia.map((doc) => ({ doc, samples: samplesOf(doc) }));
  // Augmentation is always in training (it holds no BIPIA category); hosts from held-out contexts are dropped.
  const extra: Evaluated[] = augmentDocs(bipia).map((doc) => ({ doc, samples: samplesOf(doc) }));
  const categories = [...new Set(docs.filter((d) => d.doc.label === 'injection').map((d) => d.doc.category as string))].sort();
  const catFold = new Map(categories.map((c, i) => [c, i % FOLDS]));
  const ctxFold = (d: Evaluated): number => foldOf(d.doc.context, FOLDS);

  let tp = 0;
  let pos = 0;
  let fp = 0;
  let neg = 0;
  const perCategory: Record<string, { detected: number; total: number }> = {};
  const folds: unknown[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = [
      ...docs.filter((d) => ctxFold(d) !== k && (d.doc.label === 'benign' || catFold.get(d.doc.category as string) !== k)),
      ...extra.filter((d) => ctxFold(d) !== k),
    ];
    const model = trainOn(train);
    const thr = thresholdFor(train.filter((d) => d.doc.label === 'benign').map((d) => documentLogit(model, d.samples)), TRAINING.maxTrainFpr);
    const testPos = docs.filter((d) => d.doc.label === 'injection' && catFold.get(d.doc.category as string) === k);
    const testNeg = docs.filter((d) => d.doc.label === 'benign' && ctxFold(d) === k);
    let ftp = 0;
    let ffp = 0;
    for (const d of testPos) {
      const hit = documentLogit(model, d.samples) >= thr;
      if (hit) ftp++;
      const c = (perCategory[d.doc.category as string] ??= { detected: 0, total: 0 });
      c.total++;
      if (hit) c.detected++;
    }
    for (const d of testNeg) if (documentLogit(model, d.samples) >= thr) ffp++;
    tp += ftp;
    pos += testPos.length;
    fp += ffp;
    neg += testNeg.length;
    folds.push({
      fold: k,
      heldOutCategories: categories.filter((c) => catFold.get(c) === k),
      trainDocs: train.length,
      tpr: round(ftp / testPos.length),
      fpr: round(ffp / testNeg.length),
      injections: testPos.length,
      benign: testNeg.length,
    });
  }

  // The shipped model at its shipped operating point.
  const shipped: LinearModel = RAG_MODEL;
  const cut = Math.log(TRAINING.operatingScore / (1 - TRAINING.operatingScore));
  const flagged = (d: Evaluated): boolean => documentLogit(shipped, d.samples) >= cut;
  const inj = docs.filter((d) => d.doc.label === 'injection');
  const ben = docs.filter((d) => d.doc.label === 'benign');

  // Hand-written documents (not from BIPIA): attacks in other styles, benign imperative text.
  const own = (name: string): Evaluated[] =>
    fixture<{ documents: string[] }>(name).documents.map((text) => ({ doc: { text, label: 'benign', context: name }, samples: samplesOf({ text }) }));
  const ownAttacks = own('rag-attacks.json');
  const ownBenign = own('rag-benign.json');

  return {
        eval: 'rag-bipia-leave-out',
        protocol: `train on categories and contexts outside fold k, test on held-out categories (injections) and held-out contexts (benign); threshold from training benign at FPR <= ${TRAINING.maxTrainFpr * 100}%`,
        pooled: { tpr: round(tp / pos), fpr: round(fp / neg), injections: pos, benign: neg, detected: tp, falsePositives: fp },
        goals: { tpr_ge_90: tp / pos >= 0.9, fpr_le_2: fp / neg <= 0.02 },
        perCategory: Object.fromEntries(Object.entries(perCategory).sort().map(([c, v]) => [c, `${v.detected}/${v.total}`])),
        folds,
        shipped: {
          bipiaTpr: round(inj.filter(flagged).length / inj.length),
          bipiaFpr: round(ben.filter(flagged).length / ben.length),
          ownAttacksTpr: round(ownAttacks.filter(flagged).length / ownAttacks.length),
          ownBenignFpr: round(ownBenign.filter(flagged).length / ownBenign.length),
          ownAttacks: ownAttacks.length,
          ownBenign: ownBenign.length,
          missedOwnAttacks: ownAttacks.map((d, i) => (flagged(d) ? -1 : i)).filter((i) => i >= 0),
          flaggedOwnBenign: ownBenign.map((d, i) => (flagged(d) ? i : -1)).filter((i) => i >= 0),
        },
  };
}

/** What `evaluateRag` reports. */
export interface RagEvaluation {
  readonly eval: string;
  readonly protocol: string;
  readonly pooled: { tpr: number; fpr: number; injections: number; benign: number; detected: number; falsePositives: number };
  readonly goals: { tpr_ge_90: boolean; fpr_le_2: boolean };
  readonly perCategory: Record<string, string>;
  readonly folds: unknown[];
  readonly shipped: { bipiaTpr: number; bipiaFpr: number; ownAttacksTpr: number; ownBenignFpr: number; ownAttacks: number; ownBenign: number; missedOwnAttacks: number[]; flaggedOwnBenign: number[] };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (require.main === module) process.stdout.write(`${JSON.stringify(evaluateRag(), null, 2)}\n`);
