/**
 * A typed client for aegis.v1.Scorer (what the Kong edge plugin uses to reach Core). Answers come back
 * in the REST verdict's camelCase shape; failures are `ScorerCallError` with the gRPC status, the
 * catalog code and the request id, so callers can choose fail-open or fail-closed per code.
 */
import { credentials, Metadata, type ChannelCredentials, type ChannelOptions, type Client, type ServiceError } from '@grpc/grpc-js';
import type { ErrorCode } from '../../errors';
import type { FormatId } from '../../formats';
import { catalogCodeOf, REQUEST_ID_KEY } from './errors';
import { grpcObjects } from './protos';
import type { InspectRequestMessage, VerdictMessage } from './scorer-service';

/** What to inspect. */
export interface ScorerInput {
  readonly body: string | Uint8Array;
  readonly contentType?: string;
  readonly requestId?: string;
  readonly tenant?: string;
  readonly route?: string;
  readonly consumer?: string;
  readonly format?: FormatId;
}

/** The verdict as the REST API spells it. */
export interface RemoteVerdict {
  readonly decisionId: string;
  readonly requestId: string;
  readonly direction: 'request' | 'response';
  readonly action: 'allow' | 'mask' | 'block';
  readonly intendedAction: 'allow' | 'mask' | 'block';
  readonly risk: number;
  readonly dryRun: boolean;
  readonly categories: readonly string[];
  readonly findings: ReadonlyArray<{ detector: string; category: string; score: number; spans: ReadonlyArray<{ segment: number; start: number; end: number; type?: string }>; reason?: string }>;
  readonly policy: { readonly id: string; readonly version: number };
  /** The masked body (UTF-8) when `action` is `mask`. */
  readonly maskedBody?: string;
  /** The body to forward whenever Core changed it (masked text and/or a system-prompt insertion). */
  readonly rewrittenBody?: string;
  readonly incomplete: readonly string[];
  readonly format: string;
  readonly stream: boolean;
  readonly elapsedUs: number;
}

/** A failed call. `code` is the gRPC status; `catalogCode` Aegis's error code when Core sent one. */
export class ScorerCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly catalogCode: ErrorCode | undefined,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'ScorerCallError';
  }
}

/** Client options. */
export interface ScorerClientOptions {
  /** Per-call deadline (default 500 ms). */
  readonly deadlineMs?: number;
  /** Channel credentials (default insecure; TLS/mTLS for the Edge → Core link comes later). */
  readonly credentials?: ChannelCredentials;
  /** grpc-js channel options (e.g. reconnect backoff: the edge wants Core back within a probe interval). */
  readonly channelOptions?: ChannelOptions;
}

type ClientCtor = new (addr: string, creds: ChannelCredentials, options?: ChannelOptions) => Client;
type UnaryMethod = (req: InspectRequestMessage, md: Metadata, opts: { deadline: Date }, cb: (err: ServiceError | null, res?: VerdictMessage) => void) => void;

/** Calls Core's Scorer service at `address` (`host:port`). */
export class ScorerClient {
  readonly #client: Client & { Inspect: UnaryMethod; AnalyzeOutput: UnaryMethod };
  readonly #deadlineMs: number;

  constructor(address: string, options: ScorerClientOptions = {}) {
    const Scorer = (grpcObjects().aegis as unknown as { aegis: { v1: { Scorer: ClientCtor } } }).aegis.v1.Scorer;
    this.#client = new Scorer(address, options.credentials ?? credentials.createInsecure(), options.channelOptions ?? {}) as Client & { Inspect: UnaryMethod; AnalyzeOutput: UnaryMethod };
    this.#deadlineMs = options.deadlineMs ?? 500;
  }

  /** Inspects an LLM request body. */
  inspect(input: ScorerInput, deadlineMs?: number): Promise<RemoteVerdict> {
    return this.#call(this.#client.Inspect.bind(this.#client), input, deadlineMs);
  }

  /** Inspects an LLM response body; `maskedBody` holds the masked text when it masks. */
  analyzeOutput(input: ScorerInput, deadlineMs?: number): Promise<RemoteVerdict> {
    return this.#call(this.#client.AnalyzeOutput.bind(this.#client), input, deadlineMs);
  }

  close(): void {
    this.#client.close();
  }

  #call(method: UnaryMethod, input: ScorerInput, deadlineMs: number | undefined): Promise<RemoteVerdict> {
    const req: InspectRequestMessage = {
      body: Buffer.from(input.body),
      ...(input.contentType !== undefined ? { content_type: input.contentType } : {}),
      ...(input.requestId !== undefined ? { request_id: input.requestId } : {}),
      ...(input.tenant !== undefined ? { tenant: input.tenant } : {}),
      ...(input.route !== undefined ? { route: input.route } : {}),
      ...(input.consumer !== undefined ? { consumer: input.consumer } : {}),
      ...(input.format !== undefined ? { format: input.format } : {}),
    };
    const deadline = new Date(Date.now() + (deadlineMs ?? this.#deadlineMs));
    return new Promise((resolve, reject) => {
      method(req, new Metadata(), { deadline }, (err, res) => {
        if (err || !res) {
          const e = err ?? ({ code: 13, details: 'empty answer', message: 'empty answer' } as ServiceError);
          const rid = e.metadata?.get(REQUEST_ID_KEY)[0];
          reject(new ScorerCallError(e.code, e.details || e.message, e.metadata ? catalogCodeOf(e) : undefined, typeof rid === 'string' ? rid : undefined));
          return;
        }
        resolve(fromVerdictMessage(res));
      });
    });
  }
}

function fromVerdictMessage(m: VerdictMessage): RemoteVerdict {
  return {
    decisionId: m.decision_id,
    requestId: m.request_id,
    direction: m.direction as RemoteVerdict['direction'],
    action: m.action as RemoteVerdict['action'],
    intendedAction: (m.intended_action ?? m.action) as RemoteVerdict['action'],
    risk: m.risk ?? 0,
    dryRun: m.dry_run ?? false,
    categories: m.categories ?? [],
    findings: (m.findings ?? []).map((f) => ({ ...f, score: f.score ?? 0, spans: (f.spans ?? []).map((s) => ({ segment: s.segment ?? 0, start: s.start ?? 0, end: s.end ?? 0, ...(s.type ? { type: s.type } : {}) })) })),
    policy: { id: m.policy?.id ?? '', version: m.policy?.version ?? 0 },
    ...(m.masked_body !== undefined && m.masked_body.length > 0 ? { maskedBody: Buffer.from(m.masked_body).toString('utf8') } : {}),
    ...(m.rewritten_body !== undefined && m.rewritten_body.length > 0 ? { rewrittenBody: Buffer.from(m.rewritten_body).toString('utf8') } : {}),
    incomplete: m.incomplete ?? [],
    format: m.format ?? '',
    stream: m.stream ?? false,
    elapsedUs: Number(m.elapsed_us ?? 0),
  };
}
