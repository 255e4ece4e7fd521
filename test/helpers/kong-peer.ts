/**
 * A stand-in for Kong in front of `kong-js-pluginserver`: it speaks Kong's MessagePack-RPC over the
 * plugin server's Unix socket the way Kong's `mp_rpc` does — one connection per call, never two
 * requests in flight on one socket (the plugin server's decoder crashes on pipelined messages) —
 * `plugin.GetPluginInfo`, `plugin.StartInstance` (config as a JSON string) and `plugin.HandleEvent`,
 * then answers each PDK call the plugin makes with the `plugin.Step*` method Kong would use
 * (`StepMultiMap` for header maps, `StepConsumer` for consumers, `StepError` when the PDK call fails).
 *
 * `KongRequest` plays one proxied request: what the client sent, and what the plugin did with it
 * (headers and body for the upstream, headers for the client, `kong.response.exit`, the target). The
 * same request can also be handed to the plugin in-process (`pdkFor`), for unit tests and benchmarks.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import { createConnection } from 'node:net';

/** A PDK call that Kong answers with an error (plugin.StepError). */
export class PdkFailure extends Error {}

/** What the client sent, as Kong sees it. */
export interface KongRequestInit {
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string;
  readonly clientIp?: string;
  readonly consumer?: { id: string; username?: string } | null;
  /** Make kong.request.get_raw_body fail (a body that did not fit client_body_buffer_size). */
  readonly rawBodyError?: string;
}

/** The upstream's answer, for the response phase. */
export interface ServiceResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

/** Kong's answer to a `kong.response.exit`. */
export interface KongExit {
  readonly status: number;
  readonly body: string | undefined;
  readonly headers: Record<string, string | undefined>;
}

/** Which Step method Kong uses to answer a PDK method (kong/runloop/plugin_servers/mp_rpc.lua). */
const STEP_BY_METHOD: Readonly<Record<string, string>> = {
  'kong.client.get_credential': 'plugin.StepCredential',
  'kong.client.load_consumer': 'plugin.StepConsumer',
  'kong.client.get_consumer': 'plugin.StepConsumer',
  'kong.client.authenticate': 'plugin.StepCredential',
  'kong.node.get_memory_stats': 'plugin.StepMemoryStats',
  'kong.router.get_route': 'plugin.StepRoute',
  'kong.router.get_service': 'plugin.StepService',
  'kong.request.get_query': 'plugin.StepMultiMap',
  'kong.request.get_headers': 'plugin.StepMultiMap',
  'kong.response.get_headers': 'plugin.StepMultiMap',
  'kong.service.response.get_headers': 'plugin.StepMultiMap',
};

