/**
 * Shared shapes of the PII detector: entity types, candidates and the recogniser contract, plus the
 * boundary fragments every numeric pattern uses.
 */
import type { Category } from '../../engine/types';

/** Entity types, as they appear in span `type` and mask labels. */
export const PII_TYPES = [
  'KR_RRN',
  'KR_FRN',
  'KR_BRN',
  'KR_CRN',
  'KR_PASSPORT',
  'KR_DRIVER_LICENSE',
  'KR_BANK_ACCOUNT',
  'KR_HEALTH_INSURANCE',
  'KR_ADDRESS',
  'PHONE',
  'EMAIL',
  'CREDIT_CARD',
  'IP_ADDRESS',
  'US_SSN',
  'IBAN',
  'PERSON',
  'API_KEY',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

/** Secrets are their own category (a policy may block them while masking personal data). */
export function categoryOf(type: PiiType): Category {
  return type === 'API_KEY' ? 'secret' : 'pii';
}

/** A possible entity in a view's text, before overlaps are resolved. */
export interface Candidate {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
  /** 0..1 after validation and context. */
  readonly score: number;
}

/** What recognisers get: one text (the clean view) and cheap facts about it. */
export interface ScanInput {
  readonly text: string;
  readonly hasDigit: boolean;
  readonly hasHangul: boolean;
}

/** One family of entity types: a pattern, a validator and context words, in code. */
export interface Recogniser {
  readonly id: string;
  readonly types: readonly PiiType[];
  /** Cheap gate: skip the recogniser when the text cannot contain its entities. */
  applies(input: ScanInput): boolean;
  scan(input: ScanInput, emit: (c: Candidate) => void): void;
}

/** Hyphen and dash variants people (and word processors) put between digit groups. */
export const H = '[-\\u2010-\\u2013\\u2212]';
/** Right boundary of a number: not followed by more of the same number (Hangul particles may follow). */
export const RB = '(?![0-9A-Za-z_]|[-./\\u2010-\\u2013][0-9])';

/** Clamps a score into 0..1 and rounds it to three decimals. */
export function clampScore(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
