import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { BullmqQueue } from '../bullmq/bullmq-queue';
import { describeQueueConformance } from './queue-conformance';
import type { QueueFixture } from './test-helpers';

/** A fresh key prefix per test on the suite's Redis (tests/setup/global-setup.ts). */
async function bullmqFixture(): Promise<QueueFixture> {
  const redisUrl = inject('redisUrl');
  const prefix = `test-${randomUUID()}`;
  const opened: BullmqQueue[] = [];
  return {
    async open() {
      const queue = new BullmqQueue(redisUrl, 'conformance', { prefix });
      opened.push(queue);
      return queue;
    },
    async dispose() {
      await Promise.all(opened.map((queue) => queue.close({ force: true })));
      const redis = new Redis(redisUrl);
      try {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}

describeQueueConformance('bullmq', bullmqFixture);
