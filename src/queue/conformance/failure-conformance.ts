import { expect, it } from 'vitest';
import { NotFoundError, RateLimitedError, ServerError } from '../../errors';
import type { JobQueue } from '../job-queue';
import { recordFailures, waitFor } from './test-helpers';

/**
 * The retry and dead-letter rules of the port; part of {@link describeQueueConformance}, called
 * inside its `describe` so each test gets the suite's fresh fixture through `open`.
 *
 * @example
 * describeFailureConformance(() => fixture.open());
 */
export function describeFailureConformance(open: () => Promise<JobQueue>): void {
  it('retries a retryable error after the backoff delay, then succeeds', async () => {
    const queue = await open();
    const events = recordFailures(queue);
    const attempts: number[] = [];
    const startedAt: number[] = [];
    const failedAt: number[] = [];
    await queue.process(async (job) => {
      attempts.push(job.attempt);
      startedAt.push(Date.now());
      if (job.attempt < 3) {
        failedAt.push(Date.now());
        throw new ServerError('upstream 503', 503);
      }
      return 'done';
    });
    const backoff = { type: 'exponential', baseMs: 40 } as const;
    await queue.enqueue('flaky', { k: 1 }, { attempts: 4, backoff });
    await queue.waitUntilIdle(10_000);
    expect(attempts).toEqual([1, 2, 3]);
    // Exponential: 40 ms before the 2nd attempt, 80 ms before the 3rd (lower bounds only; 2 ms for clock rounding).
    expect((startedAt[1] as number) - (failedAt[0] as number)).toBeGreaterThanOrEqual(38);
    expect((startedAt[2] as number) - (failedAt[1] as number)).toBeGreaterThanOrEqual(78);
    expect(events.failed.map((failure) => [failure.job.attempt, failure.willRetry, failure.error.code])).toEqual([
      [1, true, 'server_error'],
      [2, true, 'server_error'],
    ]);
    expect(events.failed[0]?.nextAttemptAt).toBeGreaterThanOrEqual((failedAt[0] as number) + 38);
    expect(events.dead).toEqual([]);
    expect(await queue.counts()).toMatchObject({ completed: 1, dead: 0 });
  });

  it("waits for a RateLimitedError's retryAfterMs when it is longer than the backoff", async () => {
    const queue = await open();
    const startedAt: number[] = [];
    let failedAt = 0;
    await queue.process(async (job) => {
      startedAt.push(Date.now());
      if (job.attempt === 1) {
        failedAt = Date.now();
        throw new RateLimitedError('429 from CRM', 300);
      }
    });
    await queue.enqueue('limited', null, { backoff: { type: 'fixed', baseMs: 10 } });
    await queue.waitUntilIdle(10_000);
    expect(startedAt).toHaveLength(2);
    expect((startedAt[1] as number) - failedAt).toBeGreaterThanOrEqual(298);
  });

  it('sends a non-retryable error to the dead-letter state at once', async () => {
    const queue = await open();
    const events = recordFailures(queue);
    let calls = 0;
    await queue.process(async () => {
      calls += 1;
      throw new NotFoundError('customer 42 does not exist');
    });
    await queue.enqueue('lookup', { customer: 42 }, { jobId: 'lookup:42', attempts: 5 });
    await waitFor(() => events.dead.length === 1, "the 'dead' event");
    await queue.waitUntilIdle(10_000);
    expect(calls).toBe(1);
    const expectedError = { code: 'not_found', message: 'customer 42 does not exist', retryable: false };
    expect(events.dead[0]).toMatchObject({
      job: { id: 'lookup:42', attempt: 1 },
      error: expectedError,
      willRetry: false,
    });
    expect(events.failed).toHaveLength(1);
    const dead = await queue.listDead();
    expect(dead).toEqual([
      {
        id: 'lookup:42',
        name: 'lookup',
        payload: { customer: 42 },
        attempts: 1,
        error: expectedError,
        failedAt: expect.any(Number),
      },
    ]);
    expect(await queue.counts()).toMatchObject({ dead: 1, completed: 0, waiting: 0 });
    // A dead job still owns its id: re-enqueueing waits for an admin's retryDead.
    expect(await queue.enqueue('lookup', { customer: 42 }, { jobId: 'lookup:42' })).toEqual({
      id: 'lookup:42',
      added: false,
    });
  });

  it('is dead after the last attempt of a retryable error', async () => {
    const queue = await open();
    const events = recordFailures(queue);
    await queue.process(async () => {
      throw new ServerError('still down', 502);
    });
    await queue.enqueue('down', null, { jobId: 'down:1', attempts: 2, backoff: { type: 'fixed', baseMs: 20 } });
    await waitFor(() => events.dead.length === 1, "the 'dead' event");
    expect(events.failed.map((failure) => [failure.job.attempt, failure.willRetry])).toEqual([
      [1, true],
      [2, false],
    ]);
    const [dead] = await queue.listDead();
    expect(dead).toMatchObject({ id: 'down:1', attempts: 2, error: { code: 'server_error', retryable: true } });
  });

  it('retries a dead job on request, with a fresh attempt budget', async () => {
    const queue = await open();
    const events = recordFailures(queue);
    let healthy = false;
    const attempts: number[] = [];
    await queue.process(async (job) => {
      attempts.push(job.attempt);
      if (!healthy) throw new NotFoundError('not yet');
      return 'ok';
    });
    await queue.enqueue('revive', { r: 1 }, { jobId: 'revive:1' });
    await waitFor(() => events.dead.length === 1, "the 'dead' event");
    healthy = true;
    expect(await queue.retryDead('revive:1')).toBe(true);
    await queue.waitUntilIdle(10_000);
    expect(attempts).toEqual([1, 1]);
    expect(await queue.counts()).toMatchObject({ dead: 0, completed: 1 });
    expect(await queue.listDead()).toEqual([]);
    expect(await queue.retryDead('revive:1')).toBe(false);
    expect(await queue.retryDead('no-such-job')).toBe(false);
  });
}
