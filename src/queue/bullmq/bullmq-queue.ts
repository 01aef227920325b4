import { randomUUID } from 'node:crypto';
import { type BackoffOptions, Job as BullJob, type IRedisTransaction, Queue, Worker } from 'bullmq';
import { type ChainableCommander, Redis } from 'ioredis';
import { createLogger, type Logger } from '../../observability/logger';
import { backoffDelay, type RandomSource } from '../backoff';
import { leaseExpiredError } from '../job-error';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, resolveJobOptions } from '../job-options';
import type {
  BackoffPolicy,
  CloseOptions,
  DeadJob,
  Job,
  JobFailure,
  JobHandler,
  JobOptions,
  JobQueue,
  ProcessOptions,
  QueueCounts,
} from '../job-queue';
import { QueueEventHub } from '../queue-event-hub';
import { planRetry } from '../retry-plan';
import { pollUntilIdle } from '../wait-until-idle';
import { DeadLetterError, failureReason, RetryLaterError } from './attempt-errors';
import { jobIdCodec } from './job-id-codec';

/** Options of {@link BullmqQueue}. */
export interface BullmqQueueOptions {
  /** Prefix of every Redis key (default `bull`); tests use a fresh one each for isolation. */
  prefix?: string;
  /** Random source of the backoff jitter; tests inject a fixed one. */
  random?: RandomSource;
  /** Where connection and worker errors are reported (default: warnings to stderr). */
  log?: Logger;
}

/** Our backoff is a custom BullMQ strategy; the job carries its policy next to the type. */
const BACKOFF_TYPE = 'bridge';
type StoredBackoff = BackoffOptions & { policy: BackoffPolicy };

const DEFAULT_LEASE_MS = 30_000;

type CompletedListener = (job: Job, result: unknown) => void;
type FailureListener = (failure: JobFailure) => void;

/**
 * {@link JobQueue} on BullMQ and Redis, for many worker processes on many hosts. Retry timing is
 * computed by our backoff functions (a custom BullMQ backoff strategy) and retry decisions by
 * {@link planRetry}, so jobs behave as on the embedded queue. Job ids are encoded for BullMQ
 * (see {@link jobIdCodec}) and decoded in everything returned. Completed jobs are removed at
 * once (freeing their id) and counted by BullMQ's metrics; dead jobs are BullMQ's failed jobs.
 *
 * @example
 * const queue = new BullmqQueue('redis://localhost:6379', 'bridge');
 * await queue.process(async (job) => handle(job), { concurrency: 8 });
 * await queue.enqueue('sync-page', payload, { jobId: 'run-1/sync/0' });
 */
export class BullmqQueue implements JobQueue {
  readonly name: string;
  private readonly redisUrl: string;
  private readonly prefix: string | undefined;
  private readonly random: RandomSource | undefined;
  /** Producer and admin reads; requests fail after a while when Redis is gone, instead of hanging. */
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly log: Logger;
  private readonly events: QueueEventHub;
  private worker: Worker | undefined;
  private closing: Promise<void> | undefined;

  constructor(redisUrl: string, name: string, options: BullmqQueueOptions = {}) {
    this.name = name;
    this.redisUrl = redisUrl;
    this.prefix = options.prefix;
    this.random = options.random;
    this.log = options.log ?? createLogger({ level: 'warn' });
    this.events = new QueueEventHub(this.log);
    this.connection = new Redis(redisUrl);
    this.queue = new Queue(name, { connection: this.connection, ...(this.prefix ? { prefix: this.prefix } : {}) });
    this.queue.on('error', (error) => this.log.warn('redis error', { queue: name, error: error.message }));
  }

  async enqueue(name: string, payload: unknown, options?: JobOptions): Promise<{ id: string; added: boolean }> {
    const [result] = await this.enqueueMany([{ name, payload, ...(options ? { options } : {}) }]);
    return result as { id: string; added: boolean };
  }

