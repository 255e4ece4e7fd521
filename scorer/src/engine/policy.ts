/**
 * The policy model the engine decides with. The JSON Schema in `policy/schema.json` is the contract for
 * policy files and the admin API; these types mirror it (a test keeps the two in step).
 */
import type { Category, PolicyAction } from './types';

/** What to do with a category once its score reaches `threshold`. */
export interface CategoryRule {
  readonly action: PolicyAction;
  /** 0..1; a finding scoring at or above it triggers `action`. */
  readonly threshold: number;
}

/** Rules for one direction: per category, with a default for categories not listed. */
export interface DirectionRules {
  readonly default: CategoryRule;
  readonly categories?: Readonly<Partial<Record<Category, CategoryRule>>>;
}

/** Per-detector switch and settings. */
export interface DetectorSettings {
  readonly enabled?: boolean;
  readonly config?: Readonly<Record<string, unknown>>;
}

/** Which traffic a policy applies to; the most specific matching policy wins. */
export interface PolicyScope {
  readonly tenant?: string;
  readonly route?: string;
}

/** What the audit log records for decisions under a policy. */
export interface AuditSettings {
  /** Share of clean allows recorded, 0..1 (default 1). Blocks, masks and bypasses are always recorded. */
  readonly allowSampleRate?: number;
}

/**
 * How a masked span is replaced. `redact`: `[KR_RRN]`; `partial`: keeps a harmless part
 * (`900101-1******`); `hash`: a keyed HMAC token, stable for correlation (`[EMAIL:3fa9c2d1e0b4]`);
 * `tokenize`: a numbered placeholder (`[[KR_RRN_1]]`) whose original the service keeps for a while and
 * writes back into the answer.
 */
export type MaskStrategy = 'redact' | 'partial' | 'hash' | 'tokenize';

/** Strategies for one direction: per entity type (span type), with a default. */
export interface MaskingRules {
  readonly default?: MaskStrategy;
  readonly types?: Readonly<Record<string, MaskStrategy>>;
}

/** Masking per direction; `tokenize` is for requests only (an answer's reader cannot restore tokens). */
export interface MaskingPolicy {
  readonly request?: MaskingRules;
  readonly response?: MaskingRules;
}

/** A complete policy. */
export interface Policy {
  readonly id: string;
  readonly version: number;
  readonly description?: string;
  readonly scope?: PolicyScope;
  /** Log what would be blocked or masked, but let everything through. */
  readonly dryRun?: boolean;
  readonly request: DirectionRules;
  readonly response: DirectionRules;
  readonly audit?: AuditSettings;
  readonly detectors?: Readonly<Record<string, DetectorSettings>>;
  /** How masked spans are replaced; `redact` when absent. */
  readonly masking?: MaskingPolicy;
}

/** The rule that applies to `category` in `rules`. */
export function ruleFor(rules: DirectionRules, category: Category): CategoryRule {
  return rules.categories?.[category] ?? rules.default;
}
