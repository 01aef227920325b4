import type { ConnectorRecord } from '../connectors';
import { ERROR_CODES, type ErrorCode, failureFacts, IntegrationError } from '../errors';
import type { Logger } from '../observability/logger';
import { metrics as defaultMetrics, type MetricsRegistry } from '../observability/metrics';
import type { DlqAttempt, DlqFailure } from '../store';

/** Where failures go: the DLQ repository (or anything with its three write methods). */
export interface DlqSink {
  recordAttempts(jobId: string, attempt: DlqAttempt, sourceIds: readonly string[]): Promise<void>;
  addFailures(failures: readonly DlqFailure[]): Promise<string[]>;
  dropAttempts(jobId: string): Promise<void>;
}

/** One record's failure in one attempt. */
export interface RecordFailure {
  record: ConnectorRecord;
  error: IntegrationError | { code: string; message: string; retryable: boolean };
}

/** What a failure belongs to. */
export interface FailureContext {
  flow: string;
  runId: string | null;
  mappingVersion: string | null;
  jobId?: string;
  attempt: number;
}

// Failures no retry will fix and that an admin must act on now: logged at error level.
const NEEDS_ADMIN = new Set(['permission_denied', 'auth_failed']);

/**
 * The engine's one way to report failures: every permanently failed record becomes a DLQ item
 * (with its source payload, code, HTTP status and redacted excerpt), increments
 * `sync_errors_total{flow,code}` and is logged; permission and credential failures at error
 * level, since they never heal by themselves. Retried failures are kept as attempts.
 *
 * @example
 * const failures = new FailureRecorder({ dlq, log, metrics });
 * await failures.deadLetter({ flow: 'contacts-to-contacts', runId, mappingVersion, attempt: 1 }, [{ record, error }]);
 */
export class FailureRecorder {
  readonly metrics: MetricsRegistry;

  constructor(private readonly sinks: { dlq?: DlqSink; log?: Logger; metrics?: MetricsRegistry } = {}) {
    this.metrics = sinks.metrics ?? defaultMetrics;
  }

  /** Records that their job will retry. */
  async retrying(context: FailureContext, failures: readonly RecordFailure[]): Promise<void> {
    if (failures.length === 0) return;
    for (const { error } of failures) this.metrics.inc('sync_retries_total', { flow: context.flow, code: error.code });
    if (!context.jobId || !this.sinks.dlq) return;
    const byCode = new Map<string, RecordFailure[]>();
    for (const f of failures) byCode.set(f.error.code, [...(byCode.get(f.error.code) ?? []), f]);
    for (const group of byCode.values()) {
      const facts = failureFacts(asIntegrationError(group[0]!.error));
      const attempt = { at: Date.now(), attempt: context.attempt, code: facts.code, message: facts.message };
      await this.sinks.dlq.recordAttempts(
        context.jobId,
        { ...attempt, status: facts.status },
        group.map((f) => f.record.id),
      );
    }
  }

  /** Records that failed for good: DLQ items, metrics, log lines. */
  async deadLetter(context: FailureContext, failures: readonly RecordFailure[]): Promise<void> {
    if (failures.length === 0) return;
    const items: DlqFailure[] = failures.map(({ record, error }) => ({
      flow: context.flow,
      record,
      mappingVersion: context.mappingVersion,
      runId: context.runId,
      ...(context.jobId ? { jobId: context.jobId } : {}),
      attempt: context.attempt,
      facts: failureFacts(asIntegrationError(error)),
    }));
    await this.sinks.dlq?.addFailures(items);
    const byCode = new Map<string, DlqFailure[]>();
    for (const item of items) byCode.set(item.facts.code, [...(byCode.get(item.facts.code) ?? []), item]);
    for (const [code, group] of byCode) {
      this.metrics.inc('sync_errors_total', { flow: context.flow, code }, group.length);
      const first = group[0]!.facts;
      const data = {
        flow: context.flow,
        code,
        records: group.length,
        status: first.status,
        message: first.message,
        sourceIds: group.slice(0, 5).map((g) => g.record.id),
      };
      if (NEEDS_ADMIN.has(code)) this.sinks.log?.error('records dead-lettered: an admin must grant access', data);
      else this.sinks.log?.warn('records dead-lettered', data);
    }
  }

  /** A page is done: its retried attempts are no longer needed. */
  async pageDone(jobId: string | undefined): Promise<void> {
    if (jobId) await this.sinks.dlq?.dropAttempts(jobId);
  }

  /**
   * A `feedback:` write-back onto source records failed: counted and logged, never a record
   * failure (the sync itself succeeded or is already dead-lettered with its own reason).
   */
  feedbackFailed(flow: string, refused: readonly { sourceId: string; code: string; message: string }[]): void {
    if (refused.length === 0) return;
    this.metrics.inc('feedback_failures_total', { flow }, refused.length);
    this.sinks.log?.warn('feedback write-back failed', {
      flow,
      records: refused.length,
      code: refused[0]!.code,
      message: refused[0]!.message,
      sourceIds: refused.slice(0, 5).map((r) => r.sourceId),
    });
  }

  /** Counts synced records by action. */
  synced(flow: string, counts: Partial<Record<'created' | 'updated' | 'unchanged', number>>): void {
    for (const [action, n] of Object.entries(counts)) {
      if (n) this.metrics.inc('sync_records_total', { flow, action }, n);
    }
  }
}

// The status these codes always come from (errorFromHttpFailure); a JobError does not carry it.
const STATUS_OF_CODE: Partial<Record<ErrorCode, number>> = {
  auth_failed: 401,
  permission_denied: 403,
  not_found: 404,
  rate_limited: 429,
};

// A dead job reports a JobError (code, message, retryable), not the thrown error: keep its code.
function asIntegrationError(error: RecordFailure['error']): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const code: ErrorCode = Object.hasOwn(ERROR_CODES, error.code) ? (error.code as ErrorCode) : 'internal';
  const status = STATUS_OF_CODE[code];
  return new IntegrationError(code, error.message, {
    retryable: error.retryable,
    ...(status === undefined ? {} : { status }),
  });
}
