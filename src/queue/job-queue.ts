/**
 * The queue port. The engine only talks to this interface; two adapters implement it
 * (embedded SQLite, BullMQ on Redis) and one conformance suite runs against both.
 */

/** How long to wait before the next attempt. */
export interface BackoffPolicy {
  type: 'fixed' | 'exponential';
  /** Delay before the 2nd attempt, in ms; exponential doubles it each attempt. */
  baseMs: number;
  /** Upper bound of one delay, in ms. */
  maxMs?: number;
  /** Random spread as a fraction of the delay (0..1), so retries of many jobs do not align. */
  jitter?: number;
}

/** Options of one enqueued job. */
export interface JobOptions {
  /**
   * Deduplication id: while a job with this id is waiting, delayed, active or dead, enqueueing
   * it again is a no-op (`added: false`). Once completed, the id may be reused.
   */
  jobId?: string;
  /** Do not deliver before this many ms from now. */
  delayMs?: number;
  /** Total attempts including the first (default 5). */
  attempts?: number;
  backoff?: BackoffPolicy;
  /** Lower runs first (default 0). */
  priority?: number;
}

/** A job as a handler sees it. */
export interface Job<P = unknown> {
  id: string;
  name: string;
  payload: P;
  /** 1 on the first delivery. */
  attempt: number;
  maxAttempts: number;
}

/** Handles one job; throwing fails the attempt (see {@link JobQueue} for retry rules). */
export type JobHandler = (job: Job) => Promise<unknown>;

/** Secret-free summary of why an attempt failed. */
export interface JobError {
  code: string;
  message: string;
  retryable: boolean;
}

/** Emitted for every failed attempt and for every job moved to the dead-letter state. */
export interface JobFailure {
  job: Job;
  error: JobError;
  /** True when another attempt is scheduled. */
  willRetry: boolean;
  /** Epoch ms of the next attempt, when `willRetry`. */
  nextAttemptAt?: number;
}

/** A job that exhausted its attempts or failed permanently. */
export interface DeadJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  error: JobError;
  failedAt: number;
}

/** Job counts by state. */
export interface QueueCounts {
  waiting: number;
  delayed: number;
  active: number;
  /** Jobs completed so far: a running total, since completed jobs are not kept (their ids are free at once). */
  completed: number;
  dead: number;
}

/** Options of {@link JobQueue.process}. */
export interface ProcessOptions {
  /** Jobs handled at once by this process (default 1). */
  concurrency?: number;
  /** Visibility timeout: a job whose worker is silent this long is delivered again (default 30 s). */
  leaseMs?: number;
}

/** Options of {@link JobQueue.close}. */
export interface CloseOptions {
  /**
   * Do not wait for active handlers: stop at once and renew no lease, so their jobs are
   * delivered again once the lease expires, as if this process had crashed; what the abandoned
   * handlers return later is ignored. For shutdown deadlines and crash tests.
   */
  force?: boolean;
}

/**
 * A durable job queue.
 *
 * Retry rules, the same on every adapter: a handler that throws an error whose `retryable` is
 * false (see `isRetryable` in `src/errors`) sends the job to the dead-letter state at once; a
 * retryable error schedules the next attempt after the backoff delay, or after the error's
 * `retryAfterMs` when that is longer; after the last attempt the job is dead.
 *
 * @example
 * await queue.process(async (job) => handle(job), { concurrency: 4 });
 * await queue.enqueue('sync-batch', { flow: 'companies', ids }, { jobId: 'companies:p1' });
 * await queue.waitUntilIdle();
 */
export interface JobQueue {
  /** Queue name; jobs of different queues never mix. */
  readonly name: string;
  enqueue(name: string, payload: unknown, options?: JobOptions): Promise<{ id: string; added: boolean }>;
  /** Adds many jobs in one round trip / transaction. */
  enqueueMany(
    jobs: readonly { name: string; payload: unknown; options?: JobOptions }[],
  ): Promise<{ id: string; added: boolean }[]>;
  /** Starts consuming with `handler`; call once per queue instance. */
  process(handler: JobHandler, options?: ProcessOptions): Promise<void>;
  on(event: 'completed', listener: (job: Job, result: unknown) => void): () => void;
  on(event: 'failed' | 'dead', listener: (failure: JobFailure) => void): () => void;
  counts(): Promise<QueueCounts>;
  /** Dead jobs, newest first. */
  listDead(limit?: number): Promise<DeadJob[]>;
  /** Moves a dead job back to waiting with a fresh attempt budget; false when unknown. */
  retryDead(id: string): Promise<boolean>;
  /** Resolves once nothing is waiting, delayed or active; rejects after `timeoutMs`. */
  waitUntilIdle(timeoutMs?: number): Promise<void>;
  /** Stops consuming (letting active jobs finish unless `force`) and releases connections. */
  close(options?: CloseOptions): Promise<void>;
}
