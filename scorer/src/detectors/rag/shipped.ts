/**
 * How the shipped model is made from training documents: fit, pick the threshold that keeps the clean
 * documents' false-positive rate at or below `maxTrainFpr`, then shift the bias so that threshold maps to
 * the operating score (0.8). Shared by the trainer and the test that checks the shipped weights.
 */
import { documentLogit, fitLogistic, samplesOf, thresholdFor, type LinearModel, type TrainingDoc } from './train';
import { TRAINING } from './training-config';

/** Trains the shipped model; `label` says which documents are clean. */
export function trainShipped(docs: ReadonlyArray<TrainingDoc & { readonly label: string }>): LinearModel {
  const samples = docs.map((d) => ({ label: d.label, samples: samplesOf(d) }));
  const model = fitLogistic(samples.flatMap((d) => d.samples), TRAINING.l2, TRAINING.positiveWeight, TRAINING.priors);
  const thr = thresholdFor(samples.filter((d) => d.label === 'benign').map((d) => documentLogit(model, d.samples)), TRAINING.maxTrainFpr);
  const target = Math.log(TRAINING.operatingScore / (1 - TRAINING.operatingScore));
  return { weights: model.weights, bias: model.bias + (target - thr) };
}
