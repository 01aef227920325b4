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
  const lockOn = (redis: Redis, key: string, events: string[], name: string, ttlMs = 300) =>
    new RedisLeaderLock(redis, {
      key,
      ttlMs,
      onAcquired: () => events.push(`${name} leads`),
      onLost: (reason) => events.push(reason === 'stopped' ? `${name} lost` : `${name} lost (${reason})`),
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
    expect(events).toContain('a lost (error)');
    await a.stop();
    await b.stop();
  });

  it('a renewal failed on a Redis error: stop() still deletes our key, and a live lock takes its own key back', async () => {
    const key = `test:leader:${Date.now()}:c`;
    const events: string[] = [];
    const flaky = connect();
    const observer = connect();
    // Long enough that the key outlives the failed renewal: the case where a restart waited.
    const a = lockOn(flaky, key, events, 'a', 1_500);
    expect(await a.start()).toBe(true);
    flaky.disconnect(); // the next renewal fails with "Connection is closed"
    await sleep(650);
    expect(a.isLeader).toBe(false);
    expect(await observer.get(key)).toBe(a.token);
    await flaky.connect();
    // Nobody else can have led while our token held the key: the next tick resumes at once.
    await sleep(600);
    expect(a.isLeader).toBe(true);
    flaky.disconnect();
    await sleep(650);
    expect(a.isLeader).toBe(false);
    await flaky.connect();
    await a.stop();
    expect(await observer.get(key)).toBeNull();
    expect(events).toEqual(['a leads', 'a lost (error)', 'a leads', 'a lost (error)']);
  });

  it('stop() never deletes a lease another process holds', async () => {
    const key = `test:leader:${Date.now()}:d`;
    const events: string[] = [];
    const observer = connect();
    await observer.set(key, 'someone-else', 'PX', 5_000);
    const a = lockOn(connect(), key, events, 'a');
    expect(await a.start()).toBe(false);
    await a.stop();
    expect(await observer.get(key)).toBe('someone-else');
    expect(events).toEqual([]);
  });
});
