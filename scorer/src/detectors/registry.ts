/**
 * The detector registry: one line per detector. The engine runs them cheap first, in this order.
 */
import { DetectorRegistry } from '../engine/detector';
import { agentDetector } from './agent';
import { leakDetector } from './leak';
import { obfuscationDetector } from './obfuscation';
import { patternDetector } from './pattern';
import { ragDetector } from './rag';

/**
 * Start-up settings for detectors that need them (a model directory, say). Detectors that need none
 * ignore this; each later detector adds its own optional field here.
 */
export type RegistryOptions = Record<string, never>;

/** A fresh registry with every built-in detector. */
export function createDefaultRegistry(_options: RegistryOptions = {}): DetectorRegistry {
  return new DetectorRegistry()
    .register(patternDetector)
    .register(obfuscationDetector)
    .register(ragDetector)
    .register(agentDetector)
    .register(leakDetector);
}
