/**
 * The part of Kong's PDK the plugin calls, as kong-pdk exposes it: every call is one RPC to Kong
 * (camelCase names become `kong.request.get_raw_body` and so on). kong-pdk's own `.d.ts` files do not
 * compile under strict TypeScript, so the subset is typed here. Lua `nil` arrives as null/undefined;
 * Lua strings arrive as strings (or bytes when Kong sends binary).
 */

/** A header value: repeated headers come as a list. */
export type HeaderValue = string | string[];

/** A Kong consumer entity (the fields the plugin reads). */
export interface KongConsumer {
  readonly id?: string;
  readonly username?: string;
  readonly custom_id?: string;
}

/** What Kong's PDK gives a plugin phase. */
export interface KongPdk {
  readonly request: {
    /** All request headers, names lower-case. */
    getHeaders(maxHeaders?: number): Promise<Record<string, HeaderValue> | null | undefined>;
    /** The whole request body; fails (PDK error) when the body did not fit Kong's buffer. */
    getRawBody(): Promise<string | Uint8Array | null | undefined>;
  };
  readonly client: {
    getConsumer(): Promise<KongConsumer | null | undefined>;
    /** The client address, honouring Kong's trusted_ips / real_ip settings. */
    getForwardedIp(): Promise<string | null | undefined>;
  };
  readonly service: {
    setTarget(host: string, port: number): Promise<unknown>;
    readonly request: {
      setHeaders(headers: Record<string, string>): Promise<unknown>;
      setRawBody(body: string): Promise<unknown>;
      setScheme(scheme: string): Promise<unknown>;
      setPath(path: string): Promise<unknown>;
    };
    readonly response: {
      getRawBody(): Promise<string | Uint8Array | null | undefined>;
      getHeader(name: string): Promise<string | null | undefined>;
    };
  };
  readonly response: {
    /** Ends the request with this answer. Kong sends no reply the plugin waits for: call nothing after it. */
    exit(status: number, body?: string, headers?: Record<string, string>): Promise<unknown>;
    setHeaders(headers: Record<string, string>): Promise<unknown>;
    getStatus(): Promise<number>;
  };
  readonly ctx: {
    readonly shared: {
      get(key: string): Promise<unknown>;
      set(key: string, value: string): Promise<unknown>;
    };
  };
}

/** The first value of a header (repeated headers give their first occurrence). */
export function headerOf(headers: Record<string, HeaderValue>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A body as Kong sent it, as bytes (empty when absent). */
export function bodyBytes(body: string | Uint8Array | null | undefined): Buffer {
  if (body === null || body === undefined) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}
