import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Durable jobs of the embedded queue. They live in the same database as the state so that a
 * state change and the job it implies commit together (outbox). A job id is unique within its
 * queue (the dedupe key of `JobOptions.jobId`). A waiting job whose `run_at` is in the future is
 * "delayed". Completed jobs are deleted at once, which frees their id; `job_counters` keeps the
 * running total.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').notNull(),
    queue: text('queue').notNull(),
    name: text('name').notNull(),
    payload: text('payload').notNull(),
    state: text('state', { enum: ['waiting', 'active', 'dead'] }).notNull(),
    priority: integer('priority').notNull().default(0),
    /** Deliveries so far, including one whose lease expired. */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** JSON `BackoffPolicy`. */
    backoff: text('backoff').notNull(),
    runAt: integer('run_at').notNull(),
    leaseUntil: integer('lease_until'),
    /** Identifies one delivery; completion and failure apply only while it still matches. */
    leaseToken: text('lease_token'),
    /** JSON `JobError` of the last failed attempt. */
    lastError: text('last_error'),
    result: text('result'),
    createdAt: integer('created_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.queue, t.id] }),
    // Claim order: the ready jobs of a queue by priority, then due time, read straight off the index.
    index('jobs_claim').on(t.queue, t.state, t.priority, t.runAt),
    index('jobs_lease').on(t.queue, t.state, t.leaseUntil),
  ],
);

/** Running totals per queue of what is not kept as rows (completed jobs are deleted at once). */
export const jobCounters = sqliteTable('job_counters', {
  queue: text('queue').primaryKey(),
  completed: integer('completed').notNull().default(0),
});
