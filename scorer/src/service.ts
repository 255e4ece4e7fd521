/**
 * The Core service: parses a body, resolves the policy for its tenant and route, evaluates with a
 * deadline, renders the masked body, and tells observers (logs now; audit and metrics plug in here).
 * Transports (REST, gRPC) call this and only translate.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Config } from './config';
import type { Engine } from './engine/evaluate';
import { exchangeMatters, exchangeOf } from './engine/exchange';
import { applyEdits } from './engine/mask';
import type { Direction, ExchangeRequest, Subject, SubjectMeta, Verdict } from './engine/types';
import { MemoryExchangeStore, type ExchangeStore } from './exchange-store';
import { parseRequestBody, parseResponseBody, type FormatId, type ParsedBody } from './formats';
import type { PolicySet } from '../../policy/store/policy-set';
import { redactText, type Logger } from './telemetry/logger';
import { mergeEdits, type TokenVault } from './tokens/vault';

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
  /** Incoming headers (or gRPC metadata) carrying a W3C `traceparent`, so gateway traces join up. */
  readonly traceCarrier?: Readonly<Record<string, string | string[] | undefined>>;
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
  /**
   * The body to forward instead of the original: masked text when the verdict masks, and in answers
   * also the originals of tokenised values put back (`restoredTokens`).
   */
  readonly maskedBody?: string;
  /** Time to decide (parse, evaluate, render), microseconds. */
  readonly elapsedUs: number;
  /** Request: tokens whose originals were kept. Response: tokens replaced by their originals. */
  readonly tokens?: number;
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
export interface ServiceOptions {
  /** Keeps tokenised originals (masking strategy `tokenize`) and restores them in answers. */
  readonly tokens?: TokenVault;
  /** Key of the `hash` masking strategy. */
  readonly hashKey?: string | Buffer;
  /** Where request halves wait for their responses; defaults to memory with `EXCHANGE_TTL_MS`. */
  readonly exchanges?: ExchangeStore;
}

/** Notified after every decision. Must not throw; must not block (queue work instead). */
export interface DecisionObserver {
  onDecision(result: DecisionResult, context: DecisionContext, body: string | Uint8Array): void;
}

