import { Redis } from 'ioredis';
import type { RateLimiter } from '../rate-limiter';
import { RedisTokenBucket } from './redis-token-bucket';
import { TokenBucket } from './token-bucket';

/** Requests per second per connector instance; absent or 0 is unlimited. */
export interface RateLimitBudget {
  crm?: number | undefined;
  erp?: number | undefined;
}

/**
 * One limiter per limited instance (decision record 008): a token bucket in this process, or
 * one in Redis shared by every worker when `redisUrl` is given, so N workers together keep one
 * budget. `close` disconnects the Redis it opened.
 *
 * @example
 * const limiters = createRateLimiters({ crm: 10, erp: 5 }, env.REDIS_URL, (e) => log.debug('rate limiter redis', { error: String(e) }));
 * registry.instantiate('crm', 'crm', 'mock-crm', config, { log, rateLimiter: limiters.crm });
 */
export function createRateLimiters(
  budget: RateLimitBudget,
  redisUrl: string | undefined,
  onRedisError: (error: unknown) => void,
): { crm?: RateLimiter | undefined; erp?: RateLimiter | undefined; close(): void } {
  const redis = redisUrl && (budget.crm || budget.erp) ? new Redis(redisUrl) : undefined;
  redis?.on('error', onRedisError);
  const limiter = (name: string, perSecond: number | undefined): RateLimiter | undefined => {
    if (!perSecond) return undefined;
    return redis
      ? new RedisTokenBucket(redis, `bridge:ratelimit:${name}`, { perSecond })
      : new TokenBucket({ perSecond });
  };
  return {
    crm: limiter('crm', budget.crm),
    erp: limiter('erp', budget.erp),
    close: () => redis?.disconnect(),
  };
}
