/**
 * The slices of Envoy's and Aegis's messages this transport reads and writes, as proto-loader presents
 * them (see `protos.ts`). Only what is used is typed.
 */

/** google.protobuf.Struct (camelCase fields: a well-known type). */
export interface Struct {
  fields?: Record<string, Value>;
}
/** google.protobuf.Value. */
export interface Value {
  nullValue?: 'NULL_VALUE';
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: Struct;
  listValue?: { values?: Value[] };
  kind?: string;
}

/** envoy.config.core.v3.HeaderValue. */
export interface HeaderValue {
  key: string;
  value?: string;
  raw_value?: Buffer | Uint8Array;
}
/** envoy.config.core.v3.HeaderValueOption. */
export interface HeaderValueOption {
  header: HeaderValue;
  append_action?: 'APPEND_IF_EXISTS_OR_ADD' | 'ADD_IF_ABSENT' | 'OVERWRITE_IF_EXISTS_OR_ADD' | 'OVERWRITE_IF_EXISTS';
}
/** envoy.config.core.v3.Metadata. */
export interface Metadata {
  filter_metadata?: Record<string, Struct>;
}

// ext_authz

export interface CheckRequest {
  attributes?: {
    request?: {
      http?: {
        id?: string;
        method?: string;
        headers?: Record<string, string>;
        path?: string;
        host?: string;
        size?: number;
        body?: string;
        raw_body?: Buffer;
      };
    };
    context_extensions?: Record<string, string>;
    metadata_context?: Metadata;
  };
}
export interface CheckResponse {
  status: { code: number; message?: string };
  denied_response?: { status: { code: string | number }; headers: HeaderValueOption[]; body: string };
  ok_response?: { headers: HeaderValueOption[]; response_headers_to_add: HeaderValueOption[]; headers_to_remove?: string[] };
  dynamic_metadata?: Struct;
}

// ext_proc

export interface HeaderMap {
  headers?: HeaderValue[];
}
export interface HttpHeaders {
  headers?: HeaderMap;
  end_of_stream?: boolean;
}
export interface HttpBody {
  body?: Buffer;
  end_of_stream?: boolean;
}
export interface ProcessingRequest {
  request?: 'request_headers' | 'response_headers' | 'request_body' | 'response_body' | 'request_trailers' | 'response_trailers';
  request_headers?: HttpHeaders;
  response_headers?: HttpHeaders;
  request_body?: HttpBody;
  response_body?: HttpBody;
  request_trailers?: unknown;
  response_trailers?: unknown;
  metadata_context?: Metadata;
}
export interface HeaderMutation {
  set_headers?: HeaderValueOption[];
  remove_headers?: string[];
}
export interface CommonResponse {
  status?: 'CONTINUE' | 'CONTINUE_AND_REPLACE';
  header_mutation?: HeaderMutation;
  body_mutation?: { body?: Buffer } | { clear_body?: boolean };
}
export type BodySendMode = 'NONE' | 'STREAMED' | 'BUFFERED' | 'BUFFERED_PARTIAL';
export interface ProcessingMode {
  request_header_mode?: 'DEFAULT' | 'SEND' | 'SKIP';
  response_header_mode?: 'DEFAULT' | 'SEND' | 'SKIP';
  request_body_mode?: BodySendMode;
  response_body_mode?: BodySendMode;
  request_trailer_mode?: 'DEFAULT' | 'SEND' | 'SKIP';
  response_trailer_mode?: 'DEFAULT' | 'SEND' | 'SKIP';
}
export interface ImmediateResponse {
  status: { code: string | number };
  headers?: HeaderMutation;
  body?: Buffer;
  details?: string;
}
export interface ProcessingResponse {
  request_headers?: { response?: CommonResponse };
  response_headers?: { response?: CommonResponse };
  request_body?: { response?: CommonResponse };
  response_body?: { response?: CommonResponse };
  request_trailers?: { header_mutation?: HeaderMutation };
  response_trailers?: { header_mutation?: HeaderMutation };
  immediate_response?: ImmediateResponse;
  dynamic_metadata?: Struct;
  mode_override?: ProcessingMode;
}

// rate limit service

export interface RateLimitDescriptor {
  entries?: Array<{ key?: string; value?: string }>;
  limit?: { requests_per_unit?: number; unit?: string };
}
export interface RateLimitRequest {
  domain?: string;
  descriptors?: RateLimitDescriptor[];
  hits_addend?: number;
}
export interface RateLimitResponse {
  overall_code: 'UNKNOWN' | 'OK' | 'OVER_LIMIT';
  statuses: Array<{
    code: 'UNKNOWN' | 'OK' | 'OVER_LIMIT';
    current_limit?: { name?: string; requests_per_unit: number; unit: string };
    limit_remaining: number;
    duration_until_reset?: { seconds: number; nanos: number };
  }>;
  response_headers_to_add?: HeaderValue[];
  dynamic_metadata?: Struct;
}
