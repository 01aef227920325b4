import type { JobOptions } from '../queue/job-queue';
import type { FlowRuntime } from './flow-runtime';
import { JOB_CATALOG, type JobName } from './job-catalog';

/**
 * Attempts and backoff of one job type for one flow: the catalog's policy with the flow file's
 * `retry:` overrides applied. A flow talking to a slow or strict system can retry harder or
 * softer without touching code; jitter stays the catalog's so retries never move in lockstep.
 *
 * @example
 * queue.enqueue('sync-page', payload, { jobId, ...retryOptionsFor(flow, 'sync-page') });
 */
export function retryOptionsFor(
  flow: Pick<FlowRuntime, 'retry'>,
  name: JobName,
): Required<Pick<JobOptions, 'attempts' | 'backoff'>> {
  const base = JOB_CATALOG[name];
  const retry = flow.retry ?? {};
  return {
    attempts: retry.attempts ?? base.attempts,
    backoff: {
      ...base.backoff,
      ...(retry.baseMs === undefined ? {} : { baseMs: retry.baseMs }),
      ...(retry.maxMs === undefined ? {} : { maxMs: retry.maxMs }),
    },
  };
}
