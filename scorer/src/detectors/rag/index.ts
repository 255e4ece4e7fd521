/**
 * Detector `rag`: indirect prompt injection in what the model reads but the user did not write —
 * retrieved documents (`document` segments) and tool results (`tool`). Three checks:
 * - instructions addressed to the assistant, scored per sentence by a small linear model
 *   (features.ts, weights.ts; `npm run eval:rag` prints its leave-out evaluation) → `indirect_injection`;
 * - hidden text (HTML comments, CSS-hidden or white text, the `hidden` attribute, markdown comments,
 *   tag-character payloads, zero-width runs) → `indirect_injection`, high when it hides instructions;
 * - markdown/HTML images and links whose URL carries data or a fill-in slot, to hosts not allow-listed
 *   → `exfiltration`.
 * The same checks serve the ingestion scan (`POST /api/v1/rag/scan`, `aegis scan-docs`).
 */
import type { Detector } from '../../engine/detector';
import type { Finding, Role, Span } from '../../engine/types';
import type { NormalizedSegment } from '../../normalize';
import { hostAllowed } from '../common/links';
import { analyzeSegment, MIN_REPORTED, type SegmentAnalysis } from './analysis';
import type { LinearModel } from './train';
import { RAG_MODEL } from './weights';

/** Settings of the rag detector (policy `detectors.rag.config`). */
export interface RagConfig {
  /** Segment roles treated as untrusted content. */
  readonly roles: readonly Role[];
  /** Instruction units are reported from this probability on (the policy decides what to do). */
  readonly minScore: number;
  /** Report hidden text. */
  readonly hiddenText: boolean;
  /** Hosts (and their subdomains) that links and images in documents may point to with data. */
  readonly allowedDomains: readonly string[];
}

export const DEFAULT_RAG_CONFIG: RagConfig = { roles: ['document', 'tool'], minScore: 0.5, hiddenText: true, allowedDomains: [] };

/** Score of hidden text that itself reads like an instruction. */
const HIDDEN_INSTRUCTION = 0.92;
/** Score of hidden text without instructions: worth a log line, not a block. */
const HIDDEN_PLAIN = 0.5;
/** Score of a hidden Unicode payload (tag characters): no honest document has one. */
const HIDDEN_TAGS = 0.7;

/**
 * Builds the detector over an instruction model: the shipped weights unless given (the evaluation gives
 * a fold's model trained without the source it scores).
 */
export function createRagDetector(model: LinearModel = RAG_MODEL): Detector<RagConfig> {
  return {
    id: 'rag',
    directions: ['request'],
    cost: 'cheap',
    enabledByDefault: true,
    defaultConfig: DEFAULT_RAG_CONFIG,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        roles: { type: 'array', items: { enum: ['system', 'user', 'assistant', 'tool', 'document'] } },
        minScore: { type: 'number', minimum: 0, maximum: 1 },
        hiddenText: { type: 'boolean' },
        allowedDomains: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 253 } },
      },
    },
    detect(subject, config, signal) {
      signal.throwIfAborted();
      const injection: Span[] = [];
      const exfil: Span[] = [];
      let injectionScore = 0;
      let exfilScore = 0;
      let modelScore = 0;
      const techniques = new Set<string>();
      const exfilKinds = new Set<string>();
      for (const seg of subject.segments) {
        if (!config.roles.includes(seg.segment.role) || seg.original.length === 0) continue;
        const a = analyzeSegment(seg, model);
        for (const u of a.instructions) {
          if (u.score < config.minScore) continue;
          injection.push({ segment: seg.index, start: u.start, end: u.end, type: 'instruction' });
          modelScore = Math.max(modelScore, u.score);
        }
        if (config.hiddenText) {
          for (const h of hiddenSpans(seg, a)) {
            injection.push({ segment: seg.index, start: h.start, end: h.end, type: 'hidden_text' });
            injectionScore = Math.max(injectionScore, h.score);
            techniques.add(h.technique);
          }
        }
        for (const link of a.links) {
          if (!(link.placeholder || link.carriesData) || hostAllowed(link.host, config.allowedDomains)) continue;
          const score = link.kind === 'image' ? (link.placeholder ? 0.9 : 0.8) : link.placeholder ? 0.8 : 0.6;
          exfil.push({ segment: seg.index, start: link.start, end: link.end, type: 'exfiltration' });
          exfilScore = Math.max(exfilScore, score);
          exfilKinds.add(`${link.kind}_${link.placeholder ? 'placeholder' : 'data'}`);
        }
      }
      injectionScore = Math.max(injectionScore, modelScore);
      const findings: Finding[] = [];
      if (injection.length > 0) {
        const parts = [...(modelScore > 0 ? [`model=${modelScore}`] : []), ...(techniques.size > 0 ? [`hidden=${[...techniques].sort().join(',')}`] : [])];
        findings.push({ detector: 'rag', category: 'indirect_injection', score: round(injectionScore), spans: sortSpans(injection), reason: parts.join(';') });
      }
      if (exfil.length > 0) {
        findings.push({ detector: 'rag', category: 'exfiltration', score: exfilScore, spans: sortSpans(exfil), reason: `links=${[...exfilKinds].sort().join(',')}` });
      }
      return findings;
    },
  };
}

/** The detector with the shipped model. */
export const ragDetector: Detector<RagConfig> = createRagDetector();

interface ScoredHidden {
  readonly start: number;
  readonly end: number;
  readonly technique: string;
  readonly score: number;
}

/** Hidden stretches of one segment with their scores: high when they hide an instruction. */
function hiddenSpans(seg: NormalizedSegment, a: SegmentAnalysis): ScoredHidden[] {
  const out: ScoredHidden[] = [];
  const instructed = (start: number, end: number): boolean => a.instructions.some((u) => u.score >= MIN_REPORTED && u.start < end && u.end > start);
  for (const h of a.hidden) {
    const words = seg.original.slice(h.start, h.end).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    if (words === 0) continue;
    out.push({ ...h, score: instructed(h.start, h.end) ? HIDDEN_INSTRUCTION : words >= 2 ? HIDDEN_PLAIN : 0.3 });
  }
  let zeroWidth = 0;
  let zwStart = -1;
  let zwEnd = -1;
  for (const s of seg.signals) {
    if (s.kind === 'tag_payload' || s.kind === 'variation_payload') {
      out.push({ start: s.start, end: s.end, technique: 'tag_characters', score: instructed(s.start, s.end) ? HIDDEN_INSTRUCTION : HIDDEN_TAGS });
    } else if (s.kind === 'invisible') {
      zeroWidth += s.end - s.start;
      if (zwStart < 0) zwStart = s.start;
      zwEnd = s.end;
    }
  }
  // A few stray zero-width characters come with copy-paste; many of them encode something.
  if (zeroWidth >= 8) out.push({ start: zwStart, end: zwEnd, technique: 'zero_width', score: HIDDEN_PLAIN });
  return out;
}

function sortSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans
    .sort((x, y) => x.segment - y.segment || x.start - y.start || x.end - y.end)
    .filter((s) => {
      const key = `${s.segment}:${s.start}:${s.end}:${s.type ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
