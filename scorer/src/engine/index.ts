/** The engine's public surface: types, the detector contract, evaluate, masking. */
export * from './types';
export * from './policy';
export { DetectorRegistry, type Detector, type DetectorCost } from './detector';
export { createEngine, decide, type Engine, type EvaluateOptions, type Decision } from './evaluate';
export { applyEdits, applyToSubject, maskEdits, redactLabel, type MaskFunction } from './mask';
export { canonicalValue, hashToken, partialMask, policyMasker, strategyFor, TOKEN_PATTERN, type MaskerOptions } from './mask-strategies';
export { exchangeOf, exchangeMatters } from './exchange';
