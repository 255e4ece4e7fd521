/**
 * The Core service: parses a body, resolves the policy for its tenant and route, evaluates with a
 * deadline, renders the masked body, and tells observers (logs now; audit and metrics plug in here).
 * Transports (REST, gRPC) call this and only translate.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import type { Engine } from './engine/evaluate';
import { exchangeMatters, exchangeOf } from './engine/exchange';
import { applyEdits } from './engine/mask';
import type { Direction, ExchangeRequest, Subject, SubjectMeta, Verdict } from './engine/types';
import { MemoryExchangeStore, type ExchangeStore } from './exchange-store';
import { parseRequestBody, parseResponseBody, type FormatId, type ParsedBody } from './formats';
import type { PolicySet } from '../../policy/store/policy-set';
import { redactText, type Logger } from './telemetry/logger';

/** Who and where a decision is for, as the transport learned it. */
export interface DecisionContext {
  readonly requestId: string;
  readonly tenant?: string;
  readonly route?: string;
  readonly consumer?: string;
  readonly contentType?: string;
  readonly format?: FormatId;
  /** Which transport asked: `rest`, `cli`, `grpc`… (for logs and metrics). */
  readonly transport: string;
  /**
   * For a response: its request's half, when the caller has it (the CLI, a gRPC caller that sends
   * both). Without it the service looks the request id up in its exchange store.
   */
  readonly exchange?: ExchangeRequest;
}

/** A finished decision with what the transport needs to answer. */
export interface DecisionResult {
  readonly verdict: Verdict;
  readonly parsed: ParsedBody;
  /** The body with masked text, when the verdict masks. */
  readonly maskedBody?: string;
  /**
   * The body to forward whenever Aegis changed it: masked text and/or a system-prompt insertion (the
   * leak detector's canary). Equal to `maskedBody` when only masking applied.
   */
  readonly rewrittenBody?: string;
}

/** One document of an ingestion scan. */
export interface ScanDocument {
  readonly id: string;
  readonly text: string;
}

/** The verdict for one scanned document, with the masked text when the policy masks. */
export interface DocumentVerdict {
  readonly id: string;
  readonly verdict: Verdict;
  readonly maskedText?: string;
}

/** Optional collaborators of the service. */
export interface CoreServiceOptions {
  /** Where request halves wait for their responses; defaults to memory with `EXCHANGE_TTL_MS`. */
  readonly exchanges?: ExchangeStore;
}

/** Notified after every decision. Must not throw; must not block (queue work instead). */
export interface DecisionObserver {
  onDecision(result: DecisionResult, context: DecisionContext, body: string | Uint8Array): void;
}

function metaOf(ctx: DecisionContext): SubjectMeta {
  return {
    requestId: ctx.requestId,
    ...(ctx.route !== undefined ? { route: ctx.route } : {}),
    ...(ctx.tenant !== undefined ? { tenant: ctx.tenant } : {}),
    ...(ctx.consumer !== undefined ? { consumer: ctx.consumer } : {}),
  };
}

/** Request ids from clients are kept only when they look like ids (no log injection, bounded length). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id to use for a request: the caller's if it is sane, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v !== undefined && REQUEST_ID.test(v) ? v : randomUUID();
}

/** Core's decision service. */
export class CoreService {
  #policies: PolicySet;
  readonly #observers: DecisionObserver[] = [];
  readonly exchanges: ExchangeStore;

  constructor(
    readonly engine: Engine,
    policies: PolicySet,
    readonly config: Config,
    readonly logger: Logger,
    options: CoreServiceOptions = {},
  ) {
    this.#policies = policies;
    this.exchanges = options.exchanges ?? new MemoryExchangeStore(config.exchangeTtlMs);
  }

  get policies(): PolicySet {
    return this.#policies;
  }

  /** Swaps the active policy set (hot reload); decisions in flight keep the one they started with. */
  setPolicies(set: PolicySet): void {
    this.#policies = set;
  }

  addObserver(observer: DecisionObserver): void {
    this.#observers.push(observer);
  }

  /** Inspects an LLM request body. */
  inspectRequest(body: string | Uint8Array, ctx: DecisionContext): Promise<DecisionResult> {
    return this.#decide('request', body, ctx);
  }

  /** Inspects an LLM response body (JSON or an event stream). */
  analyzeResponse(body: string | Uint8Array, ctx: DecisionContext): Promise<DecisionResult> {
    return this.#decide('response', body, ctx);
  }

