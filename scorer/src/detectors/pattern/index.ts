/**
 * Detector `pattern`: weighted rules for prompt injection, jailbreaks, system-prompt extraction,
 * delimiter injection, privilege escalation, tool abuse and exfiltration, in English and Korean first
 * (German, Japanese, Chinese basics). Rules match the folded view and every decoded view; one combined
 * literal scan decides which rules are worth running.
 */
import type { Detector } from '../../engine/detector';
import type { Category, Finding, Role, Span } from '../../engine/types';
import { scanViews, spanToOriginal, type NormalizedSegment, type TextView } from '../../normalize';
import type { PatternRule } from './rule';
import { RuleSet } from './rule-set';
import { EN_RULES } from './rules-en';
import { INTL_RULES } from './rules-intl';
import { KO_RULES } from './rules-ko';

export type { PatternRule } from './rule';
export { RuleSet, WINDOW_AFTER, WINDOW_BEFORE, type PlannedRule, type Windows } from './rule-set';

/** Settings of the pattern detector (policy `detectors.pattern.config`). */
export interface PatternConfig {
  /** Segment roles scanned in requests. The system prompt is the operator's own text: skipped. */
  readonly requestRoles: readonly Role[];
  /** Segment roles scanned in responses. */
  readonly responseRoles: readonly Role[];
  /** Rule ids to switch off (false positives on a particular route, say). */
  readonly disabledRules: readonly string[];
  /** Added to a rule's weight when its match needed de-obfuscation: hiding an attack is intent. */
  readonly obfuscationBoost: number;
}

export const DEFAULT_PATTERN_CONFIG: PatternConfig = {
  requestRoles: ['user', 'assistant', 'tool', 'document'],
  responseRoles: ['assistant', 'tool', 'document'],
  disabledRules: [],
  obfuscationBoost: 0.1,
};

/** Every built-in rule, in evaluation order. */
export const ALL_RULES: readonly PatternRule[] = [...EN_RULES, ...KO_RULES, ...INTL_RULES];

/** One rule match, already mapped to the original text. */
export interface RuleHit {
  readonly rule: PatternRule;
  readonly span: Span;
  /** The match needed de-obfuscation (decoded view, or folded text that differs from the original). */
  readonly obfuscated: boolean;
  readonly via?: string;
  /** The view it matched in and where (for detectors that work in view coordinates, like the model's rule features). */
  readonly view: TextView;
  readonly viewStart: number;
}

// A negation immediately before the match, allowing a couple of filler words ("never ever reveal").
const NEGATION = /\b(?:do not|don't|dont|never|not|must not|mustn't|shouldn't|should not|cannot|can't|won't|will not|refuse to|avoid|without)\s+(?:(?:ever|please|you|to|try to|attempt to|even|under any circumstances,?)\s+){0,2}$/;

/** Runs `set` over one normalised segment and returns every hit. */
export function matchSegment(set: RuleSet, seg: NormalizedSegment, disabled: ReadonlySet<string>): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const view of scanViews(seg)) {
    const text = view.text;
    for (const { rule, windows, heads } of set.plan(text)) {
      const r = set.rules[rule] as PatternRule;
      if (disabled.has(r.id)) continue;
      const sticky = heads === undefined ? undefined : set.sticky(rule);
      let h = 0;
      for (const [ws, we] of windows) {
        const part = ws === 0 && we === text.length ? text : text.slice(ws, we);
        if (sticky !== undefined && heads !== undefined) {
          // Only where a match can start; every match is non-empty, so the next try is past its end.
          while (h < heads.length && (heads[h] as number) < ws) h++;
          for (; h < heads.length && (heads[h] as number) < we; h++) {
            sticky.lastIndex = (heads[h] as number) - ws;
            const m = sticky.exec(part);
            if (m === null) continue;
            const start = ws + m.index;
            addHit(hits, r, seg, view, start, start + m[0].length);
            while (h + 1 < heads.length && (heads[h + 1] as number) < start + m[0].length) h++;
          }
          continue;
        }
        // exec on the shared global regex: matchAll would clone the regex on every call.
        const re = r.re;
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(part)) !== null) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          const start = ws + m.index;
          addHit(hits, r, seg, view, start, start + m[0].length);
        }
      }
    }
  }
  return hits;
}

/** Records a match of `r` at `[start, end)` of `view` unless a negation or the original text rules it out. */
function addHit(hits: RuleHit[], r: PatternRule, seg: NormalizedSegment, view: TextView, start: number, end: number): void {
  const text = view.text;
  if (r.negatable && NEGATION.test(text.slice(Math.max(0, start - 48), start))) return;
  const [os, oe] = spanToOriginal(view, start, end);
  if (r.original && !r.original.test(seg.original.slice(os, oe))) return;
  hits.push({
    rule: r,
    span: { segment: seg.index, start: os, end: oe, type: r.category },
    obfuscated: view.kind === 'decoded' || wasObfuscated(seg.original, view, start, end, os, oe),
    ...(view.via ? { via: view.via } : {}),
    view,
    viewStart: start,
  });
}

