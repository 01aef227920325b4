import type { Redis } from 'ioredis';

// Extends the lease only while this process still holds it: a holder that stalled past its TTL
// and lost the key to another process must not take it back by renewing.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
// Takes the lease when it is free, or takes it back when it still holds our token: a renewal
// that failed on a Redis error made this process stop leading without losing the key, and
// nobody else can have led since, so waiting for our own key to expire would only delay runs.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Why a process stopped leading: `stopped` by {@link RedisLeaderLock.stop}, `taken` (the lease
 * ran out and another process may hold it), or `error` (Redis failed; the lock keeps trying). */
export type LeadershipLoss = 'stopped' | 'taken' | 'error';

/** Options of a {@link RedisLeaderLock}. */
export interface LeaderLockOptions {
  /** Redis key of the lease, e.g. `bridge:scheduler`. */
  key: string;
  /** Lease length: a dead holder is replaced within this long. */
  ttlMs?: number;
  /** Told when this process becomes the holder, and when it stops being one. */
  onAcquired: () => void;
  onLost: (reason: LeadershipLoss) => void;
  /** Unexpected Redis errors (the lock keeps trying). */
  onError?: (error: unknown) => void;
}

/**
 * A lease in Redis that one process of many holds: the holder renews it every third of its TTL,
 * the others try to take it at the same pace, so when the holder dies (no renewal) another
 * process takes over within one TTL. Used so that exactly one `bridge worker` schedules runs
 * (the initial sync and the pollers) while all of them process jobs. While Redis is unreachable
 * the holder gives up leading: two leaders after a partition would start duplicate runs.
 *
 * @example
 * const lock = new RedisLeaderLock(redis, { key: 'bridge:scheduler', onAcquired: poll, onLost: stopPolling });
 * await lock.start();
 */
export class RedisLeaderLock {
  readonly token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private stopped = false;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: LeaderLockOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
  }

  /** True while this process holds the lease. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Tries once now (so the caller knows at once whether it leads), then keeps trying/renewing. */
  async start(): Promise<boolean> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
    return this.leading;
  }

  /**
   * Stops renewing and hands the lease back, so another process takes over at once. The release
   * runs even when this process no longer leads: a renewal that failed on a Redis error left
   * our token in the key, and only the token-guarded delete frees it before its TTL.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.setLeading(false, 'stopped');
    await this.redis.eval(RELEASE, 1, this.options.key, this.token).catch((error) => this.options.onError?.(error));
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.leading) {
        const renewed = Number(await this.redis.eval(RENEW, 1, this.options.key, this.token, String(this.ttlMs)));
        if (!renewed) this.setLeading(false, 'taken');
        return;
      }
      const taken = Number(await this.redis.eval(ACQUIRE, 1, this.options.key, this.token, String(this.ttlMs)));
      if (taken && this.stopped) await this.redis.eval(RELEASE, 1, this.options.key, this.token);
      else if (taken) this.setLeading(true);
    } catch (error) {
      this.options.onError?.(error);
      this.setLeading(false, 'error');
    }
  }

  private setLeading(leading: true): void;
  private setLeading(leading: false, reason: LeadershipLoss): void;
  private setLeading(leading: boolean, reason?: LeadershipLoss): void {
    if (leading === this.leading) return;
    this.leading = leading;
    if (leading) this.options.onAcquired();
    else this.options.onLost(reason!);
  }
}
