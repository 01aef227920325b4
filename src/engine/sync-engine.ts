import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';
import type { Logger } from '../observability/logger';
import type { MetricsRegistry } from '../observability/metrics';
import type { Job, JobFailure, JobQueue } from '../queue/job-queue';
import type { DlqRepository, Run, StateStore } from '../store';
import { FailureRecorder } from './failure-recorder';
import { writeFeedback } from './feedback-writer';
import { retryOptionsFor } from './flow-retry';
import type { FlowRuntime } from './flow-runtime';
import type { FlowSwitch } from './flow-switch';
import {
  JOB_CATALOG,
  type JobName,
  type ReadPagePayload,
  type SyncPagePayload,
  type WebhookSyncPayload,
} from './job-catalog';
import { readPage } from './read-page';
import { enqueueReviewDecisions } from './review-replay';
import { sourceFingerprint } from './source-fingerprint';
import { syncPage } from './sync-page';
import type { HubSpotEvent } from './webhooks/hubspot-event';
import { planWebhookJobs } from './webhooks/plan-webhook-jobs';
import { webhookSync } from './webhooks/webhook-sync';

/** Dependencies and tuning of a {@link SyncEngine}. */
export interface SyncEngineOptions {
  store: StateStore;
  queue: JobQueue;
  flows: FlowRuntime[];
  log: Logger;
  /** Records per source page (and so per sync job). */
  pageSize?: number;
  /** Jobs handled at once by this process. */
  concurrency?: number;
  /** Visibility timeout of this process's jobs (the queue's default when unset). */
  leaseMs?: number;
  /** Dead-letter queue; without it failures are only history rows, metrics and logs. */
  dlq?: DlqRepository;
  /** Counter registry; default: the process-wide one. */
  metrics?: MetricsRegistry;
  /** Runtime on/off switches; without it every flow given runs. */
  flowSwitch?: FlowSwitch;
}

/**
 * Runs flows: starts runs, handles their jobs, records what could not be synced, and polls.
 * The only place that combines connectors, mappings, queue and store.
 *
 * @example
 * const engine = new SyncEngine({ store, queue, flows, log });
 * await engine.start();
 * const runs = await engine.syncAll('initial');
 */
export class SyncEngine {
  private readonly flows: Map<string, FlowRuntime>;
  private readonly pollTimers: NodeJS.Timeout[] = [];
  private readonly activeRuns = new Map<string, string>();
  private readonly pageSize: number;
  /** Where failed records go (DLQ, metrics, error logs); public so replays report the same way. */
  readonly failures: FailureRecorder;

