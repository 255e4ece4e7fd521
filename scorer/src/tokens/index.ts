/** Token vault wiring: the store named by the config and the keys the masking strategies use. */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import type { ServiceOptions } from '../service';
import type { Logger } from '../telemetry/logger';
import { RedisTokenStore } from './redis-store';
import { MemoryTokenStore, type TokenStore } from './store';
import { TokenVault } from './vault';

export { MemoryTokenStore, type TokenStore } from './store';
export { RedisTokenStore } from './redis-store';
export { TokenVault, mergeEdits, type TokenScope } from './vault';

/** The vault (Redis when `REDIS_URL` is set) and the service options that use it. */
export function createTokenServices(config: Pick<Config, 'redisUrl' | 'redisKeyPrefix' | 'piiHashKey' | 'piiTokenTtlSeconds'>, logger: Logger): { vault: TokenVault; options: ServiceOptions } {
  let key: string | Buffer | undefined = config.piiHashKey;
  if (key === undefined) {
    key = randomBytes(32);
    logger.warn('PII_HASH_KEY is not set: hash masks and sealed tokens use a random key and change on restart');
  }
  const store: TokenStore = config.redisUrl !== undefined ? new RedisTokenStore(config.redisUrl, config.redisKeyPrefix) : new MemoryTokenStore();
  const vault = new TokenVault(store, key, config.piiTokenTtlSeconds);
  return { vault, options: { tokens: vault, hashKey: key } };
}
