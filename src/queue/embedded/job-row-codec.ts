import { randomUUID } from 'node:crypto';
import { DEFAULT_BACKOFF, resolveJobOptions } from '../job-options';
import type { BackoffPolicy, DeadJob, Job, JobError, JobOptions } from '../job-queue';
import type { DeadJobRow, NewJobRow } from './job-store';

// Between the queue's types and the rows of the `jobs` table (JSON text columns): the one place
// that knows how a job is written down, so the embedded queue reads as queue logic only.

/**
 * The row of a new job: options resolved to their defaults, payload and backoff as JSON.
 *
 * @example
 * store.insert(newJobRow('sync-page', { runId }, { jobId: `${runId}/0` }, Date.now()), Date.now());
 */
export function newJobRow(name: string, payload: unknown, options: JobOptions | undefined, now: number): NewJobRow {
  const resolved = resolveJobOptions(options);
  return {
    id: resolved.jobId ?? randomUUID(),
    name,
    payload: JSON.stringify(payload ?? null),
    priority: resolved.priority,
    maxAttempts: resolved.attempts,
    backoff: JSON.stringify(resolved.backoff),
    runAt: now + resolved.delayMs,
  };
}

/**
 * A claimed row as the {@link Job} a handler gets, payload not yet parsed (a payload that does
 * not parse fails the attempt, not the claim).
 *
 * @example
 * const job = { ...jobFromRow(row), payload: payloadOf(row) };
 */
export function jobFromRow(row: {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  max_attempts: number;
}): Job {
  return { id: row.id, name: row.name, payload: undefined, attempt: row.attempts, maxAttempts: row.max_attempts };
}

/**
 * A row's payload; the raw text when it is not JSON (a row edited by hand).
 *
 * @example
 * payloadOf({ payload: '{"runId":"r1"}' }); // { runId: 'r1' }
 */
export function payloadOf(row: { payload: string }): unknown {
  return parseOr<unknown>(row.payload, row.payload);
}

/**
 * A row's backoff policy; the default one when it does not parse.
 *
 * @example
 * planRetry({ error, attempt: row.attempts, maxAttempts: row.max_attempts, backoff: backoffOf(row) });
 */
export function backoffOf(row: { backoff: string }): BackoffPolicy {
  return parseOr(row.backoff, DEFAULT_BACKOFF);
}

/**
 * A dead row as `listDead` reports it.
 *
 * @example
 * store.listDead(100).map(deadJobFromRow);
 */
export function deadJobFromRow(row: DeadJobRow): DeadJob {
  return {
    id: row.id,
    name: row.name,
    payload: payloadOf(row),
    attempts: row.attempts,
    error: parseOr<JobError>(row.last_error, { code: 'internal', message: 'no error recorded', retryable: false }),
    failedAt: row.finished_at,
  };
}

/** Parses JSON written by this queue, with a fallback for a row edited by hand. */
function parseOr<T>(json: string | null, fallback: T): T {
  try {
    return json === null ? fallback : (JSON.parse(json) as T);
  } catch {
    return fallback;
  }
}
