import type { RateLimiter } from '../rate-limiter';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The in-process {@link RateLimiter}: a token bucket refilled at `perSecond` tokens per second,
 * holding at most `burst` (default one second's worth). Every worker of the embedded adapter
 * runs in one process, so one bucket per connector instance is the whole budget.
 *
 * @example
 * const limiter = new TokenBucket({ perSecond: 20 });
 * await limiter.acquire(); // then send the request
 */
export class TokenBucket implements RateLimiter {
  private tokens: number;
  private stamp: number;
  private pausedUntil = 0;
  private readonly burst: number;

  constructor(
    private readonly options: { perSecond: number; burst?: number },
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.perSecond > 0)) throw new RangeError('perSecond must be > 0');
    this.burst = Math.max(1, options.burst ?? options.perSecond);
    this.tokens = this.burst;
    this.stamp = now();
  }

  /** Takes a token now, or says how long to wait for one (0 = taken). */
  tryTake(): number {
    const now = this.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.stamp) * this.options.perSecond) / 1000);
    this.stamp = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.options.perSecond);
  }

  async acquire(): Promise<void> {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(wait);
  }

  async pause(ms: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.max(0, ms));
    // Tokens saved up before the 429, or accrued during the pause, must not burst out when it ends.
    this.tokens = Math.min(this.tokens, 1);
    this.stamp = Math.max(this.stamp, this.pausedUntil);
  }
}
