/**
 * Detector `agent`: verifies tool use. For every tool call (in a request's history, or made by the model
 * in a response, streamed or not) and every tool the request declares:
 * - the tool must be allowed by the policy (`allowedTools`, `deniedTools`; scoped policies make this per
 *   tenant and route) and, when the request declared its tools, declared;
 * - the arguments must be JSON and match the declared JSON Schema (ajv);
 * - the arguments must not carry a dangerous family (arguments.ts);
 * - a call made after untrusted content carried instructions is tainted: in a request, a call after a
 *   tool result or document the `rag` model scores as an instruction; in a response, any call when the
 *   exchange's request had such content. `taint.action` makes it block or only flag.
 * Calls have no text spans, so these findings carry none (a masking rule then blocks).
 */
import type { Detector } from '../../engine/detector';
import type { Category, Finding, ToolCall, ToolDefinition } from '../../engine/types';
import type { NormalizedSubject } from '../../normalize';
import { analyzeSegment } from '../rag/analysis';
import type { LinearModel } from '../rag/train';
import { RAG_MODEL } from '../rag/weights';
import { ARGUMENT_FAMILIES, argumentIssues, argumentLeaves, type ArgumentFamily } from './arguments';
import { schemaError, validatorFor } from './schema';

/** Settings of the agent detector (policy `detectors.agent.config`). */
export interface AgentConfig {
  /** Tool names (or `*` globs) the model may call; absent = any tool. */
  readonly allowedTools?: readonly string[];
  /** Tool names (or globs) that are never allowed, whatever `allowedTools` says. */
  readonly deniedTools: readonly string[];
  /** Validate arguments against the declared JSON Schema. */
  readonly validateArguments: boolean;
  /** Flag calls to tools the request did not declare (when it declared any). */
  readonly requireDeclared: boolean;
  /** Dangerous-argument families to check. */
  readonly argumentChecks: readonly ArgumentFamily[];
  /** Hosts (and subdomains) that URL arguments may name although they are internal. */
  readonly allowedHosts: readonly string[];
  readonly taint: TaintConfig;
}

/** What to do with a call that follows instructions in untrusted content. */
export interface TaintConfig {
  /** `block` scores the call 0.9, `flag` 0.6 (logged by the default policy), `off` skips the check. */
  readonly action: 'block' | 'flag' | 'off';
  /** Untrusted content counts as instructions from this score on. */
  readonly minScore: number;
  /** Tools that may follow untrusted content (read-only lookups, say). */
  readonly exemptTools: readonly string[];
}

export const DEFAULT_AGENT_CONFIG: AgentConfig = {
  deniedTools: [],
  validateArguments: true,
  requireDeclared: true,
  argumentChecks: ARGUMENT_FAMILIES,
  allowedHosts: [],
  taint: { action: 'block', minScore: 0.8, exemptTools: [] },
};

const TOOL_LIST = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 } };

const globCache = new Map<string, RegExp>();
function matchesAny(name: string, patterns: readonly string[]): boolean {
  for (const p of patterns) {
    if (!p.includes('*')) {
      if (p === name) return true;
      continue;
    }
    let re = globCache.get(p);
    if (!re) {
      re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      globCache.set(p, re);
    }
    if (re.test(name)) return true;
  }
  return false;
}

/** A tool name safe to put in a reason (declared names are identifiers; anything else is not shown). */
function label(call: { name: string }, index: number): string {
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(call.name) ? `${index}:${call.name}` : `${index}`;
}

