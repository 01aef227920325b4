import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RedisTokenBucket } from './redis-token-bucket';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst of one second, then refills at the rate', () => {
    let now = 1_000;
    const bucket = new TokenBucket({ perSecond: 4 }, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([0, 0, 0, 0]);
    expect(bucket.tryTake()).toBe(250);
    now += 250;
    expect(bucket.tryTake()).toBe(0);
  });

  it('sends nothing while paused by a 429, and does not burst after it', async () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10 }, () => now);
    await bucket.pause(2_000);
    expect(bucket.tryTake()).toBe(2_000);
    await bucket.pause(500); // a shorter pause never shortens the current one
    now = 2_000;
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(0);
  });
});

describe('RedisTokenBucket (real Redis)', () => {
  const redisA = new Redis(inject('redisUrl'));
  const redisB = new Redis(inject('redisUrl'));
  afterAll(() => {
    redisA.disconnect();
    redisB.disconnect();
  });

  it('is one budget for every process, and a 429 seen by one pauses all', async () => {
    const key = `test:ratelimit:${randomUUID()}`;
    const a = new RedisTokenBucket(redisA, key, { perSecond: 3 });
    const b = new RedisTokenBucket(redisB, key, { perSecond: 3 });
    const taken = [await a.tryTake(), await b.tryTake(), await a.tryTake()];
    expect(taken).toEqual([0, 0, 0]);
    expect(await b.tryTake()).toBeGreaterThan(0);
    await a.pause(60_000);
    expect(await b.tryTake()).toBeGreaterThan(30_000);
  });
});
