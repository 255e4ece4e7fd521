/**
 * Keeps a Core instance's policies in step with Postgres: LISTEN/NOTIFY for changes (reaching every
 * instance within a second), a periodic re-check of the store generation as a safety net, and a
 * last-known-good snapshot file. When Postgres is unreachable, at start or later, Core keeps serving
 * with what it last had (memory, then the snapshot file, then the embedded defaults), says so in
 * health and logs, and reconnects by itself.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client } from 'pg';
import type { DetectorRegistry } from '../../scorer/src/engine/detector';
import type { Policy } from '../../scorer/src/engine/policy';
import type { Logger } from '../../scorer/src/telemetry/logger';
import type { ComponentHealth } from '../../scorer/src/transports/http/health';
import { migrate } from './migrate';
import { createClient, describePgError, type PgSettings } from './pg';
import type { PolicyStore } from './pg-store';
import { loadPolicyFile, PolicySet } from './policy-set';
import { validateBundle } from './validate';

/** The NOTIFY channel; the payload is the schema that changed. */
export const POLICY_CHANNEL = 'aegis_policy_changed';

export interface PolicySyncOptions {
  readonly settings: PgSettings;
  readonly store: PolicyStore;
  readonly registry?: DetectorRegistry;
  /** Used when neither Postgres nor the snapshot file has a set (embedded defaults or AEGIS_POLICY_FILE). */
  readonly fallback: PolicySet;
  /** Last-known-good snapshot (`POLICY_CACHE_FILE`); a valid policy file (`{"policies": [...]}`). */
  readonly cacheFile?: string;
  /** Safety-net re-check interval. */
  readonly recheckMs: number;
  readonly logger: Logger;
  /** Called with every new set (hot reload). */
  readonly apply: (set: PolicySet) => void;
}

const MAX_BACKOFF_MS = 5000;

/** Loads, watches and caches the policy set from Postgres. */
export class PolicySync {
  readonly #o: PolicySyncOptions;
  #current: PolicySet;
  #generation = -1;
  #connected = false;
  #migrated = false;
  #listener: Client | undefined;
  #lastError: string | undefined;
  #downSince: number | undefined;
  #invalid: string | undefined;
  #recheckTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #backoff = 250;
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;
  #closed = false;

  constructor(options: PolicySyncOptions) {
    this.#o = options;
    this.#current = options.fallback;
  }

  /** The active set. */
  get current(): PolicySet {
    return this.#current;
  }

  /** True while the active set may be behind the store (Postgres unreachable). */
  get stale(): boolean {
    return !this.#connected;
  }

  /**
   * Connects, migrates and loads. Never throws for an unreachable database: the set is then the
   * snapshot file's or the fallback, and reconnection goes on in the background.
   */
  async start(): Promise<PolicySet> {
    try {
      await this.#connect();
    } catch (err) {
      this.#down(err);
      const cached = this.#readCache();
      if (cached) this.#use(cached);
      this.#o.logger.warn({ source: this.#current.source.kind, error: this.#lastError }, 'postgres unreachable at start; serving the last-known-good policies and retrying');
      this.#scheduleReconnect();
    }
    this.#recheckTimer = setInterval(() => void this.#recheck(), this.#o.recheckMs);
    this.#recheckTimer.unref();
    return this.#current;
  }

