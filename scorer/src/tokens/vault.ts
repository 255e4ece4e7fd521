/**
 * The token vault behind the `tokenize` masking strategy. After a request is masked it keeps
 * `[[KR_RRN_1]] → original` for the request (sealed with AES-256-GCM, so the store never holds personal
 * data in clear); when the answer to that request comes back through the output guard, tokens in it are
 * replaced by their originals. Request and answer are tied by the request id (`x-aegis-request-id`,
 * the same id Envoy and Kong carry through a call) and the tenant.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Segment, Subject, TextEdit } from '../engine/types';
import { TOKEN_PATTERN } from '../engine/mask-strategies';
import type { TokenStore } from './store';

/** Which request a token map belongs to. */
export interface TokenScope {
  readonly requestId: string;
  readonly tenant?: string;
}

export class TokenVault {
  readonly #key: Buffer;

  /** `secret` is the PII hash key; the sealing key is derived from it, never used twice for two jobs. */
  constructor(
    readonly store: TokenStore,
    secret: string | Buffer,
    readonly ttlSeconds: number,
  ) {
    this.#key = createHmac('sha256', secret).update('aegis token vault v1').digest();
  }

  static keyOf(scope: TokenScope): string {
    return `${scope.tenant ?? '-'}:${scope.requestId}`;
  }

  /** Token → original for every tokenize edit of a masked request. */
  static tokensIn(subject: Subject, edits: readonly TextEdit[]): Record<string, string> {
    const out: Record<string, string> = {};
    const whole = new RegExp(`^${TOKEN_PATTERN.source}$`);
    for (const e of edits) {
      if (!whole.test(e.replacement)) continue;
      const text = subject.segments[e.segment]?.text;
      if (text !== undefined) out[e.replacement] = text.slice(e.start, e.end);
    }
    return out;
  }

  /** Stores the originals of the request's tokens; returns how many. */
  async remember(scope: TokenScope, subject: Subject, edits: readonly TextEdit[]): Promise<number> {
    const tokens = TokenVault.tokensIn(subject, edits);
    const entries: Record<string, string> = {};
    for (const [token, value] of Object.entries(tokens)) entries[token] = this.#seal(value);
    const n = Object.keys(entries).length;
    if (n > 0) await this.store.put(TokenVault.keyOf(scope), entries, this.ttlSeconds);
    return n;
  }

  /** Edits that put originals back where an answer repeats a known token. No tokens, no store lookup. */
  async restoreEdits(scope: TokenScope, segments: readonly Segment[]): Promise<TextEdit[]> {
    const found: Array<{ segment: number; start: number; end: number; token: string }> = [];
    segments.forEach((seg, i) => {
      if (!seg.text.includes('[[')) return;
      const re = new RegExp(TOKEN_PATTERN.source, 'g');
      let m: RegExpExecArray | null;
      while ((m = re.exec(seg.text)) !== null) found.push({ segment: i, start: m.index, end: m.index + m[0].length, token: m[0] });
    });
    if (found.length === 0) return [];
    const stored = await this.store.get(TokenVault.keyOf(scope));
    const edits: TextEdit[] = [];
    for (const f of found) {
      const sealed = stored[f.token];
      const value = sealed === undefined ? undefined : this.#open(sealed);
      if (value !== undefined) edits.push({ segment: f.segment, start: f.start, end: f.end, replacement: value });
    }
    return edits;
  }

  #seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  #open(sealed: string): string | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // Sealed with another key (PII_HASH_KEY changed) or tampered with: not restorable.
      return undefined;
    }
  }
}

/** Merges two edit lists for one body: sorted, and an edit overlapping an earlier one is dropped. */
export function mergeEdits(a: readonly TextEdit[], b: readonly TextEdit[]): TextEdit[] {
  const all = [...a, ...b].sort((x, y) => x.segment - y.segment || x.start - y.start);
  const out: TextEdit[] = [];
  for (const e of all) {
    const last = out[out.length - 1];
    if (last && last.segment === e.segment && e.start < last.end) continue;
    out.push(e);
  }
  return out;
}
