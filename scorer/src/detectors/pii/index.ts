/**
 * Detector `pii`: personal data (category `pii`) and credentials (category `secret`), Korean first.
 * Each recogniser is a pattern, a validator (checksums, calendar dates, Luhn, mod 97) and context words
 * that raise or lower confidence. Matching runs on the normaliser's `clean` view (NFKC, invisible
 * characters removed, case and digits kept), so fullwidth digits and zero-width characters inside a
 * number do not hide it; spans are mapped back to the original text. Overlapping candidates are
 * resolved (higher score, then longer) and findings are grouped per entity type and score.
 */
import type { Detector } from '../../engine/detector';
import type { Finding, Role, Span } from '../../engine/types';
import { spanToOriginal, type NormalizedSegment } from '../../normalize';
import { addresses } from './recognisers-address';
import { phones, emails, ipAddresses } from './recognisers-contact';
import { cards, ibans, ssns } from './recognisers-finance';
import { bankAccounts, businessNumbers, driverLicenses, healthInsurance, passports, registrationNumbers } from './recognisers-kr';
import { persons } from './recognisers-person';
import { secrets } from './recognisers-secrets';
import { categoryOf, PII_TYPES, type Candidate, type PiiType, type Recogniser, type ScanInput } from './types';

export { PII_TYPES, type PiiType } from './types';

/** Every recogniser, in a fixed order (ties between equal candidates go to the earlier one). */
export const RECOGNISERS: readonly Recogniser[] = [
  secrets,
  registrationNumbers,
  businessNumbers,
  cards,
  ibans,
  emails,
  phones,
  ipAddresses,
  ssns,
  driverLicenses,
  passports,
  healthInsurance,
  bankAccounts,
  addresses,
  persons,
];

/** Settings (policy `detectors.pii.config`). */
export interface PiiConfig {
  /** Entity types not to report. */
  readonly disabledTypes: readonly string[];
  /** Candidates scoring below this are dropped before overlaps are resolved. */
  readonly minScore: number;
  /** Segment roles scanned per direction; all by default (a system prompt with a citizen's data leaks too). */
  readonly requestRoles: readonly Role[];
  readonly responseRoles: readonly Role[];
}

const ALL_ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool', 'document'];

export const DEFAULT_PII_CONFIG: PiiConfig = {
  disabledTypes: [],
  minScore: 0.3,
  requestRoles: ALL_ROLES,
  responseRoles: ALL_ROLES,
};

const HANGUL = /[\uac00-\ud7a3]/;
const DIGIT = /[0-9]/;

/** Candidates in one text after overlap resolution, in text order (the core of the detector). */
export function scanText(text: string, config: Pick<PiiConfig, 'disabledTypes' | 'minScore'> = DEFAULT_PII_CONFIG): Candidate[] {
  if (text.length === 0) return [];
  const input: ScanInput = { text, hasDigit: DIGIT.test(text), hasHangul: HANGUL.test(text) };
  const disabled = config.disabledTypes;
  const found: Candidate[] = [];
  const emit = (c: Candidate): void => {
    if (c.score >= config.minScore && c.end > c.start && !disabled.includes(c.type)) found.push(c);
  };
  for (const r of RECOGNISERS) {
    if (disabled.length > 0 && r.types.every((t) => disabled.includes(t))) continue;
    if (r.applies(input)) r.scan(input, emit);
  }
  return resolve(found);
}

/** Keeps the best of overlapping candidates: higher score, then longer, then earlier recogniser. */
export function resolve(cands: Candidate[]): Candidate[] {
  if (cands.length <= 1) return cands;
  // Sweep in text order into clusters of transitively overlapping candidates; only those compete, so a
  // long document with thousands of entities stays linear.
  const byStart = cands.map((c, i) => ({ c, i })).sort((a, b) => a.c.start - b.c.start || a.i - b.i);
  const kept: Candidate[] = [];
  let cluster: Array<{ c: Candidate; i: number }> = [];
  let clusterEnd = -1;
  const flush = (): void => {
    if (cluster.length === 1) kept.push((cluster[0] as { c: Candidate }).c);
    else if (cluster.length > 1) {
      cluster.sort((a, b) => b.c.score - a.c.score || b.c.end - b.c.start - (a.c.end - a.c.start) || a.i - b.i);
      const chosen: Candidate[] = [];
      for (const { c } of cluster) if (!chosen.some((k) => c.start < k.end && k.start < c.end)) chosen.push(c);
      for (const c of chosen) kept.push(c);
    }
    cluster = [];
  };
  for (const x of byStart) {
    if (x.c.start >= clusterEnd) {
      flush();
      clusterEnd = x.c.end;
    } else clusterEnd = Math.max(clusterEnd, x.c.end);
    cluster.push(x);
  }
  flush();
  return kept.sort((a, b) => a.start - b.start);
}

function scanSegment(seg: NormalizedSegment, config: PiiConfig): Array<{ type: PiiType; span: Span; score: number }> {
  const view = seg.clean;
  return scanText(view.text, config).map((c) => {
    const [start, end] = spanToOriginal(view, c.start, c.end);
    return { type: c.type, score: c.score, span: { segment: seg.index, start, end, type: c.type } };
  });
}

export const piiDetector: Detector<PiiConfig> = {
  id: 'pii',
  directions: ['request', 'response'],
  cost: 'cheap',
  enabledByDefault: true,
  defaultConfig: DEFAULT_PII_CONFIG,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      disabledTypes: { type: 'array', items: { enum: [...PII_TYPES] }, uniqueItems: true },
      minScore: { type: 'number', minimum: 0, maximum: 1 },
      requestRoles: { type: 'array', items: { enum: [...ALL_ROLES] }, uniqueItems: true },
      responseRoles: { type: 'array', items: { enum: [...ALL_ROLES] }, uniqueItems: true },
    },
  },
  detect(subject, config, signal) {
    signal.throwIfAborted();
    const roles = subject.subject.direction === 'request' ? config.requestRoles : config.responseRoles;
    // One finding per (type, score): spans of equal confidence share a finding, so a policy threshold
    // masks exactly the spans that reach it. Looked up by type, then score (no key string per span).
    const groups: Array<{ type: PiiType; score: number; spans: Span[] }> = [];
    const byType = new Map<PiiType, Map<number, (typeof groups)[number]>>();
    for (const seg of subject.segments) {
      signal.throwIfAborted();
      if (!roles.includes(seg.segment.role)) continue;
      for (const hit of scanSegment(seg, config)) {
        let byScore = byType.get(hit.type);
        if (!byScore) {
          byScore = new Map();
          byType.set(hit.type, byScore);
        }
        let g = byScore.get(hit.score);
        if (!g) {
          g = { type: hit.type, score: hit.score, spans: [] };
          byScore.set(hit.score, g);
          groups.push(g);
        }
        g.spans.push(hit.span);
      }
    }
    const findings: Finding[] = [];
    for (const g of groups) {
      findings.push({ detector: 'pii', category: categoryOf(g.type), score: g.score, spans: g.spans, reason: `type=${g.type}` });
    }
    return findings;
  },
};