  /** Re-reads the store now (after a local write, or on NOTIFY). Resolves when done; throws if unreachable. */
  refresh(force = false): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          this.#refreshAgain = false;
          await this.#load(force);
        } while (this.#refreshAgain);
      } finally {
        this.#refreshing = undefined;
      }
    };
    this.#refreshing = run();
    return this.#refreshing;
  }

  /** Health of the Postgres link, for the `postgres` component. */
  health(): ComponentHealth {
    const base = { generation: this.#generation, policySource: this.#current.source.kind };
    if (!this.#connected) {
      return { status: 'degraded', state: 'unreachable', ...base, since: new Date(this.#downSince ?? Date.now()).toISOString(), error: this.#lastError ?? 'not connected yet', serving: 'last-known-good' };
    }
    if (this.#invalid) return { status: 'degraded', state: 'connected', ...base, error: this.#invalid, serving: 'last-known-good' };
    return { status: 'ok', state: 'connected', ...base };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#recheckTimer);
    clearTimeout(this.#reconnectTimer);
    const l = this.#listener;
    this.#listener = undefined;
    await l?.end().catch(() => undefined);
    await this.#refreshing?.catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (!this.#migrated) {
      const result = await migrate(this.#o.settings);
      this.#migrated = true;
      if (result.applied.length > 0) this.#o.logger.info({ applied: result.applied }, 'database migrations applied');
    }
    const client = createClient(this.#o.settings);
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client, new Error('listener connection ended')));
    client.on('notification', (msg) => {
      if (msg.channel === POLICY_CHANNEL && msg.payload === this.#o.settings.schema) void this.refresh().catch((err: unknown) => this.#down(err));
    });
    try {
      await client.connect();
      await client.query(`listen ${POLICY_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#listener = client;
    // Changes made while we were away arrive with this load, not as notifications.
    await this.refresh(true);
  }

  #lost(client: Client, err: unknown): void {
    if (this.#listener !== client || this.#closed) return;
    this.#listener = undefined;
    void client.end().catch(() => undefined);
    this.#down(err);
    this.#o.logger.warn({ error: this.#lastError, source: this.#current.source.kind }, 'postgres connection lost; serving the last-known-good policies');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    const delay = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, MAX_BACKOFF_MS);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#connect().then(
        () => {
          this.#backoff = 250;
          this.#o.logger.info({ generation: this.#generation }, 'postgres reachable again; policies reloaded');
        },
        (err: unknown) => {
          this.#down(err);
          this.#scheduleReconnect();
        },
      );
    }, delay);
    this.#reconnectTimer.unref();
  }

  async #recheck(): Promise<void> {
    if (!this.#listener) return; // the reconnect loop is on it
    try {
      await this.refresh();
    } catch (err) {
      this.#down(err);
    }
  }

  async #load(force: boolean): Promise<void> {
    const active = await this.#o.store.active();
    this.#up();
    if (!force && active.generation === this.#generation) return;
    let set: PolicySet;
    try {
      set = this.#build(active.policies);
      this.#invalid = undefined;
    } catch (err) {
      // A stored policy this instance cannot use (e.g. a detector it does not have): keep the last set.
      this.#invalid = (err as Error).message;
      this.#o.logger.error({ error: this.#invalid, generation: active.generation }, 'stored policies are not valid for this instance; keeping the last-known-good set');
      return;
    }
    const changed = active.generation !== this.#generation;
    this.#generation = active.generation;
    this.#use(set);
    this.#writeCache(set);
    if (changed) {
      this.#o.logger.info({ generation: active.generation, policies: set.policies.map((p) => `${p.id}@${p.version}`) }, 'policies loaded from postgres');
    }
  }

  #build(stored: readonly Policy[]): PolicySet {
    const policies = stored.some((p) => !p.scope) ? [...stored] : [this.#o.fallback.default, ...stored];
    const bundle = validateBundle({ policies }, this.#o.registry);
    return new PolicySet(bundle.policies, { kind: 'postgres', location: `schema ${this.#o.settings.schema}` });
  }

  #use(set: PolicySet): void {
    this.#current = set;
    this.#o.apply(set);
  }

  #up(): void {
    if (!this.#connected && this.#listener) {
      this.#connected = true;
      this.#downSince = undefined;
      this.#lastError = undefined;
    }
  }

  #down(err: unknown): void {
    if (this.#connected || this.#downSince === undefined) this.#downSince = Date.now();
    this.#connected = false;
    this.#lastError = describePgError(err);
  }

  #writeCache(set: PolicySet): void {
    const file = this.#o.cacheFile;
    if (!file) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ policies: set.policies }, null, 2)}\n`);
      renameSync(tmp, file);
    } catch (err) {
      this.#o.logger.warn({ file, error: (err as Error).message }, 'cannot write the policy snapshot file');
    }
  }

  #readCache(): PolicySet | undefined {
    const file = this.#o.cacheFile;
    if (!file) return undefined;
    try {
      const set = loadPolicyFile(file, this.#o.registry);
      return new PolicySet(set.policies, { kind: 'cache', location: set.source.location ?? file });
    } catch (err) {
      if ((err as Error).message.includes('ENOENT')) return undefined;
      this.#o.logger.warn({ file, error: (err as Error).message }, 'policy snapshot file unusable; using the fallback policies');
      return undefined;
    }
  }
}
