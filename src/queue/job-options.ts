import type { BackoffPolicy, JobOptions } from './job-queue';

/** Attempts of a job that does not say (the port's documented default). */
export const DEFAULT_ATTEMPTS = 5;

/** Backoff of a job that does not say: 1 s, 2 s, 4 s ... up to 5 min, 20 % jitter. */
export const DEFAULT_BACKOFF: BackoffPolicy = { type: 'exponential', baseMs: 1_000, maxMs: 300_000, jitter: 0.2 };

/** Highest priority value; BullMQ's limit, enforced on both adapters so a job is valid on either. */
export const MAX_PRIORITY = 2 ** 21 - 1;

/** {@link JobOptions} with every default applied and every value checked. */
export interface ResolvedJobOptions {
  jobId: string | undefined;
  delayMs: number;
  attempts: number;
  backoff: BackoffPolicy;
  priority: number;
}

/**
 * Applies the defaults of the port to `options` and rejects values an adapter could not honour,
 * so both adapters accept and refuse exactly the same jobs.
 *
 * @example
 * resolveJobOptions({ attempts: 3 }); // { jobId: undefined, delayMs: 0, attempts: 3, backoff: DEFAULT_BACKOFF, priority: 0 }
 */
export function resolveJobOptions(options: JobOptions = {}): ResolvedJobOptions {
  const { jobId, delayMs = 0, attempts = DEFAULT_ATTEMPTS, backoff = DEFAULT_BACKOFF, priority = 0 } = options;
  if (jobId !== undefined && (typeof jobId !== 'string' || jobId.length === 0)) {
    throw new RangeError('jobId must be a non-empty string');
  }
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`delayMs must be >= 0, got ${delayMs}`);
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be an integer >= 1, got ${attempts}`);
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw new RangeError(`priority must be an integer in 0..${MAX_PRIORITY}, got ${priority}`);
  }
  if (backoff.type !== 'fixed' && backoff.type !== 'exponential') {
    throw new RangeError(`backoff.type must be 'fixed' or 'exponential', got ${String(backoff.type)}`);
  }
  if (!Number.isFinite(backoff.baseMs) || backoff.baseMs < 0) throw new RangeError('backoff.baseMs must be >= 0');
  if (backoff.jitter !== undefined && !(backoff.jitter >= 0 && backoff.jitter <= 1)) {
    throw new RangeError('backoff.jitter must be within 0..1');
  }
  return { jobId, delayMs: Math.round(delayMs), attempts, backoff, priority };
}
