import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos-harness';

// The small chaos run of `npm run chaos`: hundreds of records, every fault, one kill -9 of the
// worker process mid-run, and (BullMQ) one Redis restart. The large one is `npm run chaos`.
const SMALL = {
  companies: 200,
  contacts: 300,
  pageSize: 20,
  concurrency: 4,
  rps: 300,
  killAt: 0.3,
  faults: 'quick',
  retry: { attempts: 12, baseMs: 50, maxMs: 400 },
} as const;

describe.each([
  ['embedded', 0],
  ['bullmq', 0.6],
] as const)('chaos, small, %s adapter', (adapter, restartRedisAt) => {
  it('loses nothing, duplicates nothing, dead-letters permanent failures with their code, and replays to zero differences', async () => {
    const report = await runChaos({
      ...SMALL,
      adapter,
      restartRedisAt,
      progress: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
    });
    expect(report.killed).toBe(1);
    expect(report.redisRestarts).toBe(restartRedisAt > 0 ? 1 : 0);
    expect(report.beforeReplay).toMatchObject({ lost: 0, duplicate: 0 });
    // Every contact is behind the 403; some companies hit an injected 400.
    expect(report.dlqByCode.permission_denied ?? 0).toBeGreaterThan(0);
    expect(report.dlqByCode.validation_failed ?? 0).toBeGreaterThan(0);
    expect(report.injectedErp.dropped ?? 0).toBeGreaterThan(0);
    expect(report.afterReplay).toEqual({ missing: 0, lost: 0, duplicate: 0, mismatch: 0, dlqOpen: 0 });
  }, 180_000);
});
