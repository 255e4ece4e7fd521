/**
 * Detector `obfuscation`: turns the normaliser's signals into findings. Hidden payloads (Unicode tag
 * characters, variation-selector bytes) have no honest use in a prompt and score high; invisible
 * characters inside words, bidi controls and mixed-script words score medium. Encodings such as base64
 * are not findings by themselves: the pattern detector scans what they decode to.
 */
import type { Detector } from '../../engine/detector';
import type { Finding, Span } from '../../engine/types';
import type { SignalKind } from '../../normalize';

/** Score per signal kind; kinds not listed produce no finding. */
export interface ObfuscationConfig {
  readonly weights: Readonly<Partial<Record<SignalKind, number>>>;
}

export const DEFAULT_OBFUSCATION_CONFIG: ObfuscationConfig = {
  weights: { tag_payload: 0.9, variation_payload: 0.9, bidi_control: 0.6, invisible: 0.5, homoglyph: 0.5 },
};

export const obfuscationDetector: Detector<ObfuscationConfig> = {
  id: 'obfuscation',
  directions: ['request', 'response'],
  cost: 'cheap',
  enabledByDefault: true,
  defaultConfig: DEFAULT_OBFUSCATION_CONFIG,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      weights: {
        type: 'object',
        additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
      },
    },
  },
  detect(subject, config, signal) {
    signal.throwIfAborted();
    const spans: Span[] = [];
    const kinds = new Set<SignalKind>();
    let score = 0;
    let count = 0;
    for (const seg of subject.segments) {
      for (const s of seg.signals) {
        // Invisible characters between words are common in pasted text; inside a word they hide it.
        if (s.kind === 'invisible' && !s.inWord) continue;
        const w = config.weights[s.kind];
        if (w === undefined || w <= 0) continue;
        spans.push({ segment: seg.index, start: s.start, end: s.end, type: s.kind });
        kinds.add(s.kind);
        score = Math.max(score, w);
        count++;
      }
    }
    if (spans.length === 0) return [];
    // Repetition makes an accident less likely: +0.05 per extra occurrence, at most +0.1.
    const total = Math.min(1, score + Math.min(0.1, 0.05 * (count - 1)));
    const finding: Finding = {
      detector: 'obfuscation',
      category: 'obfuscation',
      score: Math.round(total * 1000) / 1000,
      spans,
      reason: `signals=${[...kinds].sort().join(',')}`,
    };
    return [finding];
  },
};
