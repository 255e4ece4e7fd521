/**
 * Small translations shared by the Envoy services: google.protobuf.Struct ⇄ plain values, Envoy header
 * maps, header options, and the JSON body of a denial.
 */
import type { Category, Verdict } from '../../engine/types';
import type { HeaderMap, HeaderValueOption, Struct, Value } from './messages';

type Plain = string | number | boolean | null | readonly Plain[] | { readonly [k: string]: Plain | undefined };

/** A plain value as google.protobuf.Value (camelCase fields: proto-loader keeps WKTs camelCase). */
export function toValue(v: Plain): Value {
  if (v === null) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: (v as readonly Plain[]).map(toValue) } };
  return { structValue: toStruct(v as { readonly [k: string]: Plain | undefined }) };
}

/** A plain object as google.protobuf.Struct (undefined members are left out). */
export function toStruct(o: { readonly [k: string]: Plain | undefined }): Struct {
  const fields: Record<string, Value> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) fields[k] = toValue(v);
  return { fields };
}

/** A Struct's string members (other kinds are skipped). */
export function structStrings(s: Struct | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s?.fields ?? {})) if (typeof v.stringValue === 'string') out[k] = v.stringValue;
  return out;
}

/**
 * Envoy's header map as lowercase name → value. Envoy sends values in `raw_value` (bytes) or, from
 * older versions, in `value`.
 */
export function headerRecord(map: HeaderMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of map?.headers ?? []) {
    const value = h.raw_value !== undefined && h.raw_value.length > 0 ? Buffer.from(h.raw_value).toString('latin1') : (h.value ?? '');
    out[h.key.toLowerCase()] = value;
  }
  return out;
}

/** A header to set, with the value in `raw_value`: ext_proc mutations ignore `value`. */
export function rawHeader(key: string, value: string): HeaderValueOption {
  return { header: { key, raw_value: Buffer.from(value, 'latin1') }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' };
}

/** A header to set, with the value in `value`: Envoy's ext_authz client reads `value`. */
export function stringHeader(key: string, value: string): HeaderValueOption {
  return { header: { key, value }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' };
}

/** The JSON body of a denial: the same flat shape as Aegis's REST errors, plus the categories. */
export function denialBody(error: string, code: string, requestId: string, categories: readonly Category[] | readonly string[] = []): string {
  return JSON.stringify({ error, code, requestId, categories });
}

/** The decision as flat dynamic metadata (namespaced by Envoy under the filter's name). */
export function decisionMetadata(v: Verdict, extra: Record<string, string | boolean | undefined> = {}): Struct {
  // Kept small: Envoy copies it into every request's stream info, and every field is wire bytes.
  return toStruct({
    request_id: v.requestId,
    decision_id: v.decisionId,
    action: v.action,
    risk: v.risk,
    ...(v.categories.length > 0 ? { categories: [...v.categories] } : {}),
    policy: `${v.policy.id}@${v.policy.version}`,
    ...(v.dryRun ? { dry_run: true, intended_action: v.intendedAction } : {}),
    ...extra,
  });
}
