import { expect } from 'vitest';
import { runChaos } from './chaos-harness';

/**
 * The small chaos run inside `npm test` (the large one is `npm run chaos`): hundreds of records,
 * every kind of fault, one `kill -9` of the worker process mid-run and, on BullMQ, one Redis
 * restart; then the end conditions are asserted. One file per adapter, so vitest runs
 * them side by side.
 *
 * @example
 * it('...', () => expectChaosSurvived('embedded'), 180_000);
 */
export async function expectChaosSurvived(adapter: 'embedded' | 'bullmq'): Promise<void> {
  const restartRedisAt = adapter === 'bullmq' ? 0.6 : 0;
  const report = await runChaos({
    adapter,
    companies: 160,
    contacts: 240,
    pageSize: 20,
    concurrency: 4,
    rps: 300,
    killAt: 0.3,
    restartRedisAt,
    faults: 'quick',
    retry: { attempts: 12, baseMs: 50, maxMs: 400 },
  });
  expect(report.killed).toBe(1);
  expect(report.redisRestarts).toBe(restartRedisAt > 0 ? 1 : 0);
  expect(report.beforeReplay).toMatchObject({ lost: 0, duplicate: 0 });
  // Every contact is behind the 403 on the ERP contacts module.
  expect(report.dlqByCode.permission_denied ?? 0).toBeGreaterThan(0);
  expect(report.afterReplay).toMatchObject({ missing: 0, lost: 0, duplicate: 0, mismatch: 0, dlqOpen: 0 });
}
