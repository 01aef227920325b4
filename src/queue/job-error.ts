import { isRetryable, toIntegrationError } from '../errors';
import type { JobError } from './job-queue';

/** Longest message kept with a job: enough to act on, short enough for every list and event. */
const MAX_MESSAGE_LENGTH = 2_000;

/**
 * The secret-free summary of what a handler threw, as stored with the job and shown to admins.
 * Anything that is not an IntegrationError counts as an `internal`, non-retryable bug.
 *
 * @example
 * toJobError(new NotFoundError('customer 42')); // { code: 'not_found', message: 'customer 42', retryable: false }
 */
export function toJobError(error: unknown): JobError {
  const integrationError = toIntegrationError(error);
  return {
    code: integrationError.code,
    message: integrationError.message.slice(0, MAX_MESSAGE_LENGTH),
    retryable: isRetryable(integrationError),
  };
}

/**
 * What a job dies of when its last delivery was never acknowledged: the worker crashed or stopped
 * renewing its lease. The work may or may not have been applied, hence `timeout`.
 *
 * @example
 * markDead(job, leaseExpiredError(job.attempts));
 */
export function leaseExpiredError(attempts: number): JobError {
  return {
    code: 'timeout',
    message: `lease expired on attempt ${attempts} of ${attempts}: the worker stopped before acknowledging the job`,
    retryable: true,
  };
}
