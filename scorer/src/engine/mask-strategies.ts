/**
 * Masking strategies chosen per entity type by the policy (`masking`): redact, partial, hash and
 * tokenize. All are pure functions of the span and its text (hash also of a key the caller supplies);
 * tokenize only numbers placeholders — keeping the originals and restoring them is the service's job.
 */
import { createHmac } from 'node:crypto';
import type { MaskFunction } from './mask';
import { redactLabel } from './mask';
import type { MaskingPolicy, MaskStrategy } from './policy';
import type { Direction, Span } from './types';

/** `[[KR_RRN_1]]`: what `tokenize` writes, and what the service looks for in answers. */
export const TOKEN_PATTERN = /\[\[([A-Z][A-Z0-9_]*)_(\d{1,6})\]\]/g;

/** The strategy for a span type in a direction (`redact` when the policy says nothing). */
export function strategyFor(masking: MaskingPolicy | undefined, direction: Direction, type: string): MaskStrategy {
  const rules = direction === 'request' ? masking?.request : masking?.response;
  return rules?.types?.[type] ?? rules?.default ?? 'redact';
}

/** Separators and case do not make a different value: "010-1234-5678" and "01012345678" correlate. */
export function canonicalValue(type: string, value: string): string {
  if (type === 'PERSON' || type === 'KR_ADDRESS') return value.replace(/\s+/g, ' ').trim();
  if (type === 'EMAIL') return value.toLowerCase();
  return value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/** Keyed HMAC-SHA256 of the canonical value, 12 hex digits: `[EMAIL:3fa9c2d1e0b4]`. */
export function hashToken(key: string | Buffer, type: string, value: string): string {
  const mac = createHmac('sha256', key).update(`${type}\u0000${canonicalValue(type, value)}`).digest('hex');
  return `[${type}:${mac.slice(0, 12)}]`;
}

const isAlnum = (ch: string): boolean => /[\p{L}\p{N}]/u.test(ch);

/** Replaces letters and digits with `*`, except those whose index (among letters and digits) `keep` accepts. */
function starExcept(value: string, keep: (i: number, n: number) => boolean): string {
  let n = 0;
  for (const ch of value) if (isAlnum(ch)) n++;
  let i = 0;
  let out = '';
  for (const ch of value) {
    if (!isAlnum(ch)) {
      out += ch;
      continue;
    }
    out += keep(i, n) ? ch : '*';
    i++;
  }
  return out;
}

/** Partial masks that keep what is safe to show and useful to read. */
export function partialMask(type: string, value: string): string {
  switch (type) {
    case 'KR_RRN':
    case 'KR_FRN':
      // Birth date and the gender digit stay: 900101-1******.
      return starExcept(value, (i) => i < 7);
    case 'PHONE':
      return starExcept(value, (i, n) => i < 3 || i >= n - 4);
    case 'CREDIT_CARD':
    case 'KR_BANK_ACCOUNT':
    case 'IBAN':
      return starExcept(value, (i, n) => i >= n - 4 || (type === 'IBAN' && i < 2));
    case 'EMAIL': {
      const at = value.lastIndexOf('@');
      return at <= 0 ? '*'.repeat(value.length) : `${value[0]}${'*'.repeat(Math.max(1, at - 1))}${value.slice(at)}`;
    }
    case 'PERSON':
      // First character of each word: 홍** / J*** S****.
      return value.replace(/\S+/g, (w) => starExcept(w, (i) => i === 0));
    case 'KR_ADDRESS':
      return value.replace(/\d/g, '*');
    case 'IP_ADDRESS':
      return value.includes('.') ? value.replace(/^(\d+)\..*$/, '$1.*.*.*') : value.replace(/^([0-9a-fA-F]*:).*$/, '$1*');
    case 'API_KEY':
      return starExcept(value, (i) => i < 4);
    default:
      return starExcept(value, (i, n) => i >= n - 4);
  }
}

/** Inputs of the policy masker besides the policy. */
export interface MaskerOptions {
  /** Key of the `hash` strategy; without one, `hash` falls back to `redact` (never an unkeyed hash). */
  readonly hashKey?: string | Buffer;
}

/**
 * A mask function for one evaluation: per span type, the strategy the policy names. Tokens are
 * numbered per type in order of appearance; the same value gets the same token within the subject.
 */
export function policyMasker(masking: MaskingPolicy | undefined, direction: Direction, options: MaskerOptions = {}): MaskFunction {
  if (!masking) return redactLabel;
  const tokens = new Map<string, string>();
  const counters = new Map<string, number>();
  return (span: Span, original: string): string => {
    const type = (span.type ?? 'REDACTED').toUpperCase();
    const strategy = strategyFor(masking, direction, type);
    switch (strategy) {
      case 'partial':
        return partialMask(type, original);
      case 'hash':
        return options.hashKey === undefined ? redactLabel(span, original) : hashToken(options.hashKey, type, original);
      case 'tokenize': {
        if (direction !== 'request') return redactLabel(span, original);
        const key = `${type}\u0000${canonicalValue(type, original)}`;
        let token = tokens.get(key);
        if (!token) {
          const n = (counters.get(type) ?? 0) + 1;
          counters.set(type, n);
          token = `[[${type}_${n}]]`;
          tokens.set(key, token);
        }
        return token;
      }
      default:
        return redactLabel(span, original);
    }
  };
}
