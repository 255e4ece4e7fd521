/**
 * Maintained PII libraries from npm, run side by side with Aegis in `npm run eval:pii -- --compare`.
 * Each adapter maps the library's entity names to Aegis's; entities it has no equivalent for are
 * left out of its scores (neither credited nor counted as errors).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A span in JavaScript string offsets. */
export interface BaselineEntity {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface Baseline {
  readonly name: string;
  readonly version: string;
  /** Aegis types the library can find. */
  readonly types: ReadonlySet<string>;
  init(): Promise<void>;
  predict(text: string): BaselineEntity[] | Promise<BaselineEntity[]>;
}

const load = createRequire(__filename);
const ROOT = join(__dirname, '..', '..', '..');
const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

/** openredaction: 500+ regex patterns, synchronous, reports positions. */
function openRedaction(): Baseline {
  type Detection = { type: string; position: [number, number] };
  let shield: { detect(text: string): { detections: Detection[] } } | undefined;
  const map = (t: string): string | undefined => {
    if (t === 'EMAIL') return 'EMAIL';
    if (t.startsWith('PHONE')) return 'PHONE';
    if (t === 'CREDIT_CARD') return 'CREDIT_CARD';
    if (t === 'IBAN' || t === 'UK_BANK_ACCOUNT_IBAN') return 'IBAN';
    if (t === 'IPV4' || t === 'IPV6') return 'IP_ADDRESS';
    if (t === 'SSN') return 'US_SSN';
    if (t === 'NAME') return 'PERSON';
    if (t === 'SOUTH_KOREAN_RRN') return 'KR_RRN';
    if (/API_KEY|SECRET_KEY|ACCESS_KEY|PRIVATE_KEY|_TOKEN$/.test(t)) return 'API_KEY';
    return undefined;
  };
  return {
    name: '@openredaction/openredaction',
    version: versionOf('@openredaction/openredaction'),
    types: new Set(['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'US_SSN', 'PERSON', 'KR_RRN', 'API_KEY']),
    async init() {
      const mod = load('@openredaction/openredaction') as { OpenRedaction: new () => typeof shield };
      shield = new mod.OpenRedaction();
    },
    predict(text) {
      const out: BaselineEntity[] = [];
      for (const d of shield?.detect(text).detections ?? []) {
        const type = map(d.type);
        if (type) out.push({ type, start: d.position[0], end: d.position[1] });
      }
      return out;
    },
  };
}

/** @arcjet/redact: WebAssembly tokeniser + classifiers; returns redacted text, so spans are recovered. */
function arcjet(): Baseline {
  type Redact = (text: string, opts: { entities: string[] }) => Promise<[string, unknown]>;
  let redact: Redact | undefined;
  const MAP: Readonly<Record<string, string>> = { email: 'EMAIL', 'phone number': 'PHONE', 'credit card number': 'CREDIT_CARD', 'IP address': 'IP_ADDRESS' };
  return {
    name: '@arcjet/redact',
    version: versionOf('@arcjet/redact'),
    types: new Set(Object.values(MAP)),
    async init() {
      // ESM-only package: a real dynamic import from CommonJS.
      const mod = (await (new Function('s', 'return import(s)') as (s: string) => Promise<{ redact: Redact }>)('@arcjet/redact'));
      redact = mod.redact;
    },
    async predict(text) {
      if (!redact) return [];
      const [redacted] = await redact(text, { entities: ['email', 'phone-number', 'credit-card-number', 'ip-address'] });
      return spansFromRedacted(text, redacted, /<Redacted (.+?) #\d+>/g, (label) => MAP[label]);
    },
  };
}

/**
 * Recovers spans from a redacted text: the literal pieces between placeholders occur in the original
 * in order, so each placeholder covers what lies between its neighbours.
 */
export function spansFromRedacted(original: string, redacted: string, placeholder: RegExp, typeOf: (label: string) => string | undefined): BaselineEntity[] {
  const out: BaselineEntity[] = [];
  let cursorR = 0;
  let cursorO = 0;
  let pending: string | undefined;
  placeholder.lastIndex = 0;
  let m: RegExpExecArray | null;
  const take = (literal: string): number => {
    const at = literal.length === 0 ? cursorO : original.indexOf(literal, cursorO);
    return at < 0 ? cursorO : at;
  };
  while ((m = placeholder.exec(redacted)) !== null) {
    const literal = redacted.slice(cursorR, m.index);
    const at = take(literal);
    if (pending !== undefined) out.push({ type: pending, start: cursorO, end: at });
    cursorO = at + literal.length;
    const type = typeOf(m[1] ?? '');
    pending = type ?? '';
    cursorR = m.index + m[0].length;
  }
  if (pending !== undefined) {
    const tail = redacted.slice(cursorR);
    const end = tail.length === 0 ? original.length : original.lastIndexOf(tail);
    out.push({ type: pending, start: cursorO, end: end < cursorO ? original.length : end });
  }
  return out.filter((e) => e.type !== '' && e.end > e.start);
}

/** The libraries compared (created on demand: loading them is not free). */
export function baselines(): Baseline[] {
  return [openRedaction(), arcjet()];
}
