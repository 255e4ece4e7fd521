/**
 * Admin API keys: `aegis_<id>_<secret>`. Only a SHA-256 of the secret is stored (the secret is 256
 * random bits, so a slow password hash adds nothing); the full key is shown once, when it is created.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { AegisError } from '../errors';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
/** viewer reads; editor also changes policies; admin also manages keys and imports. */
export type Role = (typeof ROLES)[number];

/** True when `have` includes the rights of `need`. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** A key as listed (never with its secret). */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

const KEY_FORMAT = /^aegis_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** True when `token` has the shape of an Aegis API key (as opposed to a JWT). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('aegis_');
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** API keys in Postgres. */
export class ApiKeyStore {
  readonly #lastUsedWritten = new Map<string, number>();

  constructor(readonly pool: Pool) {}

  /** Creates a key; the returned `key` is the only time the secret exists outside the caller. */
  async create(role: Role, name: string, createdBy: string): Promise<{ key: string; info: ApiKeyInfo }> {
    if (!ROLES.includes(role)) throw new AegisError('AEGIS_ERR_BAD_REQUEST', `role must be one of ${ROLES.join(', ')}.`);
    if (name.length === 0 || name.length > 128) throw new AegisError('AEGIS_ERR_BAD_REQUEST', 'name must be 1 to 128 characters.');
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    await this.pool.query('insert into api_keys (key_id, secret_hash, role, name, created_by) values ($1, $2, $3, $4, $5)', [id, digest(secret).toString('hex'), role, name, createdBy]);
    const info = (await this.list()).find((k) => k.id === id) as ApiKeyInfo;
    return { key: `aegis_${id}_${secret}`, info };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const { rows } = await this.pool.query<{ key_id: string; name: string; role: Role; created_at: Date; created_by: string; revoked_at: Date | null; last_used_at: Date | null }>(
      'select key_id, name, role, created_at, created_by, revoked_at, last_used_at from api_keys order by created_at, key_id',
    );
    return rows.map((r) => ({
      id: r.key_id,
      name: r.name,
      role: r.role,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      revokedAt: r.revoked_at?.toISOString() ?? null,
      lastUsedAt: r.last_used_at?.toISOString() ?? null,
    }));
  }

  /** Revokes a key (kept for the record). */
  async revoke(id: string): Promise<void> {
    const res = await this.pool.query('update api_keys set revoked_at = now() where key_id = $1 and revoked_at is null', [id]);
    if (!res.rowCount) throw new AegisError('AEGIS_ERR_NOT_FOUND', `No active API key ${id}.`);
  }

  /** The key's id, name and role, or undefined when the key is unknown, wrong or revoked. */
  async verify(key: string): Promise<{ id: string; name: string; role: Role } | undefined> {
    const m = KEY_FORMAT.exec(key);
    if (!m) return undefined;
    const [, id, secret] = m as unknown as [string, string, string];
    const { rows } = await this.pool.query<{ secret_hash: string; role: Role; name: string }>('select secret_hash, role, name from api_keys where key_id = $1 and revoked_at is null', [id]);
    const row = rows[0];
    if (!row) return undefined;
    const stored = Buffer.from(row.secret_hash, 'hex');
    const given = digest(secret);
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
    this.#touch(id);
    return { id, name: row.name, role: row.role };
  }

  /** Records use at most once a minute per key, without waiting for it. */
  #touch(id: string): void {
    const now = Date.now();
    if (now - (this.#lastUsedWritten.get(id) ?? 0) < 60_000) return;
    this.#lastUsedWritten.set(id, now);
    this.pool.query('update api_keys set last_used_at = now() where key_id = $1', [id]).catch(() => undefined);
  }
}