/** True when the folded match differs from the original beyond case and spacing. */
function wasObfuscated(original: string, view: TextView, start: number, end: number, os: number, oe: number): boolean {
  const squash = (s: string): string => s.replace(/[\s_-]+/g, '');
  return squash(original.slice(os, oe).toLowerCase()) !== squash(view.text.slice(start, end));
}

/** Combines hits into one finding per category: noisy-OR over distinct rules. */
export function scoreHits(detector: string, hits: readonly RuleHit[], boost: number): Finding[] {
  const byCategory = new Map<Category, { weights: Map<string, number>; spans: Span[]; vias: Set<string> }>();
  for (const h of hits) {
    let entry = byCategory.get(h.rule.category);
    if (!entry) {
      entry = { weights: new Map(), spans: [], vias: new Set() };
      byCategory.set(h.rule.category, entry);
    }
    const w = Math.min(1, h.rule.weight + (h.obfuscated ? boost : 0));
    entry.weights.set(h.rule.id, Math.max(entry.weights.get(h.rule.id) ?? 0, w));
    entry.spans.push(h.span);
    if (h.obfuscated) entry.vias.add(h.via ?? 'folded');
  }
  const findings: Finding[] = [];
  for (const [category, entry] of byCategory) {
    let keep = 1;
    for (const w of entry.weights.values()) keep *= 1 - w;
    const score = Math.round((1 - keep) * 1000) / 1000;
    const rules = [...entry.weights.keys()].sort();
    const obfuscated = entry.vias.size > 0 ? `; obfuscated=${[...entry.vias].sort().join(',')}` : '';
    findings.push({ detector, category, score: Math.min(1, score), spans: dedupeSpans(entry.spans), reason: `rules=${rules.join(',')}${obfuscated}` });
  }
  return findings.sort((a, b) => b.score - a.score || a.category.localeCompare(b.category));
}

function dedupeSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  const out: Span[] = [];
  for (const s of spans.sort((a, b) => a.segment - b.segment || a.start - b.start || a.end - b.end)) {
    const key = `${s.segment}:${s.start}:${s.end}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

const BUILT_IN = new RuleSet(ALL_RULES);
const disabledCache = new WeakMap<readonly string[], ReadonlySet<string>>();
const NONE_DISABLED: ReadonlySet<string> = new Set();
const HITS = Symbol('pattern.builtInHits');

/**
 * Every built-in rule's hits on a normalised segment, found once per segment: the pattern detector
 * and the model's rule features both need them, and segments are immutable within an evaluation.
 */
export function builtInHits(seg: NormalizedSegment): readonly RuleHit[] {
  let hits = seg.memo.get(HITS) as readonly RuleHit[] | undefined;
  if (!hits) {
    hits = matchSegment(BUILT_IN, seg, NONE_DISABLED);
    seg.memo.set(HITS, hits);
  }
  return hits;
}

/** The registered pattern detector. */
export const patternDetector: Detector<PatternConfig> = {
  id: 'pattern',
  directions: ['request', 'response'],
  cost: 'cheap',
  enabledByDefault: true,
  defaultConfig: DEFAULT_PATTERN_CONFIG,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      requestRoles: { type: 'array', items: { enum: ['system', 'user', 'assistant', 'tool', 'document'] } },
      responseRoles: { type: 'array', items: { enum: ['system', 'user', 'assistant', 'tool', 'document'] } },
      disabledRules: { type: 'array', items: { type: 'string' } },
      obfuscationBoost: { type: 'number', minimum: 0, maximum: 0.5 },
    },
  },
  detect(subject, config, signal) {
    signal.throwIfAborted();
    const roles = subject.subject.direction === 'request' ? config.requestRoles : config.responseRoles;
    let disabled = disabledCache.get(config.disabledRules);
    if (!disabled) {
      disabled = new Set(config.disabledRules);
      disabledCache.set(config.disabledRules, disabled);
    }
    const hits: RuleHit[] = [];
    for (const seg of subject.segments) {
      if (!roles.includes(seg.segment.role) || seg.original.length === 0) continue;
      // Dropping a disabled rule's hits afterwards leaves the same hits, in the same order.
      for (const h of builtInHits(seg)) if (!disabled.has(h.rule.id)) hits.push(h);
    }
    return scoreHits('pattern', hits, config.obfuscationBoost);
  },
};
