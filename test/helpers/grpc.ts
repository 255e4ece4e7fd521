/**
 * Test clients that talk to Core's gRPC services the way Envoy does: loopback connections, Envoy's own
 * protos (from @grpc/grpc-js-xds), one ext_proc stream per HTTP request with one answer per message.
 */
import { credentials, makeClientConstructor, Metadata, type ChannelCredentials, type Client, type ClientDuplexStream, type ServiceError, type CallOptions } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { grpcObjects } from '../../scorer/src/transports/grpc/protos';
import type { CheckRequest, CheckResponse, ProcessingRequest, ProcessingResponse, RateLimitRequest, RateLimitResponse } from '../../scorer/src/transports/grpc/messages';

type Unary<Req, Res> = (req: Req, md: Metadata, options: CallOptions, cb: (err: ServiceError | null, res?: Res) => void) => void;

interface EnvoyPackages {
  envoy: {
    service: {
      auth: { v3: { Authorization: new (a: string, c: ChannelCredentials) => Client & { Check: Unary<CheckRequest, CheckResponse> } } };
      ext_proc: { v3: { ExternalProcessor: new (a: string, c: ChannelCredentials) => Client & { Process: (md?: Metadata) => ClientDuplexStream<ProcessingRequest, ProcessingResponse> } } };
      ratelimit: { v3: { RateLimitService: new (a: string, c: ChannelCredentials) => Client & { ShouldRateLimit: Unary<RateLimitRequest, RateLimitResponse> } } };
    };
  };
}

/** A test call never waits forever: a hung server fails the test, not the whole run. */
const TEST_DEADLINE_MS = 15_000;

function promisify<Req, Res>(client: Client, fn: Unary<Req, Res>, req: Req, md = new Metadata()): Promise<Res> {
  return new Promise((resolve, reject) =>
    fn.call(client, req, md, { deadline: Date.now() + TEST_DEADLINE_MS }, (err, res) => (err || !res ? reject(err ?? new Error('no answer')) : resolve(res))),
  );
}

/** Clients for Envoy's three services on `address`. */
export function envoyClients(address: string) {
  const pkg = grpcObjects().envoy as unknown as EnvoyPackages;
  const creds = credentials.createInsecure();
  const authz = new pkg.envoy.service.auth.v3.Authorization(address, creds);
  const extProc = new pkg.envoy.service.ext_proc.v3.ExternalProcessor(address, creds);
  const rls = new pkg.envoy.service.ratelimit.v3.RateLimitService(address, creds);
  return {
    check: (req: CheckRequest) => promisify(authz, authz.Check, req),
    shouldRateLimit: (req: RateLimitRequest) => promisify(rls, rls.ShouldRateLimit, req),
    /** Opens one ext_proc stream (one HTTP request), optionally with per-route call metadata. */
    process: (md?: Metadata) => new ExtProcDriver(extProc.Process(md ?? new Metadata())),
    close: () => {
      authz.close();
      extProc.close();
      rls.close();
    },
  };
}

/** Drives one ext_proc stream: each message waits for its answer, as Envoy does. */
export class ExtProcDriver {
  readonly #call: ClientDuplexStream<ProcessingRequest, ProcessingResponse>;
  readonly #answers: ProcessingResponse[] = [];
  readonly #waiting: Array<{ resolve: (r: ProcessingResponse) => void; reject: (e: Error) => void }> = [];
  #error: Error | undefined;
  /** Resolves with the final status code of the stream. */
  readonly closed: Promise<number>;

  constructor(call: ClientDuplexStream<ProcessingRequest, ProcessingResponse>) {
    this.#call = call;
    call.on('data', (r: ProcessingResponse) => {
      const w = this.#waiting.shift();
      if (w) w.resolve(r);
      else this.#answers.push(r);
    });
    call.on('error', (err: Error) => {
      this.#error = err;
      for (const w of this.#waiting.splice(0)) w.reject(err);
    });
    this.closed = new Promise((resolve) => call.on('status', (s: { code: number }) => resolve(s.code)));
  }

  /** Sends one message and waits for its answer. */
  send(msg: ProcessingRequest): Promise<ProcessingResponse> {
    if (this.#error) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      const ready = this.#answers.shift();
      if (ready) return resolve(ready);
      this.#waiting.push({ resolve, reject });
      this.#call.write(msg);
    });
  }

  /** Half-closes the stream (the HTTP request is complete). */
  end(): void {
    this.#call.end();
  }

  /** Envoy gives up on the stream (client went away). */
  cancel(): void {
    this.#call.cancel();
  }
}

/** Envoy-style header map with values in raw_value. */
export function headerMap(headers: Record<string, string>): { headers: Array<{ key: string; raw_value: Buffer }> } {
  return { headers: Object.entries(headers).map(([key, value]) => ({ key, raw_value: Buffer.from(value) })) };
}

/** One grpc.health.v1 Check; resolves to the status name. */
export function healthCheck(address: string, serviceName: string, creds: ChannelCredentials = credentials.createInsecure()): Promise<string> {
  const Health = makeClientConstructor(healthService, 'grpc.health.v1.Health');
  const client = new Health(address, creds) as unknown as Client & { Check: Unary<{ service: string }, { status: string | number }> };
  return promisify(client, client.Check, { service: serviceName })
    .then((r) => String(r.status))
    .finally(() => client.close());
}