const lower = (h: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

/** One request through Kong: its input and everything the plugin did to it. */
export class KongRequest {
  readonly headers: Record<string, string | string[]>;
  readonly body: string;
  readonly clientIp: string;
  readonly consumer: { id: string; username?: string } | null;
  readonly rawBodyError: string | undefined;
  /** Headers set for the upstream request (kong.service.request.set_headers). */
  readonly upstreamHeaders: Record<string, string | undefined> = {};
  /** The body sent upstream when the plugin replaced it. */
  upstreamBody: string | undefined;
  /** Headers set for the client's response. */
  readonly responseHeaders: Record<string, string | undefined> = {};
  exit: KongExit | undefined;
  target: { host: string; port: number } | undefined;
  scheme: string | undefined;
  path: string | undefined;
  /** kong.ctx.shared, kept across the phases of this request. */
  readonly shared: Record<string, unknown> = {};
  /** The upstream's answer (set before the response phase). */
  service: ServiceResponse | undefined;
  /** Every PDK method called, in order. */
  readonly calls: string[] = [];
  /** PDK methods this stand-in does not know (a test should find none). */
  readonly unknown: string[] = [];

  constructor(init: KongRequestInit = {}) {
    this.headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    this.body = init.body ?? '';
    this.clientIp = init.clientIp ?? '203.0.113.7';
    this.consumer = init.consumer ?? null;
    this.rawBodyError = init.rawBodyError;
  }

  /** Answers one PDK call like Kong; throws PdkFailure for a call that fails. */
  call(method: string, args: readonly unknown[]): unknown {
    this.calls.push(method);
    switch (method) {
      case 'kong.request.get_headers':
        return this.headers;
      case 'kong.request.get_raw_body':
        if (this.rawBodyError !== undefined) throw new PdkFailure(this.rawBodyError);
        return this.body;
      case 'kong.client.get_consumer':
        return this.consumer;
      case 'kong.client.get_forwarded_ip':
        return this.clientIp;
      case 'kong.service.request.set_headers':
        // Like ngx.req.set_header: later reads of the request headers see them too.
        for (const [k, v] of Object.entries(lower(args[0] as Record<string, string>))) {
          this.upstreamHeaders[k] = v;
          this.headers[k] = v;
        }
        return null;
      case 'kong.service.request.set_raw_body':
        this.upstreamBody = args[0] as string;
        return null;
      case 'kong.service.request.set_scheme':
        this.scheme = args[0] as string;
        return null;
      case 'kong.service.request.set_path':
        this.path = args[0] as string;
        return null;
      case 'kong.service.set_target':
        this.target = { host: args[0] as string, port: args[1] as number };
        return null;
      case 'kong.response.set_headers':
        Object.assign(this.responseHeaders, lower(args[0] as Record<string, string>));
        return null;
      case 'kong.response.exit':
        this.exit = { status: args[0] as number, body: args[1] as string | undefined, headers: lower((args[2] as Record<string, string> | undefined) ?? {}) };
        return null;
      case 'kong.ctx.shared.set':
        this.shared[args[0] as string] = args[1];
        return null;
      case 'kong.ctx.shared.get':
        return this.shared[args[0] as string] ?? null;
      case 'kong.response.get_status':
        return this.service?.status ?? 502;
      case 'kong.service.response.get_header':
        return lower(this.service?.headers ?? {})[(args[0] as string).toLowerCase()] ?? null;
      case 'kong.service.response.get_raw_body':
        return this.service?.body ?? null;
      default:
        this.unknown.push(method);
        throw new PdkFailure(`could not find pdk method: ${method}`);
    }
  }

  /** The status and body the client gets: the plugin's exit, else the upstream's answer. */
  get answer(): { status: number; body: string | undefined } {
    return this.exit ? { status: this.exit.status, body: this.exit.body } : { status: this.service?.status ?? 200, body: this.service?.body };
  }

  /** The exit body as JSON. */
  exitJson<T = Record<string, unknown>>(): T {
    return JSON.parse(this.exit?.body ?? 'null') as T;
  }
}

/**
 * The PDK object kong-pdk hands a phase, answered in-process by `req` (camelCase names become
 * snake_case, as kong-pdk's bridge does). Calls resolve asynchronously, like RPC answers.
 */
export function pdkFor(req: KongRequest): unknown {
  const make = (prefix: string): unknown =>
    new Proxy(() => undefined, {
      get: (_t, name: string) => make(`${prefix}.${name.replace(/[a-z][A-Z]/g, (s) => `${s[0]}_${s[1]!.toLowerCase()}`)}`),
      apply: (_t, _this, args: unknown[]) => {
        try {
          return Promise.resolve(req.call(prefix, args));
        } catch (err) {
          return Promise.reject(err);
        }
      },
    });
  return make('kong');
}

interface RpcEvent {
  EventId: number;
  Data: 'ret' | { Method: string; Args?: unknown[] } | null;
}

/** Kong's side of the plugin server's socket. */
export class KongPeer {
  #msgid = 0;
  #seq = 0;
  readonly #encoder = new Encoder();
  /** RPC calls made (each on its own connection). */
  calls = 0;

  constructor(readonly socketPath: string) {}

  /** One MessagePack-RPC call on a fresh connection: [0, id, method, params] → [1, id, error, result]. */
  call<T = unknown>(method: string, params: readonly unknown[]): Promise<T> {
    const id = ++this.#msgid;
    this.calls++;
    return new Promise((resolve, reject) => {
      const sock = createConnection(this.socketPath);
      const decoder = new Decoder();
      let buf: Buffer = Buffer.alloc(0);
      const fail = (err: Error): void => {
        sock.destroy();
        reject(err);
      };
      sock.on('error', fail);
      sock.on('connect', () => sock.write(this.#encoder.encode([0, id, method, params])));
      sock.on('data', (chunk: Buffer) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        let msg: unknown;
        try {
          msg = decoder.decode(buf);
        } catch (err) {
          if (/Insufficient data/i.test((err as Error).message)) return;
          return fail(err as Error);
        }
        sock.end();
        const [type, msgid, error, result] = msg as [number, number, unknown, T];
        if (type !== 1 || msgid !== id) return reject(new Error(`unexpected answer ${JSON.stringify(msg)}`));
        if (error !== null && error !== undefined) return reject(new Error(String(error)));
        resolve(result);
      });
    });
  }

  getPluginInfo(name: string): Promise<PluginInfo> {
    return this.call('plugin.GetPluginInfo', [name]);
  }

  /**
   * Starts an instance with `config`, JSON-encoded as Kong sends it, with the bookkeeping members
   * Kong's plugin iterator adds to every plugin config (`__key__`, `__seq__`); resolves to its id.
   */
  async startInstance(name: string, config: Record<string, unknown>): Promise<number> {
    this.#seq++;
    const r = await this.call<{ Id: number }>('plugin.StartInstance', [{ Name: name, Config: JSON.stringify({ ...config, __key__: `plugins:${name}:${this.#seq}::::`, __seq__: this.#seq }) }]);
    return r.Id;
  }

  /** Runs one phase of `req` on an instance, answering every PDK call until the plugin returns. */
  async handleEvent(instanceId: number, phase: string, req: KongRequest): Promise<void> {
    let ev = await this.call<RpcEvent>('plugin.HandleEvent', [{ InstanceId: instanceId, EventName: phase }]);
    const eventId = ev.EventId;
    while (ev.Data !== 'ret') {
      if (ev.Data === null || typeof ev.Data !== 'object') throw new Error(`unexpected event data ${JSON.stringify(ev.Data)}`);
      const { Method, Args } = ev.Data;
      let step = STEP_BY_METHOD[Method] ?? 'plugin.Step';
      let data: unknown;
      try {
        data = req.call(Method, Args ?? []);
      } catch (err) {
        if (!(err instanceof PdkFailure)) throw err;
        step = 'plugin.StepError';
        data = err.message;
      }
      // Lua drops nil members of a table: a nil answer is a Step without Data.
      ev = await this.call<RpcEvent>(step, [data === null || data === undefined ? { EventId: eventId } : { EventId: eventId, Data: data }]);
    }
  }

  /** The access phase then, unless the plugin answered itself, the upstream's answer and the response phase. */
  async proxy(instanceId: number, req: KongRequest, upstream?: ServiceResponse, phases: readonly string[] = ['access', 'response']): Promise<KongRequest> {
    await this.handleEvent(instanceId, 'access', req);
    if (req.exit || !upstream) return req;
    req.service = upstream;
    if (phases.includes('response')) await this.handleEvent(instanceId, 'response', req);
    return req;
  }
}

/** What `GetPluginInfo` (and `--dump-all-plugins`, as a list) reports. */
export interface PluginInfo {
  Name: string;
  Version: string;
  Phases: string[];
  Priority: number;
  Schema: { name: string; fields: Array<{ config: { type: string; fields: Array<Record<string, { type: string; required?: boolean; default?: unknown; between?: [number, number] }>> } }> };
}