  /**
   * Adds the jobs in one MULTI: each add is preceded by an EXISTS of its key, so `added` is exact
   * even when producers race, and the batch is atomic like the embedded queue's transaction.
   */
  async enqueueMany(
    jobs: readonly { name: string; payload: unknown; options?: JobOptions }[],
  ): Promise<{ id: string; added: boolean }[]> {
    if (this.closing) throw new Error(`queue ${this.name} is closed`);
    if (jobs.length === 0) return [];
    const client = await this.queue.getBackend().client;
    // The multi of BullMQ's client wrapper is an ioredis multi: it has EXISTS and BullMQ's scripts.
    const multi = client.multi() as unknown as IRedisTransaction & ChainableCommander;
    const ids = jobs.map((job) => {
      const resolved = resolveJobOptions(job.options);
      const id = resolved.jobId ?? randomUUID();
      const bullId = jobIdCodec.encode(id);
      const backoff: StoredBackoff = { type: BACKOFF_TYPE, delay: resolved.backoff.baseMs, policy: resolved.backoff };
      const bullJob = new BullJob(
        this.queue,
        job.name,
        job.payload ?? null,
        {
          jobId: bullId,
          attempts: resolved.attempts,
          delay: resolved.delayMs,
          priority: resolved.priority,
          backoff,
          removeOnComplete: true,
          removeOnFail: false,
        },
        bullId,
      );
      multi.exists(this.queue.toKey(bullId));
      // Queues the add on the MULTI (validating the options now); the result comes from exec().
      bullJob.addJob(multi).catch(() => {});
      return id;
    });
    const replies = (await multi.exec()) ?? [];
    return ids.map((id, index) => {
      const [existsError, exists] = replies[index * 2] ?? [new Error('no reply')];
      const [addError] = replies[index * 2 + 1] ?? [new Error('no reply')];
      if (existsError || addError) throw existsError ?? addError;
      return { id, added: exists === 0 };
    });
  }

  async process(handler: JobHandler, options: ProcessOptions = {}): Promise<void> {
    if (this.closing) throw new Error(`queue ${this.name} is closed`);
    if (this.worker) throw new Error(`queue ${this.name} is already processing; call process() once per instance`);
    const leaseMs = Math.max(10, options.leaseMs ?? DEFAULT_LEASE_MS);
    // BullMQ duplicates this client for its own two connections; lazy, so it never connects itself.
    const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    const worker = new Worker(this.name, (job) => this.attempt(job as BullJob, handler), {
      connection,
      ...(this.prefix ? { prefix: this.prefix } : {}),
      concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
      lockDuration: leaseMs,
      // A job whose lock expired is found within about two intervals of the lease's end.
      stalledInterval: Math.max(50, Math.floor(leaseMs / 2)),
      // A stall counts as an attempt (checked in attempt()), as on the embedded queue; BullMQ's
      // own stall limit must never cut in first.
      maxStalledCount: 1_000_000,
      metrics: { maxDataPoints: 60 },
      settings: {
        backoffStrategy: (attemptsMade, _type, error, job) =>
          error instanceof RetryLaterError
            ? error.delayMs
            : backoffDelay(readPolicy(job?.opts.backoff), attemptsMade, this.random),
      },
    });
    this.worker = worker;
    worker.on('error', (error) => this.log.warn('worker error', { queue: this.name, error: error.message }));
    worker.on('completed', (job, result) => this.events.emitCompleted(toJob(job), result));
    worker.on('failed', (job, error) => {
      if (job) this.events.emitFailure(toFailure(job, error));
    });
    worker.once('closed', () => connection.disconnect());
    await worker.waitUntilReady();
  }

  on(event: 'completed', listener: CompletedListener): () => void;
  on(event: 'failed' | 'dead', listener: FailureListener): () => void;
  on(event: 'completed' | 'failed' | 'dead', listener: CompletedListener | FailureListener): () => void {
    return event === 'completed'
      ? this.events.on(event, listener as CompletedListener)
      : this.events.on(event, listener as FailureListener);
  }

