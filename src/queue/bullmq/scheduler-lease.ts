import { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger';
import { RedisLeaderLock } from './redis-leader-lock';

/** This process's hold on the scheduler lease. */
export interface SchedulerLease {
  /** True while this process holds the lease. */
  isLeader(): boolean;
  /** Releases the lease (another process takes over at once) and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Takes part in the `bridge:scheduler` lease in Redis: any number of worker processes share one
 * Redis, and the lease holder alone starts runs (the initial sync and the pollers), so that each
 * run is started once and its jobs spread over all. `onLeadership` hears every change.
 *
 * @example
 * const lease = await startSchedulerLease(env.REDIS_URL, env.SCHEDULER_LEASE_MS, log, (leading) => toggle(leading));
 */
export async function startSchedulerLease(
  redisUrl: string,
  ttlMs: number,
  log: Logger,
  onLeadership: (leading: boolean) => void,
): Promise<SchedulerLease> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => log.debug('scheduler lock redis', { error: String(error) }));
  const lock = new RedisLeaderLock(redis, {
    key: 'bridge:scheduler',
    ttlMs,
    onAcquired: () => {
      log.info('this process now schedules runs', { pid: process.pid });
      onLeadership(true);
    },
    onLost: (reason) => {
      // A normal shutdown hands the lease over; only a lost lease means someone else leads.
      if (reason === 'stopped') log.info('this process stopped scheduling runs', { pid: process.pid });
      else if (reason === 'error')
        log.warn('scheduler lease unreachable in Redis: not scheduling runs', { pid: process.pid });
      else log.warn('scheduler lease expired: another process may schedule runs now', { pid: process.pid });
      onLeadership(false);
    },
  });
  await lock.start();
  return {
    isLeader: () => lock.isLeader,
    stop: async () => {
      await lock.stop();
      redis.disconnect();
    },
  };
}
