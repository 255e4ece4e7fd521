/**
 * A strict decoder for Envoy's YAML/JSON configuration, using Envoy's own protos from
 * @grpc/grpc-js-xds. protobufjs's `fromObject` silently drops unknown fields and coerces bad values, so
 * this walks the value against the descriptors first and reports, with the path of each problem:
 * unknown fields, wrong kinds, unknown enum names, malformed durations, two members of one oneof,
 * `@type`s that resolve to no loaded message, and missing required fields (protoc-gen-validate
 * `required`, `min_len`, `min_items`, number and duration bounds). Then it builds the message
 * (every Any packed with its resolved type) and round-trips it through the wire format.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json';
import { XDS_INCLUDE_DIRS } from '../../scorer/src/transports/grpc/protos';

// Envoy's protos extend google/protobuf/descriptor.proto (options); protobufjs ships it as JSON.
protobuf.common('descriptor', (descriptorJson as { nested: { google: { nested: { protobuf: { nested: Record<string, unknown> } } } } }).nested.google.nested.protobuf.nested as protobuf.INamespace['nested'] & object);

/** One problem, with a path such as `static_resources.clusters[0].connect_timeout`. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const DURATION = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/;
const TYPE_PREFIX = 'type.googleapis.com/';

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);
const WRAPPERS: Readonly<Record<string, string>> = {
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
};

/** Loads Envoy's protos on demand: a package's folder is loaded the first time one of its types is needed. */
export class EnvoyProtos {
  readonly root = new protobuf.Root();
  readonly #loadedDirs = new Set<string>();

  constructor(files: readonly string[] = ['envoy/config/bootstrap/v3/bootstrap.proto']) {
    const fallback = this.root.resolvePath.bind(this.root);
    this.root.resolvePath = (origin, target) => {
      for (const dir of XDS_INCLUDE_DIRS) {
        const full = join(dir, target);
        if (existsSync(full)) return full;
      }
      return fallback(origin, target);
    };
    this.root.loadSync([...files], { keepCase: true });
    this.root.resolveAll();
  }

  /** The message type named `fullName`, loading its package's folder if needed. */
  lookup(fullName: string): protobuf.Type | undefined {
    const found = this.#find(fullName);
    if (found) return found;
    const parts = fullName.split('.');
    // Try the longest prefix that is a folder (nested messages have extra segments).
    for (let n = parts.length - 1; n > 0; n--) {
      const rel = parts.slice(0, n).join('/');
      for (const base of XDS_INCLUDE_DIRS) {
        const dir = join(base, rel);
        if (!existsSync(dir) || this.#loadedDirs.has(dir)) continue;
        this.#loadedDirs.add(dir);
        const files = readdirSync(dir).filter((f) => f.endsWith('.proto')).map((f) => `${rel}/${f}`);
        if (files.length === 0) continue;
        this.root.loadSync(files, { keepCase: true });
        this.root.resolveAll();
        return this.#find(fullName);
      }
    }
    return undefined;
  }

  #find(fullName: string): protobuf.Type | undefined {
    try {
      return this.root.lookupType(fullName);
    } catch {
      return undefined;
    }
  }
}

/** The result of a strict decode. */
export interface Decoded {
  readonly issues: Issue[];
  /** Every `@type` resolved along the way. */
  readonly types: string[];
  /** The decoded message (only when there were no issues). */
  readonly message?: protobuf.Message;
}

/** Decodes `value` as `typeName` strictly. */
export function decodeStrict(protos: EnvoyProtos, typeName: string, value: Json): Decoded {
  const type = protos.lookup(typeName);
  if (!type) return { issues: [{ path: '', message: `unknown type ${typeName}` }], types: [] };
  const walker = new Walker(protos);
  const converted = walker.message(type, value, '');
  if (walker.issues.length > 0) return { issues: walker.issues, types: walker.types };
  // Round trip through the wire format: what Envoy would receive from a control plane.
  const bytes = type.encode(type.fromObject(converted as Obj)).finish();
  return { issues: [], types: walker.types, message: type.decode(bytes) };
}

