/**
 * evaluate(subject, policy, signal): normalise once, run cheap detectors, run model detectors only if
 * the verdict is still open, then let the policy decide. Pure: no I/O, no logging, no clocks beyond
 * measuring its own duration; transports do the rest.
 */
import { randomUUID } from 'node:crypto';
import { context, trace, type Span } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { normalizeSubject, type NormalizedSubject } from '../normalize';
import type { Detector, DetectorRegistry } from './detector';
import { applyToSubject, maskEdits, type MaskFunction } from './mask';
import { policyMasker } from './mask-strategies';
import { ruleFor, type Policy } from './policy';
import type { Category, Finding, Subject, SystemInsertion, Verdict, VerdictAction } from './types';

/** Options that are not part of the policy. */
export interface EvaluateOptions {
  /** Forces dry-run on top of the policy's own setting (the `DRY_RUN` variable). */
  readonly dryRun?: boolean;
  /** Decision id to use instead of a fresh UUID (tests, replays). */
  readonly decisionId?: string;
  /** How masked spans are rendered; overrides the policy's `masking` (tests, special callers). */
  readonly mask?: MaskFunction;
  /** Key for the `hash` masking strategy (`PII_HASH_KEY`); without it `hash` redacts instead. */
  readonly hashKey?: string | Buffer;
  /** Called when a detector throws (not for aborts); the detector is listed in `incomplete`. */
  readonly onDetectorError?: (detectorId: string, error: unknown) => void;
}

/** The policy's decision over a set of findings. */
export interface Decision {
  readonly action: VerdictAction;
  readonly categories: Category[];
  /** Findings in categories whose action is `mask` and that reached the threshold. */
  readonly toMask: Finding[];
}

const NEVER = new AbortController().signal;

/** An engine bound to a detector registry. */
export interface Engine {
  readonly registry: DetectorRegistry;
  evaluate(subject: Subject, policy: Policy, signal?: AbortSignal, options?: EvaluateOptions): Promise<Verdict>;
}

/** Creates an engine over `registry` (register every detector first: the engine caches per policy). */
export function createEngine(registry: DetectorRegistry): Engine {
  const cache: ConfigCache = new WeakMap();
  return {
    registry,
    evaluate: (subject, policy, signal = NEVER, options = {}) => evaluateWith(registry, cache, subject, policy, signal, options),
  };
}

async function evaluateWith(
  registry: DetectorRegistry,
  cache: ConfigCache,
  subject: Subject,
  policy: Policy,
  signal: AbortSignal,
  options: EvaluateOptions,
): Promise<Verdict> {
  const t0 = performance.now();
  // Stage spans only when someone is recording the decision: with tracing off this costs one lookup.
  const traced = trace.getActiveSpan()?.isRecording() === true;
  const normalized = traced ? inSpan('aegis.normalize', {}, () => normalizeSubject(subject)) : normalizeSubject(subject);
  const findings: Finding[] = [];
  const incomplete: string[] = [];
  const active = activeDetectors(registry, cache, policy, subject.direction);

  let decision: Decision | undefined;
  for (const { detector, config } of active) {
    if (detector.cost === 'model') {
      // Cheap first: a model detector cannot make a block more blocked.
      decision ??= decide(findings, policy, subject.direction);
      if (decision.action === 'block') break;
    }
    if (signal.aborted) {
      incomplete.push(detector.id);
      continue;
    }
    try {
      const out = traced
        ? await inSpan('aegis.detector', { 'aegis.detector': detector.id }, () => runDetector(detector, normalized, config, signal))
        : await runDetector(detector, normalized, config, signal);
      for (const f of out) findings.push(f);
      if (detector.cost === 'model') decision = undefined;
    } catch (err) {
      incomplete.push(detector.id);
      if (!signal.aborted) options.onDetectorError?.(detector.id, err);
    }
  }
  decision = traced ? inSpan('aegis.decide', {}, () => decide(findings, policy, subject.direction)) : decide(findings, policy, subject.direction);

  const dryRun = options.dryRun === true || policy.dryRun === true;
  let masked: Subject | undefined;
  let edits;
  if (decision.action === 'mask') {
    const mask = options.mask ?? policyMasker(policy.masking, subject.direction, options.hashKey !== undefined ? { hashKey: options.hashKey } : {});
    edits = maskEdits(subject, decision.toMask, mask);
    masked = applyToSubject(subject, edits);
  }
  const risk = findings.reduce((max, f) => Math.max(max, f.score), 0);
  // A response detector (the leak canary) may ask for text in the request: all enabled detectors count.
  const insertions = subject.direction === 'request' && decision.action !== 'block' && !dryRun ? systemInsertions(activeDetectors(registry, cache, policy, 'any')) : [];
  return {
    decisionId: options.decisionId ?? randomUUID(),
    requestId: subject.meta.requestId,
    direction: subject.direction,
    action: dryRun ? 'allow' : decision.action,
    intendedAction: decision.action,
    risk: round(risk),
    dryRun,
    categories: decision.categories,
    findings,
    ...(masked ? { masked, edits } : {}),
    policy: { id: policy.id, version: policy.version },
    ...(insertions.length > 0 ? { insertions } : {}),
    ...(incomplete.length > 0 ? { incomplete } : {}),
    elapsedUs: Math.round((performance.now() - t0) * 1000),
  };
}