  constructor(private readonly options: SyncEngineOptions) {
    this.flows = new Map(options.flows.map((f) => [f.name, f]));
    this.pageSize = options.pageSize ?? 100;
    this.failures = new FailureRecorder({
      log: options.log,
      ...(options.dlq ? { dlq: options.dlq } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
  }

  /** Starts consuming jobs. */
  async start(): Promise<void> {
    this.options.queue.on('dead', (failure) => {
      this.onDead(failure).catch((error) =>
        this.options.log.error('recording a dead job failed', { error: String(error) }),
      );
    });
    this.options.queue.on('failed', ({ job, error, willRetry }) => {
      if (willRetry) this.options.log.debug('job will retry', { job: job.id, attempt: job.attempt, code: error.code });
    });
    await this.options.queue.process((job) => this.dispatch(job), {
      concurrency: this.options.concurrency ?? 4,
      ...(this.options.leaseMs ? { leaseMs: this.options.leaseMs } : {}),
    });
  }

  /** Flow names in dependency order. */
  flowNames(): string[] {
    return [...this.flows.keys()];
  }

  /** Starts a run of one flow and returns it without waiting; `flow_disabled` (409) when switched off. */
  async startRun(name: string, trigger: string): Promise<Run> {
    const flow = this.flow(name);
    await this.options.flowSwitch?.assertEnabled(name);
    const since = await this.options.store.getCursor(flow.name);
    const run = await this.options.store.startRun(flow.name, trigger);
    this.activeRuns.set(flow.name, run.id);
    // Review decisions taken since the last run ride along as one more page of this run.
    const reviewed = await enqueueReviewDecisions(flow, this.options.store, this.options.queue, run.id);
    const payload: ReadPagePayload = {
      runId: run.id,
      flow: flow.name,
      since,
      page: 0,
      maxSeen: since,
      readStartedAt: Date.now(),
      syncPages: reviewed.pages,
      read: reviewed.records,
    };
    await this.options.queue.enqueue('read-page', payload, {
      jobId: `${run.id}/read/0`,
      ...retryOptionsFor(flow, 'read-page'),
    });
    return run;
  }

  /** Resolves when the run has ended (succeeded, partial or failed). */
  async waitForRun(runId: string, timeoutMs = 10 * 60_000): Promise<Run> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.options.store.getRun(runId);
      if (!run) throw new Error(`run ${runId} does not exist`);
      if (run.status !== 'running') return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} did not finish within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Runs every flow once, a flow's dependencies first, and returns the finished runs. */
  async syncAll(trigger: string): Promise<Run[]> {
    const finished: Run[] = [];
    for (const name of this.flowNames()) {
      if (!(await this.enabled(name))) continue;
      const run = await this.startRun(name, trigger);
      finished.push(await this.waitForRun(run.id));
      this.activeRuns.delete(name);
    }
    return finished;
  }

  /** Polls every flow with a poll trigger; a flow whose previous run is still going is skipped. */
  startPolling(onRun?: (run: Run) => void): void {
    if (this.pollTimers.length) return;
    for (const flow of this.flows.values()) {
      if (!flow.pollMs) continue;
      const timer = setInterval(() => {
        this.pollOnce(flow.name, onRun).catch((error) =>
          this.options.log.error('poll failed', { flow: flow.name, error: String(error) }),
        );
      }, flow.pollMs);
      timer.unref();
      this.pollTimers.push(timer);
    }
  }

  /**
   * Queues the syncs a verified webhook delivery asks for (one `webhook-sync` job per flow,
   * object and change) and returns at once: the sender gets its 200 before anything is read.
   * Polling stays on as the safety net for lost deliveries.
   *
   * @example
   * const { queued } = await engine.acceptWebhookEvents('crm', events);
   */
  async acceptWebhookEvents(side: 'crm' | 'erp', events: readonly HubSpotEvent[]): Promise<{ queued: number }> {
    const flows = [...this.flows.values()].filter((f) => f.sourceSide === side);
    const jobs = planWebhookJobs(events, flows);
    const added = jobs.length ? await this.options.queue.enqueueMany(jobs) : [];
    return { queued: added.filter((a) => a.added).length };
  }

  /** Stops starting poll runs (another process took over scheduling); jobs keep being handled. */
  stopPolling(): void {
    for (const timer of this.pollTimers.splice(0)) clearInterval(timer);
  }

  /** Stops polling and the queue. */
  async stop(): Promise<void> {
    this.stopPolling();
    await this.options.queue.close();
  }

  private async pollOnce(name: string, onRun?: (run: Run) => void): Promise<void> {
    // A scheduler that took over from a dead one knows its runs only from the store: a run the
    // other started may still be going on the workers, and a second run beside it could create twice.
    const active = this.activeRuns.get(name) ?? (await this.options.store.listRuns({ flow: name, limit: 1 }))[0]?.id;
    if (active && (await this.options.store.getRun(active))?.status === 'running') return;
    if (!(await this.enabled(name))) return;
    const run = await this.startRun(name, 'poll');
    const done = await this.waitForRun(run.id);
    this.activeRuns.delete(name);
    onRun?.(done);
  }

  private async enabled(name: string): Promise<boolean> {
    return this.options.flowSwitch ? this.options.flowSwitch.isEnabled(name) : true;
  }

  private flow(name: string): FlowRuntime {
    const flow = this.flows.get(name);
    if (!flow) throw new IntegrationError('config_invalid', `no enabled flow named "${name}"`);
    return flow;
  }

  private async dispatch(job: Job): Promise<unknown> {
    const type = JOB_CATALOG[job.name as JobName];
    if (!type) throw new IntegrationError('internal', `unknown job type "${job.name}"`);
    const parsed = type.schema.safeParse(job.payload);
    if (!parsed.success)
      throw new IntegrationError('internal', `job ${job.id}: invalid payload: ${parsed.error.message}`);
    if (job.name === 'webhook-sync') {
      const payload = parsed.data as WebhookSyncPayload;
      return webhookSync(payload, this.flow(payload.flow), this.options.store, this.options.queue);
    }
    // Which process handled which job: how a split over several workers is seen (and tested).
    this.options.log.debug('job', { id: job.id, name: job.name, attempt: job.attempt, pid: process.pid });
    if (job.name === 'read-page') {
      const payload = parsed.data as ReadPagePayload;
      // Switched off mid-run: stop reading and leave the cursor, so the next run after enabling
      // reads from where this one stood. Pages already read still sync: their records are in hand.
      if (!(await this.enabled(payload.flow))) {
        await this.options.store.finishReading(payload.runId, { error: 'flow_disabled: the flow was disabled' });
        return { records: 0 };
      }
      return readPage(payload, this.flow(payload.flow), this.options.store, this.options.queue, this.pageSize);
    }
    const payload = parsed.data as SyncPagePayload;
    const { dlq } = this.options;
    return syncPage(job, payload, this.flow(payload.flow), this.options.store, this.failures, {
      ...(dlq ? { alreadyDead: (ids: readonly string[]) => dlq.openInRun(payload.flow, payload.runId, ids) } : {}),
    });
  }

  /** A job gave up: make the run and every record it carried say so. Nothing fails silently. */
  private async onDead({ job, error }: JobFailure): Promise<void> {
    const { store, log } = this.options;
    log.warn('job failed for good', { job: job.id, code: error.code, message: error.message });
    if (job.name === 'read-page') {
      const payload = job.payload as ReadPagePayload;
      // Records never read cannot be dead-lettered one by one: the failed run is the record of it.
      this.failures.metrics.inc('sync_errors_total', { flow: payload.flow, code: error.code });
      log.error('reading stopped: the run is failed and its unread records wait for the next run', {
        flow: payload.flow,
        run: payload.runId,
        code: error.code,
        message: error.message,
      });
      await store.finishReading(payload.runId, { error: `${error.code}: ${error.message}` });
      return;
    }
    if (job.name !== 'sync-page') return;
    const payload = job.payload as SyncPagePayload;
    const flow = this.flows.get(payload.flow);
    if (!flow) return;
    const unsynced = await this.unsyncedRecords(flow, payload.records as ConnectorRecord[]);
    // Records an earlier attempt dead-lettered keep their own, more precise reason.
    const dead = await this.options.dlq?.openInRun(
      flow.name,
      payload.runId,
      unsynced.map((r) => r.id),
    );
    const pending = unsynced.filter((r) => !dead?.has(r.id));
    await this.failures.deadLetter(
      {
        flow: flow.name,
        runId: payload.runId,
        mappingVersion: flow.mapping.version,
        jobId: job.id,
        attempt: job.attempt,
      },
      pending.map((record) => ({ record, error })),
    );
    await store.commitPage({
      runId: payload.runId,
      flow: flow.name,
      kind: flow.kind,
      sourceSide: flow.sourceSide,
      links: [],
      history: pending.map((record) => ({
        sourceId: record.id,
        action: 'failed' as const,
        before: record.fields,
        mappingVersion: flow.mapping.version,
        errorCode: error.code,
        errorMessage: error.message,
      })),
      counts: { failed: pending.length },
      pageDone: true,
    });
    // The quote says why too when the whole job died (e.g. the ERP stayed unreachable).
    await writeFeedback(
      flow,
      pending.map((record) => ({ record, error })),
      this.failures,
    );
  }

  /** Records of a page that an earlier attempt did not already sync. */
  private async unsyncedRecords(flow: FlowRuntime, records: ConnectorRecord[]): Promise<ConnectorRecord[]> {
    const links = await this.options.store.findXrefs(
      flow.kind,
      flow.sourceSide,
      records.map((r) => r.id),
    );
    return records.filter((r) => links.get(r.id)?.sourceFingerprint !== sourceFingerprint(flow, r));
  }
}
