/**
 * Training settings of the indirect-injection model, shared by the trainer, the evaluation and the test
 * that re-trains the model.
 */
export const TRAINING = {
  /** L2 penalty on the weights (not the bias). */
  l2: 0.5,
  /** Weight of a positive unit relative to a content unit. */
  positiveWeight: 1,
  /** The threshold is set so at most this share of the clean training documents is flagged. */
  maxTrainFpr: 0.005,
  /** The score a document gets exactly at the threshold: the default policy blocks from 0.8. */
  operatingScore: 0.8,
  /**
   * Prior means of weights (the L2 penalty pulls towards these instead of 0) for the generic attack
   * signals BIPIA never shows: without them the model would learn nothing about overrides, persona
   * switches, fake system markup or secrecy, which attacks outside BIPIA use all the time.
   */
  priors: {
    override: 8,
    persona: 7,
    markup: 7.5,
    secrecy: 6,
    addressed: 8,
    conditional_order: 5,
    exfil: 4,
    ai_you: 3,
    instruction_noun: 3,
    ai_obligation: 4,
  } as Readonly<Record<string, number>>,
} as const;
