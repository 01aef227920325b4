import { IntegrationError } from '../errors';
import type { Logger } from '../observability/logger';
import type { StateDatabase } from '../store/database';
import { BullmqQueue, type BullmqQueueOptions } from './bullmq/bullmq-queue';
import { EmbeddedQueue, type EmbeddedQueueOptions } from './embedded/embedded-queue';
import type { JobQueue } from './job-queue';

/** What {@link createJobQueue} needs to pick and build an adapter. */
export interface CreateJobQueueOptions {
  /** The SQLite state database; the embedded queue keeps its jobs there (outbox). Absent on PostgreSQL. */
  state: StateDatabase | undefined;
  /** Queue name; jobs of different queues never mix. */
  name: string;
  /** When set, jobs go to BullMQ on this Redis instead of the embedded queue. */
  redisUrl?: string | undefined;
  /** Where the adapter reports its own errors (database, Redis); default: warnings to stderr. */
  log?: Logger;
  embedded?: EmbeddedQueueOptions;
  bullmq?: BullmqQueueOptions;
}

/**
 * The composition root's one choice of queue: BullMQ when a Redis URL is configured (many
 * workers on many hosts), otherwise the embedded SQLite queue (one host, zero setup).
 *
 * @example
 * const queue = createJobQueue({ state, name: 'bridge', redisUrl: env.REDIS_URL });
 */
export function createJobQueue(options: CreateJobQueueOptions): JobQueue {
  const log = options.log ? { log: options.log } : {};
  if (options.redisUrl) return new BullmqQueue(options.redisUrl, options.name, { ...log, ...options.bullmq });
  if (!options.state) {
    throw new IntegrationError(
      'config_invalid',
      'the embedded queue needs the SQLite state (DATABASE_PATH); with DATABASE_URL (PostgreSQL) set REDIS_URL',
    );
  }
  return new EmbeddedQueue(options.state, options.name, { ...log, ...options.embedded });
}
