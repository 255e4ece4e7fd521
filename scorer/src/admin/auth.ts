/**
 * Who is calling the admin API: an API key (`Authorization: Bearer aegis_…` or `X-API-Key`) or, when
 * configured, a JWT signed with `JWT_SECRET` (HS256) or by a key from `JWKS_URL`. The role comes from
 * the key, or from the token's `role` claim (or the highest of a `roles` array).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AegisError } from '../errors';
import { looksLikeApiKey, roleAtLeast, ROLES, type ApiKeyStore, type Role } from './keys';

/** An authenticated caller; `actor` is what change records and logs name. */
export interface Principal {
  readonly actor: string;
  readonly role: Role;
  readonly via: 'api-key' | 'jwt';
}

/** JWT settings. */
export interface JwtSettings {
  readonly secret?: string;
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
}

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type Verify = (token: string) => Promise<Record<string, unknown>>;

/** Authenticates requests and checks roles. */
export class Authenticator {
  #verifyJwt: Promise<Verify | undefined> | undefined;

  constructor(
    readonly keys: ApiKeyStore,
    readonly jwt: JwtSettings = {},
  ) {}

  /** The caller, or AEGIS_ERR_UNAUTHENTICATED (401). */
  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const token = credential(headers);
    if (token === undefined) throw new AegisError('AEGIS_ERR_UNAUTHENTICATED', 'Send an API key (Authorization: Bearer aegis_… or X-API-Key) or a JWT.');
    if (looksLikeApiKey(token)) {
      const key = await this.keys.verify(token);
      if (!key) throw new AegisError('AEGIS_ERR_UNAUTHENTICATED', 'The API key is unknown, malformed or revoked.');
      return { actor: `key:${key.id}:${key.name}`, role: key.role, via: 'api-key' };
    }
    const verify = await this.#jwtVerifier();
    if (!verify) throw new AegisError('AEGIS_ERR_UNAUTHENTICATED', 'The credential is not an Aegis API key and JWTs are not enabled.');
    let claims: Record<string, unknown>;
    try {
      claims = await verify(token);
    } catch (err) {
      throw new AegisError('AEGIS_ERR_UNAUTHENTICATED', `The token is not valid (${(err as { code?: string }).code ?? 'invalid'}).`);
    }
    const role = roleFromClaims(claims);
    if (!role) throw new AegisError('AEGIS_ERR_FORBIDDEN', `The token carries no Aegis role (claim "role" or "roles" with ${ROLES.join(', ')}).`);
    const sub = typeof claims.sub === 'string' ? claims.sub : 'unknown';
    return { actor: `jwt:${sub}`, role, via: 'jwt' };
  }

  #jwtVerifier(): Promise<Verify | undefined> {
    this.#verifyJwt ??= (async () => {
      const { secret, jwksUrl, issuer, audience } = this.jwt;
      if (!secret && !jwksUrl) return undefined;
      // jose is ESM-only; a dynamic import keeps this file CommonJS.
      const jose: Jose = await import('jose');
      const options = { ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}) };
      const remote = jwksUrl ? jose.createRemoteJWKSet(new URL(jwksUrl)) : undefined;
      const hmac = secret ? new TextEncoder().encode(secret) : undefined;
      return async (token: string) => {
        const { alg } = jose.decodeProtectedHeader(token);
        if (alg?.startsWith('HS')) {
          if (!hmac) throw Object.assign(new Error('HMAC tokens are not accepted'), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
          return (await jose.jwtVerify(token, hmac, { ...options, algorithms: ['HS256', 'HS384', 'HS512'] })).payload;
        }
        if (!remote) throw Object.assign(new Error('no JWKS configured'), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
        return (await jose.jwtVerify(token, remote, options)).payload;
      };
    })();
    return this.#verifyJwt;
  }
}

/** AEGIS_ERR_FORBIDDEN (403) unless the caller has at least `need`. */
export function requireRole(p: Principal, need: Role): void {
  if (!roleAtLeast(p.role, need)) throw new AegisError('AEGIS_ERR_FORBIDDEN', `This operation needs the ${need} role; the credentials have ${p.role}.`);
}

function credential(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey.trim();
  const auth = headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return m ? m[1] : undefined;
}

function roleFromClaims(claims: Record<string, unknown>): Role | undefined {
  const names: unknown[] = [];
  if (typeof claims.role === 'string') names.push(claims.role);
  if (Array.isArray(claims.roles)) names.push(...claims.roles);
  let best: Role | undefined;
  for (const n of names) {
    if (typeof n === 'string' && (ROLES as readonly string[]).includes(n) && (!best || roleAtLeast(n as Role, best))) best = n as Role;
  }
  return best;
}