const TRACER = trace.getTracer('aegis-core');
/** What a tenant, route or consumer name may look like (headers, gRPC fields, Envoy metadata). */
export const SCOPE_VALUE = /^[A-Za-z0-9._:/-]{1,128}$/;

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
  /**
   * Decision lines are built here from verdict fields only (the body is already `[len sha256]`), so
   * they skip the logger's wildcard redaction, which doubled the cost of the busiest log line.
   */
  readonly #decisionLog: Logger;
  readonly exchanges: ExchangeStore;

  constructor(
    readonly engine: Engine,
    policies: PolicySet,
    readonly config: Config,
    readonly logger: Logger,
    readonly options: ServiceOptions = {},
  ) {
    this.#policies = policies;
    this.#decisionLog = logger.child({}, { redact: [] });
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
    // Not AbortSignal.timeout: its timer always fires (and builds a DOMException) after the answer is
    // long gone, which cost ~10% of a 1 KB check under load. This timer is cleared on completion.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.config.engineTimeoutMs);
    try {
      return await this.engine.evaluate(subject, policy, deadline.signal, this.#evaluateOptions());
    } finally {
      clearTimeout(timer);
    }
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
      this.record({ verdict, parsed, ...(maskedText !== undefined ? { maskedBody: maskedText } : {}), elapsedUs: verdict.elapsedUs }, { ...ctx, format: 'text' }, doc.text);
    }
    return out;
  }

  #decide(direction: Direction, body: string | Uint8Array, ctx: DecisionContext): Promise<DecisionResult> {
    const parent = ctx.traceCarrier ? propagation.extract(ROOT_CONTEXT, ctx.traceCarrier) : context.active();
    return TRACER.startActiveSpan('aegis.decision', { attributes: { 'aegis.request_id': ctx.requestId, 'aegis.direction': direction, 'aegis.transport': ctx.transport } }, parent, async (span) => {
      try {
        const result = await this.#decideInSpan(direction, body, ctx);
        if (span.isRecording()) {
          span.setAttributes({
            'aegis.decision_id': result.verdict.decisionId,
            'aegis.action': result.verdict.action,
            'aegis.risk': result.verdict.risk,
            'aegis.categories': result.verdict.categories.join(','),
            'aegis.format': result.parsed.format,
          });
        }
        return result;
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as { code?: string }).code ?? 'error' });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  async #decideInSpan(direction: Direction, body: string | Uint8Array, ctx: DecisionContext): Promise<DecisionResult> {
    const t0 = performance.now();
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
    const partial = await this.#withTokens(direction, subject, verdict, parsed, ctx);
    // A detector (the leak canary) may ask to add text to the system prompt of a request let through.
    const insertion = verdict.insertions && parsed.canInsertSystem ? verdict.insertions.map((i) => i.text).join('\n\n') : undefined;
    const rewrittenBody = insertion !== undefined ? parsed.render(verdict.action === 'mask' ? (verdict.edits ?? []) : [], { insertSystem: insertion }) : partial.maskedBody;
    const result: DecisionResult = {
      ...partial,
      ...(rewrittenBody !== undefined ? { rewrittenBody } : {}),
      elapsedUs: Math.round((performance.now() - t0) * 1000),
    };
    this.record(result, ctx, body);
    return result;
  }

  /**
   * Logs a decision and tells the observers. `inspectRequest`/`analyzeResponse` call it; transports
   * that decide piece by piece (a streamed response) call it once with the whole decision.
   */
  record(result: DecisionResult, ctx: DecisionContext, body: string | Uint8Array): void {
    this.#log(result, ctx, body);
    for (const o of this.#observers) {
      try {
        o.onDecision(result, ctx, body);
      } catch (err) {
        this.logger.error({ err, requestId: ctx.requestId }, 'decision observer failed');
      }
    }
  }

  /**
   * Requests: keep the originals of `[[TYPE_n]]` tokens. Answers: put originals back where the answer
   * repeats a token of the same request. A store failure never blocks the decision: the request still
   * goes out masked, the answer still goes out (with its tokens unrestored), and the error is logged.
   */
  async #withTokens(direction: Direction, subject: Subject, verdict: Verdict, parsed: ParsedBody, ctx: DecisionContext): Promise<Omit<DecisionResult, 'elapsedUs'>> {
    const masking = verdict.action === 'mask' && verdict.edits ? verdict.edits : [];
    const vault = this.options.tokens;
    const scope = { requestId: ctx.requestId, ...(ctx.tenant !== undefined ? { tenant: ctx.tenant } : {}) };
    let tokens = 0;
    let edits = masking;
    if (vault && direction === 'request' && masking.length > 0) {
      try {
        tokens = await vault.remember(scope, subject, masking);
      } catch (err) {
        this.logger.error({ err, requestId: ctx.requestId, store: vault.store.kind }, 'token store failed; answers to this request keep their tokens');
      }
    } else if (vault && direction === 'response' && verdict.action !== 'block') {
      try {
        const restore = await vault.restoreEdits(scope, subject.segments);
        tokens = restore.length;
        if (restore.length > 0) edits = mergeEdits(masking, restore);
      } catch (err) {
        this.logger.error({ err, requestId: ctx.requestId, store: vault.store.kind }, 'token store failed; answer keeps its tokens');
      }
    }
    return {
      verdict,
      parsed,
      ...(edits.length > 0 ? { maskedBody: parsed.render(edits) } : {}),
      ...(tokens > 0 ? { tokens } : {}),
    };
  }

  #evaluateOptions() {
    return {
      dryRun: this.config.dryRun,
      ...(this.options.hashKey !== undefined ? { hashKey: this.options.hashKey } : {}),
      onDetectorError: (detector: string, err: unknown) => this.logger.error({ detector, err }, 'detector failed; verdict is partial'),
    };
  }

  #log(result: DecisionResult, ctx: DecisionContext, body: string | Uint8Array): void {
    const v = result.verdict;
    const level = v.intendedAction === 'allow' && v.categories.length === 0 ? 'info' : 'warn';
    this.#decisionLog[level](
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
        ...(result.tokens !== undefined ? { tokens: result.tokens } : {}),
        ...(v.incomplete ? { incomplete: v.incomplete } : {}),
        ...(ctx.tenant ? { tenant: ctx.tenant } : {}),
        ...(ctx.route ? { route: ctx.route } : {}),
      },
      'decision',
    );
  }
}
