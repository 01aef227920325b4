import type { QueueCounts } from './job-queue';

/** Default of `JobQueue.waitUntilIdle`: long enough for real work, short enough to surface a hang. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * Polls `counts` until nothing is waiting, delayed or active; rejects after `timeoutMs`. Polling
 * (rather than events) sees the work of every process sharing the queue, not just this one.
 *
 * @example
 * await pollUntilIdle(() => queue.counts(), 5_000);
 */
export async function pollUntilIdle(
  counts: () => Promise<QueueCounts>,
  timeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await counts();
    if (current.waiting + current.delayed + current.active === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `queue not idle after ${timeoutMs} ms: ${current.waiting} waiting, ${current.delayed} delayed, ${current.active} active`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
