import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { leaseExpiredError } from '../job-error';
import type { JobError, QueueCounts } from '../job-queue';

/** A job as stored, ready to insert. */
export interface NewJobRow {
  id: string;
  name: string;
  /** JSON. */
  payload: string;
  priority: number;
  maxAttempts: number;
  /** JSON `BackoffPolicy`. */
  backoff: string;
  runAt: number;
}

/** A delivered job: `attempts` already counts this delivery. */
export interface ClaimedJobRow {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  max_attempts: number;
  backoff: string;
  priority: number;
  run_at: number;
}

/** A job found dead: its last lease expired and no attempt was left. */
export interface ExpiredJobRow {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  max_attempts: number;
  error: JobError;
}

/** A row of the dead-letter state. */
export interface DeadJobRow {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  last_error: string | null;
  finished_at: number;
}

/** The result of one claim: the jobs delivered under `token`, and those that died instead. */
export interface Claim {
  token: string;
  jobs: ClaimedJobRow[];
  expired: ExpiredJobRow[];
}

/**
 * The SQL of the embedded queue: prepared once, run synchronously on the caller's better-sqlite3
 * handle, so an insert joins whatever transaction the caller has open (outbox). Every change to
 * a delivered job is conditional on its lease token, so a worker whose lease expired and whose
 * job went to another worker can no longer complete, retry or bury it.
 *
 * @example
 * const store = new JobStore(state.sqlite, 'sync');
 * const claim = store.claim(4, 30_000, Date.now());
 * for (const job of claim.jobs) store.complete(job.id, claim.token);
 */
export class JobStore {
  private readonly insertStatement: Database.Statement;
  private readonly selectExpired: Database.Statement;
  private readonly buryExpired: Database.Statement;
  private readonly claimStatement: Database.Statement;
  private readonly renewStatement: Database.Statement;
  private readonly deleteCompleted: Database.Statement;
  private readonly countCompleted: Database.Statement;
  private readonly retryStatement: Database.Statement;
  private readonly buryStatement: Database.Statement;
  private readonly countsStatement: Database.Statement;
  private readonly completedStatement: Database.Statement;
  private readonly deadStatement: Database.Statement;
  private readonly reviveStatement: Database.Statement;
  private readonly insertAll: Database.Transaction<(jobs: readonly NewJobRow[], now: number) => boolean[]>;
  private readonly claimTransaction: Database.Transaction<(limit: number, leaseMs: number, now: number) => Claim>;
  private readonly completeTransaction: Database.Transaction<(id: string, token: string) => boolean>;
  private readonly renewAll: Database.Transaction<(tokens: readonly string[], leaseUntil: number) => void>;

