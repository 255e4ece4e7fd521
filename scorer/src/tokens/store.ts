/**
 * Where tokenised originals live between a request and its answer: a small key → {token: sealed value}
 * store with a TTL. Redis when `REDIS_URL` is set (shared by every Core instance), in-process otherwise.
 */

/** A store of token maps. Values arrive already encrypted (see `vault.ts`). */
export interface TokenStore {
  readonly kind: 'memory' | 'redis';
  /** Adds entries to the map at `key` and (re)sets its time to live. */
  put(key: string, entries: Readonly<Record<string, string>>, ttlSeconds: number): Promise<void>;
  /** The map at `key`; empty when there is none or it expired. */
  get(key: string): Promise<Record<string, string>>;
  /** For the health endpoint. */
  health(): { status: 'ok' | 'degraded' | 'down'; [detail: string]: unknown };
  close(): Promise<void>;
}

/** In-process store: bounded, entries expire lazily. Lost on restart and not shared between instances. */
export class MemoryTokenStore implements TokenStore {
  readonly kind = 'memory' as const;
  readonly #maps = new Map<string, { expires: number; entries: Record<string, string> }>();

  constructor(
    readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async put(key: string, entries: Readonly<Record<string, string>>, ttlSeconds: number): Promise<void> {
    const existing = this.#live(key);
    this.#maps.delete(key);
    this.#maps.set(key, { expires: this.now() + ttlSeconds * 1000, entries: { ...(existing ?? {}), ...entries } });
    // Oldest first out: Map keeps insertion order and a put re-inserts.
    while (this.#maps.size > this.maxKeys) this.#maps.delete(this.#maps.keys().next().value as string);
  }

  async get(key: string): Promise<Record<string, string>> {
    return { ...(this.#live(key) ?? {}) };
  }

  #live(key: string): Record<string, string> | undefined {
    const m = this.#maps.get(key);
    if (!m) return undefined;
    if (m.expires <= this.now()) {
      this.#maps.delete(key);
      return undefined;
    }
    return m.entries;
  }

  health() {
    return { status: 'ok' as const, store: 'memory', keys: this.#maps.size };
  }

  async close(): Promise<void> {
    this.#maps.clear();
  }
}
