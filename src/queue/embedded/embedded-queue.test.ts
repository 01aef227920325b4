import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StateDatabase } from '../../store/database';
import { deferred, waitFor } from '../conformance/test-helpers';
import type { Job } from '../job-queue';
import { EmbeddedQueue } from './embedded-queue';

describe('EmbeddedQueue', () => {
  let dir: string;
  let path: string;
  const cleanups: (() => Promise<void> | void)[] = [];

  /** Opens the test's database and a queue on it; both are closed after the test. */
  function openQueue(): { state: StateDatabase; queue: EmbeddedQueue } {
    const state = openDatabase(path);
    const queue = new EmbeddedQueue(state, 'embedded', { pollIntervalMs: 20 });
    cleanups.push(async () => {
      await queue.close({ force: true });
      state.close();
    });
    return { state, queue };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-queue-'));
    path = join(dir, 'state.db');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps jobs across a restart of the process (database closed and reopened)', async () => {
    const first = openQueue();
    await first.queue.enqueueMany([
      { name: 'durable', payload: { n: 1 }, options: { jobId: 'durable:1' } },
      { name: 'durable', payload: { n: 2 }, options: { delayMs: 150 } },
      { name: 'durable', payload: { n: 3 }, options: { priority: 3 } },
    ]);
    await first.queue.close();
    first.state.close();

    const second = openQueue();
    expect(await second.queue.counts()).toEqual({ waiting: 2, delayed: 1, active: 0, completed: 0, dead: 0 });
    expect((await second.queue.enqueue('durable', {}, { jobId: 'durable:1' })).added).toBe(false);
    const payloads: unknown[] = [];
    await second.queue.process(async (job) => {
      payloads.push(job.payload);
    });
    await second.queue.waitUntilIdle(5_000);
    expect(payloads).toHaveLength(3);
    expect(payloads).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }, { n: 3 }]));
    expect((await second.queue.counts()).completed).toBe(3);
  });

  it("enqueues inside the caller's transaction: committed with it, or rolled back with it", async () => {
    const { state, queue } = openQueue();
    state.sqlite.exec('CREATE TABLE orders (id TEXT PRIMARY KEY)');
    const insertOrder = state.sqlite.prepare('INSERT INTO orders (id) VALUES (?)');
    const placeOrder = state.sqlite.transaction((id: string, fail: boolean) => {
      insertOrder.run(id);
      const result = queue.enqueueInTransaction('order-placed', { id }, { jobId: `order:${id}` });
      if (fail) throw new Error('payment declined');
      return result;
    });
    const seen: Job[] = [];
    await queue.process(async (job) => {
      seen.push(job);
    });

    expect(placeOrder('o-1', false)).toEqual({ id: 'order:o-1', added: true });
    expect(() => placeOrder('o-2', true)).toThrow('payment declined');
    await waitFor(() => seen.length === 1, 'the committed job');
    await queue.waitUntilIdle(5_000);
    expect(seen.map((job) => job.id)).toEqual(['order:o-1']);
    expect(state.sqlite.prepare('SELECT id FROM orders').all()).toEqual([{ id: 'o-1' }]);
    expect(await queue.counts()).toMatchObject({ waiting: 0, completed: 1 });
  });

  it('ignores the completion of a worker whose lease was lost and whose job was delivered again', async () => {
    const stale = openQueue();
    const release = deferred();
    const staleStarted = deferred();
    const staleCompleted: Job[] = [];
    stale.queue.on('completed', (job) => staleCompleted.push(job));
    await stale.queue.process(
      async () => {
        staleStarted.resolve();
        await release.promise;
        return 'stale result';
      },
      { leaseMs: 5_000 },
    );
    await stale.queue.enqueue('contested', null, { jobId: 'contested:1' });
    await staleStarted.promise;

    // As if the stale worker's event loop had been blocked past its lease: the lease ends now,
    // and another worker claims the job in the same tick, before any heartbeat could renew it.
    const other = openQueue();
    const otherSeen: Job[] = [];
    other.state.sqlite.prepare("UPDATE jobs SET lease_until = 0 WHERE id = 'contested:1'").run();
    await other.queue.process(
      async (job) => {
        otherSeen.push(job);
        await release.promise;
      },
      { leaseMs: 5_000 },
    );
    expect(otherSeen).toMatchObject([{ id: 'contested:1', attempt: 2 }]);

    release.resolve();
    await other.queue.waitUntilIdle(5_000);
    expect(staleCompleted).toEqual([]);
    expect(await other.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 1, dead: 0 });
  });

  it('lets active handlers finish on close, and delivers nothing more', async () => {
    const { queue } = openQueue();
    const gate = deferred();
    const started = deferred();
    let finished = 0;
    await queue.process(async () => {
      started.resolve();
      await gate.promise;
      finished += 1;
    });
    await queue.enqueueMany([
      { name: 'a', payload: 1 },
      { name: 'a', payload: 2 },
    ]);
    await started.promise;
    const closed = queue.close();
    gate.resolve();
    await closed;
    expect(finished).toBe(1);
    expect(await queue.counts()).toMatchObject({ waiting: 1, active: 0, completed: 1 });
  });
});
