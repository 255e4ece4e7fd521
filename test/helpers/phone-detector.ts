/**
 * A test-only detector: Korean mobile numbers as `pii` (type PHONE). The real PII recognisers arrive
 * with their own issue; stream and ext_proc tests need one masked entity now. Never registered in
 * `createDefaultRegistry`.
 */
import type { Detector } from '../../scorer/src/engine/detector';
import type { Span } from '../../scorer/src/engine/types';
import { createDefaultRegistry } from '../../scorer/src/detectors/registry';
import type { DetectorRegistry } from '../../scorer/src/engine/detector';

const PHONE = /\b01[016789]-?\d{3,4}-?\d{4}\b/g;

export const testPhoneDetector: Detector<null> = {
  id: 'test-phone',
  directions: ['request', 'response'],
  cost: 'cheap',
  enabledByDefault: true,
  defaultConfig: null,
  detect(subject, _config, signal) {
    signal.throwIfAborted();
    const spans: Span[] = [];
    for (const seg of subject.segments) {
      for (const m of seg.segment.text.matchAll(PHONE)) spans.push({ segment: seg.index, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, type: 'PHONE' });
    }
    return spans.length === 0 ? [] : [{ detector: 'test-phone', category: 'pii', score: 0.9, spans }];
  },
};

/** The default registry plus the test phone detector. */
export function registryWithPhone(): DetectorRegistry {
  return createDefaultRegistry().register(testPhoneDetector);
}