class Walker {
  readonly issues: Issue[] = [];
  readonly types: string[] = [];

  constructor(private readonly protos: EnvoyProtos) {}

  #issue(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  message(type: protobuf.Type, value: Json, path: string): Json {
    const special = this.#wellKnown(type, value, path);
    if (special.handled) return special.value;
    if (!isObj(value)) return this.#issue(path, `expected an object for ${type.fullName.slice(1)}, got ${kind(value)}`);
    const out: Obj = {};
    const byJsonName = new Map(type.fieldsArray.map((f) => [camel(f.name), f]));
    const set = new Set<string>();
    for (const [key, v] of Object.entries(value)) {
      const field = type.fields[key] ?? byJsonName.get(key);
      const fp = path ? `${path}.${key}` : key;
      if (!field) {
        this.#issue(fp, `unknown field "${key}" in ${type.fullName.slice(1)}`);
        continue;
      }
      if (v === null) continue;
      set.add(field.name);
      out[field.name] = this.#field(field, v, fp);
    }
    this.#checkOneofs(type, set, path);
    this.#checkRules(type, value, set, path);
    return out;
  }

  #field(field: protobuf.Field, v: Json, path: string): Json {
    if (field.map) {
      if (!isObj(v)) return this.#issue(path, `expected a map, got ${kind(v)}`);
      const out: Obj = {};
      for (const [k, item] of Object.entries(v)) out[k] = this.#single(field, item, `${path}.${k}`);
      return out;
    }
    if (field.repeated) {
      if (!Array.isArray(v)) return this.#issue(path, `expected a list, got ${kind(v)}`);
      return v.map((item, i) => this.#single(field, item, `${path}[${i}]`));
    }
    return this.#single(field, v, path);
  }

  #single(field: protobuf.Field, v: Json, path: string): Json {
    const rt = field.resolvedType;
    if (rt instanceof protobuf.Enum) return this.#enum(rt, v, path);
    if (rt instanceof protobuf.Type) return this.message(rt, v, path);
    return this.#scalar(field.type, v, path);
  }

  #enum(e: protobuf.Enum, v: Json, path: string): Json {
    if (typeof v === 'string' && v in e.values) return v;
    if (typeof v === 'number' && Object.values(e.values).includes(v)) return v;
    return this.#issue(path, `"${String(v)}" is not a value of enum ${e.name} (${Object.keys(e.values).join(', ')})`);
  }

  #scalar(t: string, v: Json, path: string): Json {
    const isInt = (x: Json): boolean => (typeof x === 'number' && Number.isInteger(x)) || (typeof x === 'string' && /^-?\d+$/.test(x));
    if (t === 'string') return typeof v === 'string' ? v : this.#issue(path, `expected a string, got ${kind(v)}`);
    if (t === 'bool') return typeof v === 'boolean' ? v : this.#issue(path, `expected true or false, got ${kind(v)}`);
    if (t === 'bytes') return typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v) ? v : this.#issue(path, 'expected base64 bytes');
    if (t === 'double' || t === 'float') return typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? v : this.#issue(path, `expected a number, got ${kind(v)}`);
    if (INT32.has(t) || UINT32.has(t) || INT64.has(t)) {
      if (!isInt(v)) return this.#issue(path, `expected an integer, got ${kind(v)}`);
      const n = Number(v);
      if (UINT32.has(t) && (n < 0 || n > 0xffffffff)) return this.#issue(path, `${n} is out of range for ${t}`);
      if (INT32.has(t) && (n < -0x80000000 || n > 0x7fffffff)) return this.#issue(path, `${n} is out of range for ${t}`);
      if (t.startsWith('u') && n < 0) return this.#issue(path, `${n} is negative for ${t}`);
      return v;
    }
    return this.#issue(path, `unsupported scalar type ${t}`);
  }

  /** Types with their own JSON form. */
  #wellKnown(type: protobuf.Type, v: Json, path: string): { handled: boolean; value?: Json } {
    const name = type.fullName;
    if (name === '.google.protobuf.Duration') {
      const m = typeof v === 'string' ? DURATION.exec(v) : null;
      if (!m) return { handled: true, value: this.#issue(path, `"${String(v)}" is not a duration (write it like "0.25s")`) };
      const sign = m[1] === '-' ? -1 : 1;
      return { handled: true, value: { seconds: sign * Number(m[2]), nanos: sign * Number((m[3] ?? '').padEnd(9, '0')) } };
    }
    if (name === '.google.protobuf.Timestamp') {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return { handled: true, value: this.#issue(path, 'expected an RFC 3339 timestamp') };
      const ms = Date.parse(v);
      return { handled: true, value: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 } };
    }
    if (name in WRAPPERS) return { handled: true, value: { value: this.#scalar(WRAPPERS[name] as string, v, path) } };
    if (name === '.google.protobuf.Struct') return { handled: true, value: isObj(v) ? structOf(v) : this.#issue(path, 'expected an object') };
    if (name === '.google.protobuf.Value') return { handled: true, value: valueOf(v) };
    if (name === '.google.protobuf.ListValue') return { handled: true, value: Array.isArray(v) ? { values: v.map(valueOf) } : this.#issue(path, 'expected a list') };
    if (name === '.google.protobuf.Empty') return { handled: true, value: isObj(v) && Object.keys(v).length === 0 ? {} : this.#issue(path, 'expected {}') };
    if (name === '.google.protobuf.FieldMask') return { handled: true, value: typeof v === 'string' ? { paths: v.split(',') } : this.#issue(path, 'expected a field mask string') };
    if (name === '.google.protobuf.Any') return { handled: true, value: this.#any(v, path) };
    return { handled: false };
  }

  #any(v: Json, path: string): Json {
    if (!isObj(v) || typeof v['@type'] !== 'string') return this.#issue(path, 'an Any needs "@type"');
    const url = v['@type'];
    if (!url.startsWith(TYPE_PREFIX)) return this.#issue(`${path}.@type`, `"${url}" does not start with ${TYPE_PREFIX}`);
    const inner = this.protos.lookup(url.slice(TYPE_PREFIX.length));
    if (!inner) return this.#issue(`${path}.@type`, `"${url}" names no message in Envoy's protos`);
    this.types.push(inner.fullName.slice(1));
    const { '@type': _t, ...rest } = v;
    const p = `${path}(${inner.name})`;
    const special = isWellKnownJson(inner.fullName) ? (rest.value ?? null) : rest;
    const converted = this.message(inner, special, p);
    if (this.issues.length > 0 || converted === undefined) return undefined;
    return { type_url: url, value: inner.encode(inner.fromObject(converted as Obj)).finish() };
  }

  #checkOneofs(type: protobuf.Type, set: ReadonlySet<string>, path: string): void {
    for (const oneof of type.oneofsArray) {
      // proto3 `optional` fields are synthetic one-member oneofs.
      if (oneof.fieldsArray.length === 1 && oneof.name.startsWith('_')) continue;
      const present = oneof.fieldsArray.filter((f) => set.has(f.name)).map((f) => f.name);
      if (present.length > 1) this.#issue(path, `only one of ${present.join(', ')} may be set (oneof ${oneof.name})`);
      if (present.length === 0 && oneof.options?.['(validate.required)'] === true) {
        this.#issue(path, `missing required field: one of ${oneof.fieldsArray.map((f) => f.name).join(', ')} (oneof ${oneof.name})`);
      }
    }
  }

  /** The protoc-gen-validate rules Envoy checks at load time that matter for a hand-written config. */
  #checkRules(type: protobuf.Type, value: Obj, set: ReadonlySet<string>, path: string): void {
    for (const field of type.fieldsArray) {
      const opts = field.options ?? {};
      const rule = (name: string): unknown => opts[`(validate.rules).${name}`];
      const required = ['message', 'duration', 'any', 'timestamp'].some((k) => rule(`${k}.required`) === true);
      const fp = path ? `${path}.${field.name}` : field.name;
      if (!set.has(field.name)) {
        // An unset member of a oneof is not validated (another member may be the one chosen).
        if (field.partOf && !(field.partOf.fieldsArray.length === 1 && field.partOf.name.startsWith('_'))) continue;
        if (required || (Number(rule('repeated.min_items') ?? 0) > 0) || Number(rule('string.min_len') ?? rule('string.min_bytes') ?? 0) > 0) {
          this.#issue(fp, `missing required field "${field.name}" in ${type.fullName.slice(1)}`);
        }
        continue;
      }
      const v = value[field.name] ?? value[camel(field.name)];
      const minLen = Number(rule('string.min_len') ?? rule('string.min_bytes') ?? 0);
      if (typeof v === 'string' && v.length < minLen) this.#issue(fp, `must be at least ${minLen} characters`);
      const minItems = Number(rule('repeated.min_items') ?? 0);
      if (Array.isArray(v) && v.length < minItems) this.#issue(fp, `needs at least ${minItems} item(s)`);
      if (typeof v === 'number') this.#bounds(fp, v, opts);
      if (typeof v === 'string' && DURATION.test(v)) this.#durationBounds(fp, v, opts);
    }
  }

  #bounds(path: string, n: number, opts: Record<string, unknown>): void {
    for (const [k, bound] of Object.entries(opts)) {
      const m = /^\(validate\.rules\)\.(?:u?int(?:32|64)|double|float|fixed32|fixed64)\.(gt|gte|lt|lte)$/.exec(k);
      if (!m || typeof bound !== 'number') continue;
      const ok = m[1] === 'gt' ? n > bound : m[1] === 'gte' ? n >= bound : m[1] === 'lt' ? n < bound : n <= bound;
      if (!ok) this.#issue(path, `${n} must be ${m[1]} ${bound}`);
    }
  }

  #durationBounds(path: string, text: string, opts: Record<string, unknown>): void {
    const m = DURATION.exec(text) as RegExpExecArray;
    const ns = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 1e9 + Number((m[3] ?? '').padEnd(9, '0')));
    const bounds = new Map<string, number>();
    for (const [k, v] of Object.entries(opts)) {
      const b = /^\(validate\.rules\)\.duration\.(gt|gte|lt|lte)(?:\.(seconds|nanos))?$/.exec(k);
      if (!b) continue;
      const unit = b[2] === 'nanos' ? 1 : 1e9;
      bounds.set(b[1] as string, (bounds.get(b[1] as string) ?? 0) + (typeof v === 'number' ? v * unit : 0));
    }
    for (const [op, bound] of bounds) {
      const ok = op === 'gt' ? ns > bound : op === 'gte' ? ns >= bound : op === 'lt' ? ns < bound : ns <= bound;
      if (!ok) this.#issue(path, `duration ${text} must be ${op} ${bound / 1e9}s`);
    }
  }
}

function isWellKnownJson(fullName: string): boolean {
  return ['.google.protobuf.Duration', '.google.protobuf.Timestamp', '.google.protobuf.Struct', '.google.protobuf.Value', '.google.protobuf.ListValue', '.google.protobuf.FieldMask'].includes(fullName) || fullName in WRAPPERS;
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function kind(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function valueOf(v: Json): Json {
  if (v === null || v === undefined) return { nullValue: 0 };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(valueOf) } };
  return { structValue: structOf(v as Obj) };
}

function structOf(o: Obj): Json {
  return { fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, valueOf(v)])) };
}