class Collector {
  readonly #byKey = new Map<string, { category: Category; score: number; items: string[] }>();
  add(category: Category, kind: string, score: number, item: string): void {
    const key = `${category}|${kind}`;
    const e = this.#byKey.get(key) ?? { category, score: 0, items: [] };
    e.score = Math.max(e.score, score);
    if (e.items.length < 8) e.items.push(item);
    this.#byKey.set(key, e);
  }
  findings(): Finding[] {
    return [...this.#byKey.entries()]
      .map(([key, e]) => ({ detector: 'agent', category: e.category, score: e.score, reason: `${key.split('|')[1] as string}=${e.items.join(',')}` }))
      .sort((a, b) => b.score - a.score || a.reason.localeCompare(b.reason));
  }
}

/** Builds the detector; `ragModel` scores untrusted segments for the taint check (shipped unless given). */
export function createAgentDetector(ragModel: LinearModel = RAG_MODEL): Detector<AgentConfig> {
  return {
    id: 'agent',
    directions: ['request', 'response'],
    cost: 'cheap',
    enabledByDefault: true,
    defaultConfig: DEFAULT_AGENT_CONFIG,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedTools: TOOL_LIST,
        deniedTools: TOOL_LIST,
        validateArguments: { type: 'boolean' },
        requireDeclared: { type: 'boolean' },
        argumentChecks: { type: 'array', items: { enum: [...ARGUMENT_FAMILIES] } },
        allowedHosts: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 253 } },
        taint: {
          type: 'object',
          additionalProperties: false,
          properties: {
            action: { enum: ['block', 'flag', 'off'] },
            minScore: { type: 'number', minimum: 0, maximum: 1 },
            exemptTools: TOOL_LIST,
          },
        },
      },
    },
    detect(subject, config, signal) {
      signal.throwIfAborted();
      const s = subject.subject;
      const calls = s.toolCalls ?? [];
      const declared = s.direction === 'request' ? (s.tools ?? []) : (s.request?.tools ?? []);
      if (calls.length === 0 && (s.direction === 'response' || declared.length === 0)) return [];
      const out = new Collector();
      const allowed = (name: string): boolean => !matchesAny(name, config.deniedTools) && (config.allowedTools === undefined || matchesAny(name, config.allowedTools));

      if (s.direction === 'request') {
        declared.forEach((t, i) => {
          if (!allowed(t.name)) out.add('tool_abuse', 'forbidden_declaration', 0.9, label(t, i));
        });
      }
      const byName = new Map<string, ToolDefinition>();
      for (const t of declared) byName.set(t.name, t);
      const families = new Set(config.argumentChecks);
      // Policies may give part of `taint`; the engine merges configs one level deep only.
      const taint: TaintConfig = { ...DEFAULT_AGENT_CONFIG.taint, ...config.taint };
      const taintFrom = taint.action === 'off' ? undefined : taintPoint(subject, taint.minScore, ragModel);

      calls.forEach((call, i) => {
        if (i % 16 === 15) signal.throwIfAborted();
        const id = label(call, i);
        if (!allowed(call.name)) out.add('tool_abuse', 'forbidden_tool', 0.95, id);
        const def = byName.get(call.name);
        if (config.requireDeclared && declared.length > 0 && !def) out.add('tool_abuse', 'undeclared_tool', 0.7, id);
        const parsed = parseArguments(call);
        if (parsed === INVALID) out.add('tool_abuse', 'arguments_not_json', 0.8, id);
        else if (config.validateArguments && def?.parameters !== undefined) {
          const validate = validatorFor(def.parameters);
          const error = validate ? schemaError(validate, parsed ?? {}) : undefined;
          if (error) out.add('tool_abuse', 'schema_invalid', 0.8, `${id}(${error})`);
        }
        for (const issue of argumentIssues(argumentLeaves(parsed === INVALID ? undefined : parsed, call.arguments), families, config.allowedHosts)) {
          out.add(issue.family === 'credential' ? 'exfiltration' : 'tool_abuse', issue.family, issue.score, `${id}(${issue.detail})`);
        }
        if (taintFrom !== undefined && (call.precedingSegments ?? Infinity) > taintFrom && !matchesAny(call.name, taint.exemptTools)) {
          out.add('tool_abuse', 'tainted', taint.action === 'block' ? 0.9 : 0.6, id);
        }
      });
      return out.findings();
    },
  };
}

/** The detector with the shipped indirect-injection model. */
export const agentDetector: Detector<AgentConfig> = createAgentDetector();

const INVALID = Symbol('invalid');

/** Parsed arguments: undefined for none, INVALID for text that is not JSON. */
function parseArguments(call: ToolCall): unknown {
  const raw = call.arguments.trim();
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return INVALID;
  }
}

/**
 * Index of the first untrusted segment that carried instructions (calls after it are tainted), or
 * undefined. For a response every call comes after the request, so its whole request counts.
 */
function taintPoint(subject: NormalizedSubject, minScore: number, ragModel: LinearModel): number | undefined {
  const s = subject.subject;
  if (s.direction === 'response') return (s.request?.untrustedRisk ?? 0) >= minScore ? -1 : undefined;
  for (const seg of subject.segments) {
    const role = seg.segment.role;
    if ((role === 'tool' || role === 'document') && seg.original.length > 0 && analyzeSegment(seg, ragModel).instructionScore >= minScore) return seg.index;
  }
  return undefined;
}
