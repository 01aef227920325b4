import { createLogger, type Logger } from '../../observability/logger';
import type { StateDatabase } from '../../store/database';
import type { RandomSource } from '../backoff';
import type {
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
import { backoffOf, deadJobFromRow, jobFromRow, newJobRow, payloadOf } from './job-row-codec';
import { type ClaimedJobRow, JobStore } from './job-store';

/** Options of {@link EmbeddedQueue}. */
export interface EmbeddedQueueOptions {
  /**
   * How often an idle worker looks for due jobs, in ms (default 100). It bounds the delivery delay
   * of delayed jobs, retries and jobs enqueued by other processes; enqueues through this instance
   * wake its worker at once.
   */
  pollIntervalMs?: number;
  /** Random source of the backoff jitter; tests inject a fixed one. */
  random?: RandomSource;
  /** Where database failures of claiming and settling are reported (default: warnings to stderr). */
  log?: Logger;
}

const DEFAULT_LEASE_MS = 30_000;

type CompletedListener = (job: Job, result: unknown) => void;
type FailureListener = (failure: JobFailure) => void;

type Status = 'open' | 'processing' | 'closing' | 'closed';

/**
 * The default {@link JobQueue}: durable jobs in the `jobs` table of the state database, so a
 * state change and the jobs it implies commit together, and nothing is lost when the process
 * stops. Single host: several processes may share the file, and each delivery holds a lease
 * (renewed while the handler runs) after which a crashed worker's job is delivered again.
 *
 * @example
 * const queue = new EmbeddedQueue(openDatabase('./data/bridge.db'), 'sync');
 * await queue.process(async (job) => handle(job), { concurrency: 4 });
 * await queue.enqueue('sync-page', payload, { jobId: 'run-1/sync/0' });
 */
export class EmbeddedQueue implements JobQueue {
  readonly name: string;
  private readonly store: JobStore;
  private readonly log: Logger;
  private readonly events: QueueEventHub;
  private readonly pollIntervalMs: number;
  private readonly random: RandomSource | undefined;
  private status: Status = 'open';
  private handler: JobHandler | undefined;
  private concurrency = 1;
  private leaseMs = DEFAULT_LEASE_MS;
  /** Jobs being handled per lease token: the heartbeat renews exactly these. */
  private readonly leases = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private closing: Promise<void> | undefined;

  constructor(state: StateDatabase, name: string, options: EmbeddedQueueOptions = {}) {
    this.name = name;
    this.store = new JobStore(state.sqlite, name);
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.random = options.random;
    this.log = options.log ?? createLogger({ level: 'warn' });
    this.events = new QueueEventHub(this.log);
  }

  async enqueue(name: string, payload: unknown, options?: JobOptions): Promise<{ id: string; added: boolean }> {
    return this.enqueueInTransaction(name, payload, options);
  }

  async enqueueMany(
    jobs: readonly { name: string; payload: unknown; options?: JobOptions }[],
  ): Promise<{ id: string; added: boolean }[]> {
    this.assertOpen();
    const now = Date.now();
    const rows = jobs.map((job) => newJobRow(job.name, job.payload, job.options, now));
    const added = this.store.insertMany(rows, now);
    this.wake();
    return rows.map((row, index) => ({ id: row.id, added: added[index] ?? false }));
  }

  /**
   * Synchronous enqueue for the outbox pattern: called inside the caller's better-sqlite3
   * transaction on the same database handle, the job commits or rolls back with the caller's
   * state changes. This instance's worker is woken after the transaction function returns.
   *
   * @example
   * state.sqlite.transaction(() => {
   *   markRunStarted(runId);
   *   queue.enqueueInTransaction('read-page', { runId, page: 0 }, { jobId: `${runId}/read/0` });
   * })();
   */
  enqueueInTransaction(name: string, payload: unknown, options?: JobOptions): { id: string; added: boolean } {
    this.assertOpen();
    const now = Date.now();
    const row = newJobRow(name, payload, options, now);
    const added = this.store.insert(row, now);
    this.wake();
    return { id: row.id, added };
  }

  async process(handler: JobHandler, options: ProcessOptions = {}): Promise<void> {
    this.assertOpen();
    if (this.handler) throw new Error(`queue ${this.name} is already processing; call process() once per instance`);
    this.handler = handler;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.leaseMs = Math.max(10, options.leaseMs ?? DEFAULT_LEASE_MS);
    this.status = 'processing';
    this.pollTimer = setInterval(() => this.pump(), this.pollIntervalMs);
    // Renew well before expiry, so one late timer tick does not cost a healthy job its lease.
    this.heartbeatTimer = setInterval(() => this.heartbeat(), Math.max(5, Math.floor(this.leaseMs / 3)));
    this.pump();
  }

  on(event: 'completed', listener: (job: Job, result: unknown) => void): () => void;
  on(event: 'failed' | 'dead', listener: (failure: JobFailure) => void): () => void;
  on(event: 'completed' | 'failed' | 'dead', listener: CompletedListener | FailureListener): () => void {
    return event === 'completed'
      ? this.events.on(event, listener as CompletedListener)
      : this.events.on(event, listener as FailureListener);
  }

  async counts(): Promise<QueueCounts> {
    return this.store.counts(Date.now());
  }

  async listDead(limit = 100): Promise<DeadJob[]> {
    return this.store.listDead(limit).map(deadJobFromRow);
  }

  async retryDead(id: string): Promise<boolean> {
    const revived = this.store.revive(id, Date.now());
    if (revived) this.wake();
    return revived;
  }

  waitUntilIdle(timeoutMs?: number): Promise<void> {
    return pollUntilIdle(() => this.counts(), timeoutMs);
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.force === true);
    return this.closing;
  }

  private async shutdown(force: boolean): Promise<void> {
    this.status = force ? 'closed' : 'closing';
    clearInterval(this.pollTimer);
    if (!force) {
      // Handlers finishing now still settle their jobs; the heartbeat keeps their leases meanwhile.
      while (this.running.size) await Promise.allSettled([...this.running]);
    }
    clearInterval(this.heartbeatTimer);
    this.status = 'closed';
  }

  private assertOpen(): void {
    if (this.status === 'closing' || this.status === 'closed') throw new Error(`queue ${this.name} is closed`);
  }

  /** Claims after the current synchronous work (an enclosing transaction) has finished. */
  private wake(): void {
    if (this.status !== 'processing' || this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Fills every free slot, claiming as many jobs per statement as there are free slots. */
  private pump(): void {
    if (this.status !== 'processing') return;
    try {
      while (this.running.size < this.concurrency) {
        const wanted = this.concurrency - this.running.size;
        const claim = this.store.claim(wanted, this.leaseMs, Date.now());
        for (const row of claim.expired) {
          const job = { ...jobFromRow(row), payload: payloadOf(row) };
          this.events.emitFailure({ job, error: row.error, willRetry: false });
        }
        if (claim.jobs.length) this.leases.set(claim.token, claim.jobs.length);
        for (const row of claim.jobs) this.start(row, claim.token);
        if (claim.jobs.length < wanted) return;
      }
    } catch (error) {
      // A busy or failing database must not crash the process from a timer; the next tick retries.
      this.log.warn('claiming jobs failed', { queue: this.name, error: String(error) });
    }
  }

  private start(row: ClaimedJobRow, token: string): void {
    const run = this.handle(row, token).finally(() => {
      this.running.delete(run);
      const left = (this.leases.get(token) ?? 1) - 1;
      if (left > 0) this.leases.set(token, left);
      else this.leases.delete(token);
      this.wake();
    });
    this.running.add(run);
  }

  private async handle(row: ClaimedJobRow, token: string): Promise<void> {
    const job = jobFromRow(row);
    let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
    try {
      job.payload = JSON.parse(row.payload) as unknown;
      outcome = { ok: true, result: await (this.handler as JobHandler)(job) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // A force-closed instance stands for a crashed process: it must not touch the jobs again.
    if (this.status === 'closed') return;
    try {
      if (outcome.ok) {
        if (this.store.complete(row.id, token)) this.events.emitCompleted(job, outcome.result);
        return;
      }
      const plan = planRetry({
        error: outcome.error,
        attempt: row.attempts,
        maxAttempts: row.max_attempts,
        backoff: backoffOf(row),
        random: this.random,
      });
      const now = Date.now();
      if (plan.willRetry) {
        const nextAttemptAt = now + plan.delayMs;
        if (this.store.retry(row.id, token, nextAttemptAt, plan.error)) {
          this.events.emitFailure({ job, error: plan.error, willRetry: true, nextAttemptAt });
        }
      } else if (this.store.bury(row.id, token, plan.error, now)) {
        this.events.emitFailure({ job, error: plan.error, willRetry: false });
      }
    } catch (error) {
      // The lease expires and the job is delivered again: at-least-once, never lost.
      this.log.warn('settling a job failed', { queue: this.name, job: row.id, error: String(error) });
    }
  }

  private heartbeat(): void {
    if (this.status === 'closed' || this.leases.size === 0) return;
    try {
      this.store.renew([...this.leases.keys()], Date.now() + this.leaseMs);
    } catch (error) {
      this.log.warn('renewing leases failed', { queue: this.name, error: String(error) });
    }
  }
}
