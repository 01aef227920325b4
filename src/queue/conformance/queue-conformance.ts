import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../job-queue';
import { describeFailureConformance } from './failure-conformance';
import { deferred, type QueueFixture, recordFailures, sleep, waitFor } from './test-helpers';

/**
 * The behaviour every JobQueue adapter must show, as vitest tests. Each test gets a fresh
 * fixture (its own database file or Redis prefix); timings are short and only ever checked as
 * lower bounds ("not before"), never as ratios of wall-clock time.
 *
 * @example
 * describeQueueConformance('embedded', async () => embeddedFixture());
 */
export function describeQueueConformance(adapterName: string, makeFixture: () => Promise<QueueFixture>): void {
  describe(`JobQueue conformance: ${adapterName}`, () => {
    let fixture: QueueFixture;
    beforeEach(async () => {
      fixture = await makeFixture();
    });
    afterEach(async () => {
      await fixture.dispose();
    });
    const open = () => fixture.open();

    it('delivers each job once, with its name, payload and id', async () => {
      const queue = await open();
      const seen: Job[] = [];
      await queue.process(
        async (job) => {
          seen.push(job);
          return job.payload;
        },
        { concurrency: 4 },
      );
      const one = await queue.enqueue('single', { n: 0, nested: { list: [1, 'two', null] } });
      const many = await queue.enqueueMany(
        Array.from({ length: 9 }, (_, i) => ({ name: 'batch', payload: { n: i + 1 }, options: { jobId: `b:${i}` } })),
      );
      await queue.waitUntilIdle(10_000);
      expect(one.added).toBe(true);
      expect(many.map((result) => result.id)).toEqual(Array.from({ length: 9 }, (_, i) => `b:${i}`));
      expect(seen).toHaveLength(10);
      expect(new Set(seen.map((job) => job.id)).size).toBe(10);
      expect(seen.find((job) => job.id === one.id)).toMatchObject({
        name: 'single',
        payload: { n: 0, nested: { list: [1, 'two', null] } },
        attempt: 1,
        maxAttempts: 5,
      });
      expect(seen.find((job) => job.id === 'b:4')).toMatchObject({ name: 'batch', payload: { n: 5 } });
      expect(await queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 10, dead: 0 });
    });

    it('runs up to `concurrency` handlers at once, never more', async () => {
      const queue = await open();
      const concurrency = 4;
      let started = 0;
      let running = 0;
      let peak = 0;
      await queue.process(
        async () => {
          started += 1;
          running += 1;
          peak = Math.max(peak, running);
          // The first `concurrency` jobs hold their slots until all of them run side by side.
          if (started <= concurrency) await waitFor(() => peak >= concurrency, 'all slots busy', 5_000);
          else await sleep(5);
          running -= 1;
        },
        { concurrency },
      );
      await queue.enqueueMany(Array.from({ length: concurrency * 3 }, (_, i) => ({ name: 'n', payload: i })));
      await queue.waitUntilIdle(10_000);
      expect(started).toBe(concurrency * 3);
      expect(peak).toBe(concurrency);
    });

    it('ignores a jobId while its job is pending, and accepts it again once completed', async () => {
      const queue = await open();
      expect(await queue.enqueue('a', { v: 1 }, { jobId: 'dup:1' })).toEqual({ id: 'dup:1', added: true });
      expect(await queue.enqueue('a', { v: 2 }, { jobId: 'dup:1' })).toEqual({ id: 'dup:1', added: false });
      const batch = await queue.enqueueMany([
        { name: 'a', payload: { v: 3 }, options: { jobId: 'dup:1' } },
        { name: 'a', payload: { v: 4 }, options: { jobId: 'dup:2' } },
        { name: 'a', payload: { v: 5 }, options: { jobId: 'dup:2' } },
      ]);
      expect(batch.map((result) => result.added)).toEqual([false, true, false]);
      const seen: Job[] = [];
      const gate = deferred();
      await queue.process(async (job) => {
        seen.push(job);
        if (job.id === 'dup:1') await gate.promise;
      });
      await waitFor(() => seen.some((job) => job.id === 'dup:1'), 'dup:1 active');
      expect((await queue.enqueue('a', { v: 6 }, { jobId: 'dup:1' })).added).toBe(false);
      gate.resolve();
      await queue.waitUntilIdle(10_000);
      expect(seen.map((job) => [job.id, job.payload])).toEqual(
        expect.arrayContaining([
          ['dup:1', { v: 1 }],
          ['dup:2', { v: 4 }],
        ]),
      );
      expect(seen).toHaveLength(2);
      expect(await queue.enqueue('a', { v: 7 }, { jobId: 'dup:1' })).toEqual({ id: 'dup:1', added: true });
      await queue.waitUntilIdle(10_000);
      expect(seen.at(-1)).toMatchObject({ id: 'dup:1', payload: { v: 7 }, attempt: 1 });
    });

    it('does not deliver a delayed job before its delay', async () => {
      const queue = await open();
      let deliveredAt = 0;
      await queue.process(async () => {
        deliveredAt = Date.now();
      });
      const enqueuedAt = Date.now();
      await queue.enqueue('later', null, { delayMs: 300 });
      expect(await queue.counts()).toMatchObject({ waiting: 0, delayed: 1 });
      await queue.waitUntilIdle(10_000);
      expect(deliveredAt - enqueuedAt).toBeGreaterThanOrEqual(300);
    });

    it('delivers lower priority values first', async () => {
      const queue = await open();
      await queue.enqueue('p', 'five', { priority: 5 });
      await queue.enqueue('p', 'zero', { priority: 0 });
      await queue.enqueue('p', 'one', { priority: 1 });
      await queue.enqueue('p', 'zero-again');
      const order: unknown[] = [];
      await queue.process(async (job) => {
        order.push(job.payload);
      });
      await queue.waitUntilIdle(10_000);
      expect(order).toEqual(['zero', 'zero-again', 'one', 'five']);
    });

    it('reports counts by state', async () => {
      const queue = await open();
      await queue.enqueue('c', { block: true });
      await queue.enqueue('c', { block: false });
      await queue.enqueue('c', { block: false }, { delayMs: 60_000 });
      expect(await queue.counts()).toEqual({ waiting: 2, delayed: 1, active: 0, completed: 0, dead: 0 });
      const gate = deferred();
      const started = deferred();
      await queue.process(async (job) => {
        if ((job.payload as { block: boolean }).block) {
          started.resolve();
          await gate.promise;
        }
      });
      await started.promise;
      expect(await queue.counts()).toEqual({ waiting: 1, delayed: 1, active: 1, completed: 0, dead: 0 });
      gate.resolve();
      await waitFor(async () => (await queue.counts()).completed === 2, 'two completed');
      expect(await queue.counts()).toEqual({ waiting: 0, delayed: 1, active: 0, completed: 2, dead: 0 });
    });

    it('waits until idle, and rejects when the queue stays busy past the timeout', async () => {
      const queue = await open();
      await queue.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ name: 'w', payload: i })));
      await expect(queue.waitUntilIdle(100)).rejects.toThrow(/not idle/);
      let done = 0;
      await queue.process(
        async () => {
          await sleep(20);
          done += 1;
        },
        { concurrency: 2 },
      );
      await queue.waitUntilIdle(10_000);
      expect(done).toBe(5);
    });

    it('keeps the lease of a slow healthy job, so no other worker gets it', async () => {
      const first = await open();
      const second = await open();
      const deliveries: string[] = [];
      const handler = (worker: string) => async () => {
        deliveries.push(worker);
        await sleep(900);
      };
      await first.process(handler('first'), { leaseMs: 300 });
      await first.enqueue('slow', null);
      await waitFor(() => deliveries.length === 1, 'first delivery');
      await second.process(handler('second'), { leaseMs: 300 });
      await first.waitUntilIdle(10_000);
      expect(deliveries).toEqual(['first']);
      expect((await second.counts()).completed).toBe(1);
    });

    it("delivers a crashed worker's job again, to another instance, and completes it once", async () => {
      const crashed = await open();
      const stuck = deferred();
      const crashedStarted = deferred();
      const crashedCompleted: Job[] = [];
      crashed.on('completed', (job) => crashedCompleted.push(job));
      await crashed.process(
        async () => {
          crashedStarted.resolve();
          await stuck.promise;
        },
        { leaseMs: 400 },
      );
      await crashed.enqueue('crash', { n: 1 }, { jobId: 'crash:1' });
      await crashedStarted.promise;
      await crashed.close({ force: true });

      const survivor = await open();
      const seen: Job[] = [];
      const completed: Job[] = [];
      survivor.on('completed', (job) => completed.push(job));
      await survivor.process(
        async (job) => {
          seen.push(job);
        },
        { leaseMs: 400 },
      );
      await waitFor(() => completed.length === 1, 'redelivery completed');
      stuck.resolve(); // the crashed handler "returns" late: nothing may happen
      await sleep(100);
      await survivor.waitUntilIdle(10_000);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ id: 'crash:1', payload: { n: 1 }, attempt: 2 });
      expect(crashedCompleted).toEqual([]);
      expect(await survivor.counts()).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 1, dead: 0 });
    });

    it('buries a job whose worker crashed during its last attempt', async () => {
      const crashed = await open();
      const started = deferred();
      await crashed.process(
        () => {
          started.resolve();
          return new Promise(() => {});
        },
        { leaseMs: 300 },
      );
      await crashed.enqueue('fragile', null, { jobId: 'fragile:1', attempts: 1 });
      await started.promise;
      await crashed.close({ force: true });

      const survivor = await open();
      const events = recordFailures(survivor);
      let delivered = 0;
      await survivor.process(
        async () => {
          delivered += 1;
        },
        { leaseMs: 300 },
      );
      await waitFor(() => events.dead.length === 1, "the 'dead' event");
      expect(delivered).toBe(0);
      expect(events.dead[0]).toMatchObject({ job: { id: 'fragile:1', attempt: 1 }, error: { code: 'timeout' } });
      expect(await survivor.listDead()).toMatchObject([{ id: 'fragile:1', attempts: 1, error: { code: 'timeout' } }]);
    });

    it('hands the jobs of a closed instance to a new one (restart)', async () => {
      const before = await open();
      await before.enqueueMany([
        { name: 'r', payload: 1, options: { jobId: 'keep:1' } },
        { name: 'r', payload: 2 },
        { name: 'r', payload: 3, options: { delayMs: 200 } },
      ]);
      await before.close();
      const after = await open();
      expect(await after.enqueue('r', 'again', { jobId: 'keep:1' })).toEqual({ id: 'keep:1', added: false });
      const payloads: unknown[] = [];
      await after.process(async (job) => {
        payloads.push(job.payload);
      });
      await after.waitUntilIdle(10_000);
      expect(payloads.sort()).toEqual([1, 2, 3]);
    });

    it('rejects enqueues after close', async () => {
      const queue = await open();
      await queue.close();
      await expect(queue.enqueue('x', null)).rejects.toThrow(/closed/);
    });

    describeFailureConformance(open);
  });
}
