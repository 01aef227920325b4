import type { Logger } from '../observability/logger';
import type { Run } from '../store';

/**
 * A poller's `onRun` that logs the runs that changed or failed something: a quiet poll every
 * few seconds would drown the log otherwise.
 *
 * @example
 * bridge.schedule(logPollRun(log));
 */
export function logPollRun(log: Pick<Logger, 'info'>): (run: Run) => void {
  return (run) => {
    if (!run.created && !run.updated && !run.failed) return;
    log.info('poll run', {
      flow: run.flow,
      status: run.status,
      created: run.created,
      updated: run.updated,
      failed: run.failed,
    });
  };
}
