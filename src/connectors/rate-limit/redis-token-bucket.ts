import type { Redis } from 'ioredis';
import type { RateLimiter } from '../rate-limiter';
import { TokenBucket } from './token-bucket';

// One atomic step on Redis's clock, so workers on hosts with skewed clocks share one bucket.
// Returns 0 when a token was taken, else the ms to wait.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if now < paused then return paused - now end
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or ARGV[2])
local stamp = tonumber(redis.call('HGET', KEYS[1], 'stamp') or tostring(now))
tokens = math.min(burst, tokens + (now - stamp) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], 3600000)
return wait
`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if until_ > paused then redis.call('HSET', KEYS[1], 'paused', tostring(until_), 'stamp', tostring(until_)) end
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or '1')
if tokens > 1 then redis.call('HSET', KEYS[1], 'tokens', '1') end
redis.call('PEXPIRE', KEYS[1], 3600000)
return 0
`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The distributed {@link RateLimiter}: one token bucket per connector instance in Redis, shared
 * by every worker process on every host, and paused for everyone by a 429. Used with the
 * BullMQ adapter instead of BullMQ's limiter, which limits a whole queue's jobs, not one
 * system's HTTP calls (decision record 006). While Redis is unreachable (a restart), each
 * process falls back to a local bucket at the same rate rather than stalling or failing calls.
 *
 * @example
 * const limiter = new RedisTokenBucket(redis, 'bridge:ratelimit:erp', { perSecond: 50 });
 * await limiter.acquire();
 */
export class RedisTokenBucket implements RateLimiter {
  private readonly fallback: TokenBucket;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly options: { perSecond: number; burst?: number },
  ) {
    this.fallback = new TokenBucket(options);
  }

  /** Takes a token now, or says how long to wait for one (0 = taken); throws when Redis is down. */
  async tryTake(): Promise<number> {
    const burst = String(Math.max(1, this.options.burst ?? this.options.perSecond));
    return Number(await this.redis.eval(TAKE, 1, this.key, String(this.options.perSecond), burst));
  }

  async acquire(): Promise<void> {
    for (;;) {
      let wait: number;
      try {
        wait = await this.tryTake();
      } catch {
        return this.fallback.acquire();
      }
      if (wait <= 0) return;
      await sleep(wait);
    }
  }

  async pause(ms: number): Promise<void> {
    await this.fallback.pause(ms);
    try {
      await this.redis.eval(PAUSE, 1, this.key, String(Math.max(0, Math.round(ms))));
    } catch {
      // The local pause above still slows this process.
    }
  }
}
