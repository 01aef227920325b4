import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RedisLeaderLock } from './redis-leader-lock';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisLeaderLock (real Redis)', () => {
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    connections.push(redis);
    return redis;
  };
  afterAll(() => {
    for (const c of connections) c.disconnect();
  });
  const lockOn = (redis: Redis, key: string, events: string[], name: string) =>
    new RedisLeaderLock(redis, {
      key,
      ttlMs: 300,
      onAcquired: () => events.push(`${name} leads`),
      onLost: () => events.push(`${name} lost`),
    });

  it('one of two processes leads; a stopped leader hands over at once', async () => {
    const key = `test:leader:${Date.now()}:a`;
    const events: string[] = [];
    const a = lockOn(connect(), key, events, 'a');
    const b = lockOn(connect(), key, events, 'b');
    expect(await a.start()).toBe(true);
    expect(await b.start()).toBe(false);
    await sleep(400); // past one TTL: the holder renewed, so the other still waits
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await a.stop();
    await sleep(200);
    expect(b.isLeader).toBe(true);
    expect(events).toEqual(['a leads', 'a lost', 'b leads']);
    await b.stop();
  });

  it('a holder that stops renewing (its process died) is replaced within one TTL', async () => {
    const key = `test:leader:${Date.now()}:b`;
    const events: string[] = [];
    const dying = connect();
    const a = lockOn(dying, key, events, 'a');
    const b = lockOn(connect(), key, events, 'b');
    await a.start();
    await b.start();
    dying.disconnect(); // a can no longer renew: its lease runs out in Redis
    await sleep(600);
    expect(b.isLeader).toBe(true);
    expect(a.isLeader).toBe(false);
    expect(events).toContain('a lost');
    await a.stop();
    await b.stop();
  });
});