const TRACER = trace.getTracer('aegis-engine');

/** Runs `fn` in a child span of the active span; async results end the span when they settle. */
function inSpan<T>(name: string, attributes: Record<string, string>, fn: () => T): T {
  const span: Span = TRACER.startSpan(name, { attributes });
  const end = (): void => span.end();
  let out: T;
  try {
    out = context.with(trace.setSpan(context.active(), span), fn);
  } catch (err) {
    end();
    throw err;
  }
  if (out instanceof Promise) return out.finally(end) as T;
  end();
  return out;
}

/** What the active detectors ask to add to a request's system prompt (dry-run changes nothing). */
function systemInsertions(active: readonly ActiveDetector[]): SystemInsertion[] {
  const out: SystemInsertion[] = [];
  for (const { detector, config } of active) {
    const text = detector.systemInsertion?.(config);
    if (text !== undefined && text.length > 0) out.push({ detector: detector.id, text });
  }
  return out;
}

function runDetector(detector: Detector, subject: NormalizedSubject, config: unknown, signal: AbortSignal): Finding[] | Promise<Finding[]> {
  return detector.detect(subject, config, signal);
}

interface ActiveDetector {
  readonly detector: Detector;
  readonly config: unknown;
}

/** Active detectors with merged configs per policy object: policies are immutable, so computed once. */
type ConfigCache = WeakMap<Policy, Map<string, ActiveDetector[]>>;

function activeDetectors(registry: DetectorRegistry, cache: ConfigCache, policy: Policy, direction: Subject['direction'] | 'any'): ActiveDetector[] {
  let perPolicy = cache.get(policy);
  if (!perPolicy) {
    perPolicy = new Map();
    cache.set(policy, perPolicy);
  }
  const key = direction;
  let list = perPolicy.get(key);
  if (!list) {
    list = [];
    for (const detector of registry.list()) {
      if (direction !== 'any' && !detector.directions.includes(direction)) continue;
      const settings = policy.detectors?.[detector.id];
      if (!(settings?.enabled ?? detector.enabledByDefault)) continue;
      const base = detector.defaultConfig;
      const config = settings?.config && typeof base === 'object' && base !== null ? { ...base, ...settings.config } : (settings?.config ?? base);
      list.push({ detector, config });
    }
    perPolicy.set(key, list);
  }
  return list;
}

const SEVERITY: Record<VerdictAction, number> = { allow: 0, mask: 1, block: 2 };

/** Applies the policy's per-category rules to findings. */
export function decide(findings: readonly Finding[], policy: Policy, direction: Subject['direction']): Decision {
  const rules = direction === 'request' ? policy.request : policy.response;
  let action: VerdictAction = 'allow';
  const categories = new Set<Category>();
  const toMask: Finding[] = [];
  for (const f of findings) {
    const rule = ruleFor(rules, f.category);
    if (f.score < rule.threshold || rule.action === 'allow') continue;
    categories.add(f.category);
    let effect: VerdictAction = 'allow';
    if (rule.action === 'block') effect = 'block';
    else if (rule.action === 'mask') {
      // Nothing to mask without spans: refuse rather than pass the text on unmasked.
      if (f.spans && f.spans.length > 0) {
        effect = 'mask';
        toMask.push(f);
      } else effect = 'block';
    }
    if (SEVERITY[effect] > SEVERITY[action]) action = effect;
  }
  return { action, categories: [...categories].sort(), toMask };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
