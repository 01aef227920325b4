import { RateLimitedError } from '../errors';
import { backoffDelay, type RandomSource } from './backoff';
import { toJobError } from './job-error';
import type { BackoffPolicy, JobError } from './job-queue';

/** What happens after a failed attempt: another attempt after `delayMs`, or the dead-letter state. */
export type RetryPlan = { error: JobError; willRetry: true; delayMs: number } | { error: JobError; willRetry: false };

/** The facts {@link planRetry} decides from. */
export interface FailedAttempt {
  /** What the handler threw. */
  error: unknown;
  /** The attempt that failed; 1 on the first delivery. */
  attempt: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  random?: RandomSource;
}

/**
 * The retry rules of the port, in one place for both adapters: a non-retryable error is dead at
 * once; a retryable one is retried after the backoff delay, or after the error's `retryAfterMs`
 * when that is longer; after the last attempt the job is dead.
 *
 * @example
 * const plan = planRetry({ error, attempt: 2, maxAttempts: 5, backoff: { type: 'fixed', baseMs: 500 } });
 * if (plan.willRetry) scheduleAt(Date.now() + plan.delayMs); else moveToDead(plan.error);
 */
export function planRetry(failed: FailedAttempt): RetryPlan {
  const error = toJobError(failed.error);
  if (!error.retryable || failed.attempt >= failed.maxAttempts) return { error, willRetry: false };
  const backoff = backoffDelay(failed.backoff, failed.attempt, failed.random);
  const retryAfter = failed.error instanceof RateLimitedError ? (failed.error.retryAfterMs ?? 0) : 0;
  return { error, willRetry: true, delayMs: Math.max(backoff, retryAfter) };
}
