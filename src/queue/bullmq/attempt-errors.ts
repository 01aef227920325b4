import { UnrecoverableError } from 'bullmq';
import type { JobError } from '../job-queue';

/**
 * BullMQ keeps only an error's message (`failedReason`), so the message carries our JobError in a
 * form that reads well in any BullMQ dashboard and parses back exactly:
 * `[rate_limited retryable] slow down`, `[not_found] customer 42`.
 */
export const failureReason = {
  /**
   * @example
   * failureReason.encode({ code: 'not_found', message: 'customer 42', retryable: false }); // '[not_found] customer 42'
   */
  encode(error: JobError): string {
    return `[${error.code}${error.retryable ? ' retryable' : ''}] ${error.message}`;
  },

  /**
   * Reasons BullMQ wrote itself (such as a stall limit) become `internal` errors.
   *
   * @example
   * failureReason.decode('[not_found] customer 42'); // { code: 'not_found', message: 'customer 42', retryable: false }
   */
  decode(reason: string | undefined): JobError {
    const match = /^\[([\w.-]+)( retryable)?\] ([\s\S]*)$/.exec(reason ?? '');
    if (!match) return { code: 'internal', message: reason || 'no error recorded', retryable: false };
    return { code: match[1] as string, message: match[3] as string, retryable: match[2] !== undefined };
  },
};

/** Thrown to BullMQ when another attempt follows; the backoff strategy reads `delayMs` from it. */
export class RetryLaterError extends Error {
  constructor(
    readonly jobError: JobError,
    readonly delayMs: number,
    cause: unknown,
  ) {
    super(failureReason.encode(jobError), { cause });
    this.name = 'RetryLaterError';
    keepCauseStack(this, cause);
  }
}

/** Thrown to BullMQ when the job is dead: an UnrecoverableError, so BullMQ retries no more. */
export class DeadLetterError extends UnrecoverableError {
  constructor(
    readonly jobError: JobError,
    cause?: unknown,
  ) {
    super(failureReason.encode(jobError));
    this.cause = cause;
    keepCauseStack(this, cause);
  }
}

/** BullMQ stores the stack of what we throw; the handler's own stack is the useful one. */
function keepCauseStack(error: Error, cause: unknown): void {
  if (cause instanceof Error && cause.stack) error.stack = `${error.message}\n${cause.stack}`;
}
