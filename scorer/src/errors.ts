/**
 * The one error catalog. Every error Aegis returns has a stable code, an HTTP status, and a flag that
 * says whether its message may reach the client (internal details never do). A test keeps this table
 * and the README's table in step.
 */

export interface CatalogEntry {
  readonly status: number;
  /** The message is safe to show to a client (it never contains request content). */
  readonly expose: boolean;
  readonly message: string;
}

export const ERROR_CATALOG = {
  AEGIS_ERR_BAD_REQUEST: { status: 400, expose: true, message: 'The request is malformed.' },
  AEGIS_ERR_INVALID_JSON: { status: 400, expose: true, message: 'The body is not valid JSON.' },
  AEGIS_ERR_INVALID_ENCODING: { status: 400, expose: true, message: 'The body is not valid UTF-8.' },
  AEGIS_ERR_EMPTY_BODY: { status: 400, expose: true, message: 'The body is empty.' },
  AEGIS_ERR_UNAUTHENTICATED: { status: 401, expose: true, message: 'Credentials are missing or invalid.' },
  AEGIS_ERR_FORBIDDEN: { status: 403, expose: true, message: 'The credentials do not allow this operation.' },
  AEGIS_ERR_NOT_FOUND: { status: 404, expose: true, message: 'No such endpoint.' },
  AEGIS_ERR_METHOD_NOT_ALLOWED: { status: 405, expose: true, message: 'Method not allowed on this endpoint.' },
  AEGIS_ERR_CONFLICT: { status: 409, expose: true, message: 'The change conflicts with the current state.' },
  AEGIS_ERR_BODY_TOO_LARGE: { status: 413, expose: true, message: 'The body is larger than MAX_BODY_BYTES.' },
  AEGIS_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, expose: true, message: 'Unsupported content type; send application/json, text/plain or text/event-stream.' },
  AEGIS_ERR_RATE_LIMITED: { status: 429, expose: true, message: 'Too many requests.' },
  AEGIS_ERR_INTERNAL: { status: 500, expose: false, message: 'Internal error.' },
  AEGIS_ERR_UNAVAILABLE: { status: 503, expose: true, message: 'The service is not ready.' },
  AEGIS_ERR_CONFIG_INVALID: { status: 500, expose: false, message: 'The configuration is invalid.' },
  AEGIS_ERR_POLICY_INVALID: { status: 400, expose: true, message: 'The policy is invalid.' },
  AEGIS_ERR_MODEL_INVALID: { status: 500, expose: false, message: 'The ML model is missing or does not match its manifest.' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** The code in a denial body: not an error, the policy's answer. */
export const BLOCKED_CODE = 'AEGIS_BLOCKED';

/** An error with a catalog code. `detail` may be shown to clients only when the entry's `expose` is true. */
export class AegisError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry: CatalogEntry = ERROR_CATALOG[code];
    super(detail ?? entry.message, options);
    this.name = 'AegisError';
    this.code = code;
    this.status = entry.status;
    this.expose = entry.expose;
  }

  /** The message a client may see. */
  get publicMessage(): string {
    return this.expose ? this.message : ERROR_CATALOG[this.code].message;
  }
}

/** The JSON body of an error response: the same flat shape as a denial. */
export interface ErrorBody {
  readonly error: string;
  readonly code: ErrorCode;
  readonly requestId: string;
}

/** Builds the body for `err` (any thrown value) and its HTTP status. */
export function toErrorBody(err: unknown, requestId: string): { status: number; body: ErrorBody } {
  const e = err instanceof AegisError ? err : new AegisError('AEGIS_ERR_INTERNAL', undefined, { cause: err });
  return { status: e.status, body: { error: e.publicMessage, code: e.code, requestId } };
}
