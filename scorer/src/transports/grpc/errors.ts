/** Catalog errors ⇄ gRPC status codes (for Aegis's own API; Envoy's get denial answers instead). */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AegisError, ERROR_CATALOG, type ErrorCode } from '../../errors';

const BY_HTTP: Readonly<Record<number, status>> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  405: status.UNIMPLEMENTED,
  413: status.INVALID_ARGUMENT,
  415: status.INVALID_ARGUMENT,
  429: status.RESOURCE_EXHAUSTED,
  503: status.UNAVAILABLE,
};

/** Trailer that carries the catalog code, so clients branch on it and not on the message. */
export const ERROR_CODE_KEY = 'aegis-error-code';
/** Trailer with the request id. */
export const REQUEST_ID_KEY = 'x-aegis-request-id';

/** Any thrown value as a gRPC error with the catalog code and request id in its trailers. */
export function toGrpcError(err: unknown, requestId: string): Partial<ServiceError> {
  const e = err instanceof AegisError ? err : new AegisError('AEGIS_ERR_INTERNAL', undefined, { cause: err });
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, e.code);
  metadata.set(REQUEST_ID_KEY, requestId);
  return { code: BY_HTTP[e.status] ?? status.INTERNAL, details: `${e.code}: ${e.publicMessage}`, metadata };
}

/** The catalog code of a gRPC error from Core, if it has one. */
export function catalogCodeOf(err: { metadata?: Metadata }): ErrorCode | undefined {
  const v = err.metadata?.get(ERROR_CODE_KEY)[0];
  return typeof v === 'string' && v in ERROR_CATALOG ? (v as ErrorCode) : undefined;
}
