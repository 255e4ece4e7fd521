/**
 * Which requests the Envoy services inspect, and for which policy scope. Scope (tenant, route,
 * consumer) comes from operator-set sources first — ext_authz `context_extensions`, ext_proc metadata,
 * gRPC call metadata set per route — and from the client's `x-aegis-*` headers last.
 */
import { AegisError } from '../../errors';
import { SCOPE_VALUE } from '../../service';

/** Policy scope of one request. */
export interface Scope {
  readonly tenant?: string;
  readonly route?: string;
  readonly consumer?: string;
}

const KEYS = ['tenant', 'route', 'consumer'] as const;

/** A source of scope values, e.g. context extensions `{tenant: "acme"}`. */
export type ScopeSource = Readonly<Record<string, string | undefined>> | undefined;

/** Scope from sources in order of trust; each key takes the first non-empty value. Bad values are a 400. */
export function scopeFrom(sources: readonly ScopeSource[]): Scope {
  const out: { tenant?: string; route?: string; consumer?: string } = {};
  for (const key of KEYS) {
    for (const src of sources) {
      const v = src?.[key];
      if (v === undefined || v === '') continue;
      if (!SCOPE_VALUE.test(v)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `The ${key} scope must match ${SCOPE_VALUE.source}.`);
      out[key] = v;
      break;
    }
  }
  return out;
}

/** The `x-aegis-tenant`/`-route`/`-consumer` values of a header record, as a scope source. */
export function headerScope(headers: Readonly<Record<string, string | undefined>>): ScopeSource {
  return { tenant: headers['x-aegis-tenant'], route: headers['x-aegis-route'], consumer: headers['x-aegis-consumer'] };
}

/** LLM API endpoints by path suffix: OpenAI (and compatible servers, Azure), Anthropic, Gemini, Ollama. */
const LLM_PATHS: readonly RegExp[] = [
  /\/chat\/completions$/,
  /\/v1\/completions$/,
  /\/v1\/responses$/,
  /\/v1\/messages$/,
  /:(?:stream)?[gG]enerateContent$/,
  /^\/api\/(?:chat|generate)$/,
];

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Bodies Aegis reads; anything else (images, audio, multipart uploads) is not an LLM text body. */
const TEXT_TYPES = /^(?:application\/(?:json|x-ndjson|[\w.+-]+\+json)|text\/[\w.+-]+)$/;

/** The path without query string, with repeated slashes merged and no trailing slash. */
export function normalizePath(path: string): string {
  const p = (path.split('?')[0] ?? '').replace(/\/{2,}/g, '/');
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** Whether a request is an LLM API call with a body Aegis should inspect. */
export function isLlmRequest(method: string | undefined, path: string | undefined, contentType: string | undefined): boolean {
  if (!BODY_METHODS.has((method ?? '').toUpperCase())) return false;
  const p = normalizePath(path ?? '');
  if (!LLM_PATHS.some((re) => re.test(p))) return false;
  return isTextBody(contentType);
}

/** Whether a content type (absent counts as yes: detected from the body) is a text body Aegis reads. */
export function isTextBody(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true;
  const base = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return TEXT_TYPES.test(base);
}