  constructor(
    sqlite: Database.Database,
    private readonly queue: string,
  ) {
    this.insertStatement = sqlite.prepare(
      `INSERT INTO jobs (id, queue, name, payload, state, priority, attempts, max_attempts, backoff, run_at, created_at)
       VALUES (@id, @queue, @name, @payload, 'waiting', @priority, 0, @maxAttempts, @backoff, @runAt, @now)
       ON CONFLICT (queue, id) DO NOTHING`,
    );
    this.selectExpired = sqlite.prepare(
      `SELECT id, name, payload, attempts, max_attempts FROM jobs
       WHERE queue = @queue AND state = 'active' AND lease_until <= @now AND attempts >= max_attempts`,
    );
    this.buryExpired = sqlite.prepare(
      `UPDATE jobs SET state = 'dead', finished_at = @now, lease_token = NULL, lease_until = NULL, last_error = @error
       WHERE queue = @queue AND id = @id AND state = 'active'`,
    );
    // One statement claims both kinds of deliverable job: waiting and due, or active with an
    // expired lease (its worker died). Each branch is limited before the union, so the cost
    // follows `limit`, not the backlog; jobs_claim yields the waiting ones already in order.
    this.claimStatement = sqlite.prepare(
      `UPDATE jobs SET state = 'active', attempts = attempts + 1, lease_token = @token, lease_until = @leaseUntil
       WHERE rowid IN (
         SELECT rid FROM (
           SELECT * FROM (SELECT rowid AS rid, priority, run_at FROM jobs
             WHERE queue = @queue AND state = 'active' AND lease_until <= @now LIMIT @limit)
           UNION ALL
           SELECT * FROM (SELECT rowid AS rid, priority, run_at FROM jobs
             WHERE queue = @queue AND state = 'waiting' AND run_at <= @now ORDER BY priority, run_at LIMIT @limit)
         ) ORDER BY priority, run_at LIMIT @limit)
       RETURNING id, name, payload, attempts, max_attempts, backoff, priority, run_at`,
    );
    this.renewStatement = sqlite.prepare(
      `UPDATE jobs SET lease_until = @leaseUntil WHERE queue = @queue AND state = 'active' AND lease_token = @token`,
    );
    this.deleteCompleted = sqlite.prepare(
      `DELETE FROM jobs WHERE queue = @queue AND id = @id AND state = 'active' AND lease_token = @token`,
    );
    this.countCompleted = sqlite.prepare(
      `INSERT INTO job_counters (queue, completed) VALUES (@queue, 1)
       ON CONFLICT (queue) DO UPDATE SET completed = completed + 1`,
    );
    this.retryStatement = sqlite.prepare(
      `UPDATE jobs SET state = 'waiting', run_at = @runAt, lease_token = NULL, lease_until = NULL, last_error = @error
       WHERE queue = @queue AND id = @id AND state = 'active' AND lease_token = @token`,
    );
    this.buryStatement = sqlite.prepare(
      `UPDATE jobs SET state = 'dead', finished_at = @now, lease_token = NULL, lease_until = NULL, last_error = @error
       WHERE queue = @queue AND id = @id AND state = 'active' AND lease_token = @token`,
    );
    this.countsStatement = sqlite.prepare(
      `SELECT coalesce(sum(state = 'waiting' AND run_at <= @now), 0) AS waiting,
              coalesce(sum(state = 'waiting' AND run_at > @now), 0) AS delayed,
              coalesce(sum(state = 'active'), 0) AS active,
              coalesce(sum(state = 'dead'), 0) AS dead
       FROM jobs WHERE queue = @queue`,
    );
    this.completedStatement = sqlite.prepare(`SELECT completed FROM job_counters WHERE queue = @queue`);
    this.deadStatement = sqlite.prepare(
      `SELECT id, name, payload, attempts, last_error, finished_at FROM jobs
       WHERE queue = @queue AND state = 'dead' ORDER BY finished_at DESC, rowid DESC LIMIT @limit`,
    );
    this.reviveStatement = sqlite.prepare(
      `UPDATE jobs SET state = 'waiting', attempts = 0, run_at = @now, finished_at = NULL,
              lease_token = NULL, lease_until = NULL
       WHERE queue = @queue AND id = @id AND state = 'dead'`,
    );

    this.insertAll = sqlite.transaction((jobs: readonly NewJobRow[], now: number) =>
      jobs.map((job) => this.insertStatement.run({ ...job, queue, now }).changes === 1),
    );
    this.claimTransaction = sqlite.transaction((limit: number, leaseMs: number, now: number): Claim => {
      const expired = (this.selectExpired.all({ queue, now }) as Omit<ExpiredJobRow, 'error'>[]).map((row) => {
        const error = leaseExpiredError(row.attempts);
        this.buryExpired.run({ queue, id: row.id, now, error: JSON.stringify(error) });
        return { ...row, error };
      });
      const token = randomUUID();
      const jobs = this.claimStatement.all({ queue, token, leaseUntil: now + leaseMs, now, limit }) as ClaimedJobRow[];
      // RETURNING gives no order; deliver by priority then due time, as claimed.
      jobs.sort((a, b) => a.priority - b.priority || a.run_at - b.run_at);
      return { token, jobs, expired };
    });
    this.completeTransaction = sqlite.transaction((id: string, token: string) => {
      if (this.deleteCompleted.run({ queue, id, token }).changes === 0) return false;
      this.countCompleted.run({ queue });
      return true;
    });
    this.renewAll = sqlite.transaction((tokens: readonly string[], leaseUntil: number) => {
      for (const token of tokens) this.renewStatement.run({ queue, token, leaseUntil });
    });
  }

  /** Inserts one job; false when a job with its id is pending or dead (dedupe). */
  insert(job: NewJobRow, now: number): boolean {
    return this.insertStatement.run({ ...job, queue: this.queue, now }).changes === 1;
  }

  /** Inserts jobs in one transaction (a savepoint inside the caller's); `added` flag per job. */
  insertMany(jobs: readonly NewJobRow[], now: number): boolean[] {
    return this.insertAll(jobs, now);
  }

  /**
   * Delivers up to `limit` jobs under a fresh lease token, and buries the jobs whose last
   * delivery expired. BEGIN IMMEDIATE takes the write lock first, so concurrent claimers in
   * other processes wait on busy_timeout instead of failing to upgrade a read lock.
   */
  claim(limit: number, leaseMs: number, now: number): Claim {
    return this.claimTransaction.immediate(limit, leaseMs, now);
  }

  /** Extends the leases of every job still delivered under one of `tokens`. */
  renew(tokens: readonly string[], leaseUntil: number): void {
    if (tokens.length) this.renewAll.immediate(tokens, leaseUntil);
  }

  /** Deletes a completed job (freeing its id) and counts it; false when the lease was lost. */
  complete(id: string, token: string): boolean {
    return this.completeTransaction.immediate(id, token);
  }

  /** Schedules the next attempt; false when the lease was lost. */
  retry(id: string, token: string, runAt: number, error: JobError): boolean {
    return this.retryStatement.run({ queue: this.queue, id, token, runAt, error: JSON.stringify(error) }).changes === 1;
  }

  /** Moves a job to the dead-letter state; false when the lease was lost. */
  bury(id: string, token: string, error: JobError, now: number): boolean {
    const params = { queue: this.queue, id, token, now, error: JSON.stringify(error) };
    return this.buryStatement.run(params).changes === 1;
  }

  counts(now: number): QueueCounts {
    const states = this.countsStatement.get({ queue: this.queue, now }) as Omit<QueueCounts, 'completed'>;
    const completed = (this.completedStatement.get({ queue: this.queue }) as { completed: number } | undefined)
      ?.completed;
    return { ...states, completed: completed ?? 0 };
  }

  /** Dead jobs, newest first. */
  listDead(limit: number): DeadJobRow[] {
    return this.deadStatement.all({ queue: this.queue, limit }) as DeadJobRow[];
  }

  /** Moves a dead job back to waiting with a fresh attempt budget; false when it is not dead. */
  revive(id: string, now: number): boolean {
    return this.reviveStatement.run({ queue: this.queue, id, now }).changes === 1;
  }
}