  /** Evaluates an already-built subject (CLI `text` lines, gRPC callers that send segments). */
  async evaluateSubject(subject: Subject): Promise<Verdict> {
    const policy = this.#policies.resolve(subject.meta);
    return this.engine.evaluate(subject, policy, AbortSignal.timeout(this.config.engineTimeoutMs), this.#evaluateOptions());
  }

  /**
   * Scans documents before they are indexed (RAG ingestion): each document is one `document` segment of
   * a request subject, judged by the request rules of the policy for the context's tenant and route.
   */
  async scanDocuments(documents: readonly ScanDocument[], ctx: DecisionContext): Promise<DocumentVerdict[]> {
    const meta = metaOf(ctx);
    const out: DocumentVerdict[] = [];
    for (const doc of documents) {
      const subject: Subject = { direction: 'request', segments: [{ role: 'document', text: doc.text, source: doc.id }], meta };
      const verdict = await this.evaluateSubject(subject);
      const maskedText = verdict.action === 'mask' && verdict.edits ? applyEdits(doc.text, verdict.edits) : undefined;
      out.push({ id: doc.id, verdict, ...(maskedText !== undefined ? { maskedText } : {}) });
      const parsed: ParsedBody = {
        format: 'text',
        stream: false,
        segments: subject.segments,
        toolCalls: [],
        tools: [],
        canInsertSystem: false,
        render: (edits) => applyEdits(doc.text, edits),
      };
      this.#notify({ verdict, parsed, ...(maskedText !== undefined ? { maskedBody: maskedText } : {}) }, { ...ctx, format: 'text' }, doc.text);
    }
    return out;
  }

  async #decide(direction: Direction, body: string | Uint8Array, ctx: DecisionContext): Promise<DecisionResult> {
    const parseOpts = { ...(ctx.contentType !== undefined ? { contentType: ctx.contentType } : {}), ...(ctx.format !== undefined ? { format: ctx.format } : {}) };
    const parsed = direction === 'request' ? parseRequestBody(body, parseOpts) : parseResponseBody(body, parseOpts);
    const exchange = direction === 'response' ? (ctx.exchange ?? this.exchanges.get(ctx.requestId)) : undefined;
    const subject: Subject = {
      direction,
      segments: parsed.segments,
      toolCalls: parsed.toolCalls,
      tools: parsed.tools,
      ...(exchange ? { request: exchange } : {}),
      meta: metaOf(ctx),
    };
    const verdict = await this.evaluateSubject(subject);
    if (direction === 'request' && verdict.intendedAction !== 'block') {
      const x = exchangeOf(subject, verdict.findings);
      if (exchangeMatters(x)) this.exchanges.set(ctx.requestId, x);
    }
    const maskedBody = verdict.action === 'mask' && verdict.edits ? parsed.render(verdict.edits) : undefined;
    const insertion = verdict.insertions && parsed.canInsertSystem ? verdict.insertions.map((i) => i.text).join('\n\n') : undefined;
    const rewrittenBody = insertion !== undefined ? parsed.render(verdict.action === 'mask' ? (verdict.edits ?? []) : [], { insertSystem: insertion }) : maskedBody;
    const result: DecisionResult = {
      verdict,
      parsed,
      ...(maskedBody !== undefined ? { maskedBody } : {}),
      ...(rewrittenBody !== undefined ? { rewrittenBody } : {}),
    };
    this.#notify(result, ctx, body);
    return result;
  }

  #notify(result: DecisionResult, ctx: DecisionContext, body: string | Uint8Array): void {
    this.#log(result, ctx, body);
    for (const o of this.#observers) {
      try {
        o.onDecision(result, ctx, body);
      } catch (err) {
        this.logger.error({ err, requestId: ctx.requestId }, 'decision observer failed');
      }
    }
  }

  #evaluateOptions() {
    return {
      dryRun: this.config.dryRun,
      onDetectorError: (detector: string, err: unknown) => this.logger.error({ detector, err }, 'detector failed; verdict is partial'),
    };
  }

  #log(result: DecisionResult, ctx: DecisionContext, body: string | Uint8Array): void {
    const v = result.verdict;
    const level = v.intendedAction === 'allow' && v.categories.length === 0 ? 'info' : 'warn';
    this.logger[level](
      {
        requestId: v.requestId,
        decisionId: v.decisionId,
        transport: ctx.transport,
        direction: v.direction,
        action: v.action,
        intendedAction: v.intendedAction,
        dryRun: v.dryRun,
        risk: v.risk,
        categories: v.categories,
        policy: `${v.policy.id}@${v.policy.version}`,
        format: result.parsed.format,
        segments: result.parsed.segments.length,
        body: redactText(body),
        elapsedUs: v.elapsedUs,
        ...(v.incomplete ? { incomplete: v.incomplete } : {}),
        ...(ctx.tenant ? { tenant: ctx.tenant } : {}),
        ...(ctx.route ? { route: ctx.route } : {}),
      },
      'decision',
    );
  }
}