  async counts(): Promise<QueueCounts> {
    const [counts, completed] = await Promise.all([
      this.queue.getJobCounts('waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'failed'),
      this.queue.getMetrics('completed', 0, 0),
    ]);
    const count = (type: string) => counts[type] ?? 0;
    return {
      waiting: count('waiting') + count('prioritized') + count('waiting-children'),
      delayed: count('delayed'),
      active: count('active'),
      completed: completed.meta.count,
      dead: count('failed'),
    };
  }

  async listDead(limit = 100): Promise<DeadJob[]> {
    const jobs = await this.queue.getFailed(0, Math.max(0, limit - 1));
    return jobs
      .filter((job): job is BullJob => Boolean(job))
      .map((job) => ({
        id: jobIdCodec.decode(job.id ?? ''),
        name: job.name,
        payload: job.data as unknown,
        attempts: Math.min(job.attemptsStarted, job.opts.attempts ?? DEFAULT_ATTEMPTS),
        error: failureReason.decode(job.failedReason),
        failedAt: job.finishedOn ?? job.processedOn ?? job.timestamp,
      }));
  }

  async retryDead(id: string): Promise<boolean> {
    const job = await this.queue.getJob(jobIdCodec.encode(id));
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  waitUntilIdle(timeoutMs?: number): Promise<void> {
    return pollUntilIdle(() => this.counts(), timeoutMs);
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.force === true);
    return this.closing;
  }

  private async shutdown(force: boolean): Promise<void> {
    // A forced close drops the worker's connections at once: its locks are no longer renewed and
    // its jobs stall, exactly as when the process dies.
    await this.worker?.close(force);
    await this.queue.close();
    if (force) this.connection.disconnect();
    else await this.connection.quit().catch(() => this.connection.disconnect());
  }

  /** One delivery: runs the handler and turns its failure into BullMQ's retry or fail. */
  private async attempt(bullJob: BullJob, handler: JobHandler): Promise<unknown> {
    const job = toJob(bullJob);
    // attemptsStarted counts deliveries, stalls included: past the budget, the last one stalled.
    if (job.attempt > job.maxAttempts) throw new DeadLetterError(leaseExpiredError(job.maxAttempts));
    try {
      return await handler(job);
    } catch (error) {
      const plan = planRetry({
        error,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        backoff: readPolicy(bullJob.opts.backoff),
        random: this.random,
      });
      throw plan.willRetry
        ? new RetryLaterError(plan.error, plan.delayMs, error)
        : new DeadLetterError(plan.error, error);
    }
  }
}

function toJob(job: BullJob): Job {
  const maxAttempts = job.opts.attempts ?? DEFAULT_ATTEMPTS;
  return {
    id: jobIdCodec.decode(job.id ?? ''),
    name: job.name,
    payload: job.data as unknown,
    attempt: Math.min(job.attemptsStarted, maxAttempts + 1),
    maxAttempts,
  };
}

function toFailure(bullJob: BullJob, error: Error): JobFailure {
  const job = toJob(bullJob);
  job.attempt = Math.min(job.attempt, job.maxAttempts);
  if (error instanceof RetryLaterError) {
    return { job, error: error.jobError, willRetry: true, nextAttemptAt: Date.now() + error.delayMs };
  }
  const jobError = error instanceof DeadLetterError ? error.jobError : failureReason.decode(error.message);
  return { job, error: jobError, willRetry: false };
}

function readPolicy(backoff: number | BackoffOptions | undefined): BackoffPolicy {
  const stored = backoff as Partial<StoredBackoff> | undefined;
  return stored?.type === BACKOFF_TYPE && stored.policy ? stored.policy : DEFAULT_BACKOFF;
}
