/**
 * The detector registry: one line per detector. The engine runs them cheap first, in this order.
 */
import { DetectorRegistry } from '../engine/detector';
import { obfuscationDetector } from './obfuscation';
import { patternDetector } from './pattern';

/** A fresh registry with every built-in detector. */
export function createDefaultRegistry(): DetectorRegistry {
  return new DetectorRegistry()
    .register(patternDetector)
    .register(obfuscationDetector);
}
