/**
 * The detector registry: one line per detector. The engine runs them cheap first, in this order.
 */
import { DetectorRegistry } from '../engine/detector';
import { createAgentDetector } from './agent';
import { leakDetector } from './leak';
import { createMlDetector, type InjectionModel } from './ml';
import { obfuscationDetector } from './obfuscation';
import { patternDetector } from './pattern';
import { piiDetector } from './pii';
import { createRagDetector } from './rag';
import type { LinearModel } from './rag/train';

/**
 * Start-up settings for detectors that need them. Detectors that need none ignore this; each later
 * detector adds its own optional field here.
 */
export interface RegistryOptions {
  /** The loaded injection model (`loadInjectionModel`); absent when `ML_ENABLED=false`. */
  readonly mlModel?: InjectionModel;
  /**
   * The indirect-injection model of `rag` and of `agent`'s taint check; the shipped weights unless given
   * (the evaluation gives a fold's model, trained without the source it scores).
   */
  readonly ragModel?: LinearModel;
}

/** A fresh registry with every built-in detector. */
export function createDefaultRegistry(options: RegistryOptions = {}): DetectorRegistry {
  return new DetectorRegistry()
    .register(patternDetector)
    .register(obfuscationDetector)
    .register(piiDetector)
    .register(createRagDetector(options.ragModel))
    .register(createAgentDetector(options.ragModel))
    .register(leakDetector)
    .register(createMlDetector(options.mlModel));
}

/**
 * The Kong edge plugin's fast screen: the same cheap text detectors as Core (pattern rules and
 * obfuscation signals over the same normaliser), without the model, so a clear attack is refused at the
 * edge before any call to Core.
 */
export function createFastScreenRegistry(): DetectorRegistry {
  return new DetectorRegistry().register(patternDetector).register(obfuscationDetector);
}
