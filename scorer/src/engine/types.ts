/**
 * Core types shared by every part of Aegis. Kept small and readonly: transports translate to and
 * from these, detectors read them, the policy decides on them.
 */

/** Which way the traffic flows: a prompt going to the model, or an answer coming back. */
export type Direction = 'request' | 'response';

/** Who wrote a segment. `document` is retrieved content (RAG); `tool` is a tool result. */
export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'document';

/** One piece of text in a subject, tagged with its role. */
export interface Segment {
  readonly role: Role;
  readonly text: string;
  /** Where the text came from in the body, e.g. `messages[2].content`; for humans and audit only. */
  readonly source?: string;
}

/** A tool (function) call made by the model, or replayed in a request's history. */
export interface ToolCall {
  readonly id?: string;
  readonly name: string;
  /** The arguments as the raw JSON text the model produced (may be invalid JSON). */
  readonly arguments: string;
  readonly source?: string;
  /**
   * How many of the subject's segments came before this call in the body (history order). A call made
   * after a tool result or document that carried instructions is tainted (agent detector).
   */
  readonly precedingSegments?: number;
}

/** A tool (function) the caller declares to the model. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments, as declared. */
  readonly parameters?: unknown;
}

/** Who and where: used to pick a policy and to fill audit records. */
export interface SubjectMeta {
  readonly requestId: string;
  readonly route?: string;
  readonly tenant?: string;
  readonly consumer?: string;
}

/**
 * What the request of an exchange showed, attached to the subject of its response: the engine sees one
 * direction at a time, but leak and tool checks on an answer need the system prompt, the declared tools
 * and whether untrusted content carried instructions. Built by `exchangeOf` (engine/exchange.ts).
 */
export interface ExchangeRequest {
  /** Texts of the request's system segments. */
  readonly system: readonly string[];
  /** Tools the request declared. */
  readonly tools: readonly ToolDefinition[];
  /** Highest attack score found in the request's `tool` and `document` segments (0 = none). */
  readonly untrustedRisk: number;
}

/** Everything the engine inspects for one decision. */
export interface Subject {
  readonly direction: Direction;
  readonly segments: readonly Segment[];
  readonly toolCalls?: readonly ToolCall[];
  readonly tools?: readonly ToolDefinition[];
  /** For a response: what its request showed, when the caller or the exchange store knows it. */
  readonly request?: ExchangeRequest;
  readonly meta: SubjectMeta;
}

/** Text a detector asks to add to a request's system prompt (a canary token), if the policy allows. */
export interface SystemInsertion {
  readonly detector: string;
  readonly text: string;
}

/** Threat and data categories a finding can belong to. Policies set a threshold and action per category. */
export const CATEGORIES = [
  'prompt_injection',
  'jailbreak',
  'prompt_extraction',
  'delimiter_injection',
  'privilege_escalation',
  'tool_abuse',
  'exfiltration',
  'obfuscation',
  'indirect_injection',
  'prompt_leak',
  'pii',
  'secret',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** A half-open range `[start, end)` in JavaScript string indices of `segments[segment].text`. */
export interface Span {
  readonly segment: number;
  readonly start: number;
  readonly end: number;
  /** Entity or rule type, e.g. `KR_RRN` or `instruction_override`; used as the mask label. */
  readonly type?: string;
}

/** What a detector found. Findings carry spans, never the matched text. */
export interface Finding {
  readonly detector: string;
  readonly category: Category;
  /** Confidence 0..1. */
  readonly score: number;
  readonly spans?: readonly Span[];
  /** Short machine-friendly reason, e.g. the ids of the rules that fired. Never user text. */
  readonly reason?: string;
}

/** Replace `[start, end)` of segment `segment` with `replacement`. */
export interface TextEdit {
  readonly segment: number;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** The action a policy can take for a category. `log` records the finding but lets the text through. */
export type PolicyAction = 'allow' | 'log' | 'mask' | 'block';

/** The action on the wire. */
export type VerdictAction = 'allow' | 'mask' | 'block';

/** The engine's answer for one subject. */
export interface Verdict {
  readonly decisionId: string;
  readonly requestId: string;
  readonly direction: Direction;
  /** What the gateway must do. In dry-run mode a block becomes an allow. */
  readonly action: VerdictAction;
  /** What the policy would have done without dry-run. Equal to `action` when not in dry-run. */
  readonly intendedAction: VerdictAction;
  /** Highest finding score, 0..1 (0 when nothing was found). */
  readonly risk: number;
  readonly dryRun: boolean;
  /** Categories that reached their threshold with an action other than `allow`, sorted. */
  readonly categories: readonly Category[];
  readonly findings: readonly Finding[];
  /** Present when `intendedAction` is `mask`: the subject with the masked spans replaced. */
  readonly masked?: Subject;
  /** Present with `masked`: what was replaced where, in original segment coordinates. */
  readonly edits?: readonly TextEdit[];
  readonly policy: { readonly id: string; readonly version: number };
  /**
   * Request only, when not blocked and not in dry-run: text to add to the system prompt (an opt-in
   * canary). Transports that can rewrite the request body forward it with these insertions.
   */
  readonly insertions?: readonly SystemInsertion[];
  /** Detectors that did not finish (deadline, error); a non-empty list means the verdict is partial. */
  readonly incomplete?: readonly string[];
  /** Time spent in the engine, microseconds. */
  readonly elapsedUs: number;
}
