import { afterAll, describe, expect, it } from 'vitest';
import type { DlqFailure, DlqRepository } from '../dlq-types';
import type { StoreHarness } from './state-store-contract';

const failure = (flow: string, id: string, code: string, extra: Partial<DlqFailure> = {}): DlqFailure => ({
  flow,
  record: { id, updatedAt: '2026-01-01T00:00:00.000Z', fields: { name: `Company ${id}` } },
  mappingVersion: '1-abc',
  runId: 'run-1',
  attempt: 1,
  facts: { code, message: `${code} for ${id}`, retryable: false, status: 403, responseExcerpt: '{"error":{}}' },
  ...extra,
});

/**
 * The {@link DlqRepository} contract, run against every dialect over real databases.
 *
 * @example
 * dlqRepositoryContract('SQLite file', sqliteHarness((state) => new SqliteDlqRepository(state)));
 */
export function dlqRepositoryContract(dialect: string, harness: StoreHarness<DlqRepository>): void {
  describe(`DlqRepository contract (${dialect})`, () => {
    afterAll(() => harness.dispose());

    it('keeps one item per record, with every attempt including the retried ones, oldest first', async () => {
      const dlq = await harness.open('a');
      const job = 'run-1/sync/0';
      await dlq.recordAttempts(job, { at: 1, attempt: 1, code: 'server_error', message: '503', status: 503 }, ['a']);
      await dlq.recordAttempts(job, { at: 2, attempt: 2, code: 'timeout', message: 'lost', status: null }, ['a', 'b']);
      // Recording the same attempt twice (a redelivered job) keeps it once.
      await dlq.recordAttempts(job, { at: 2, attempt: 2, code: 'timeout', message: 'lost', status: null }, ['a']);
      const [id] = await dlq.addFailures([failure('f1', 'a', 'validation_failed', { jobId: job, attempt: 3 })]);
      const again = await dlq.addFailures([failure('f1', 'a', 'permission_denied', { runId: 'run-2' })]);
      expect(again).toEqual([id]);
      const item = (await dlq.get(id!))!;
      expect(item).toMatchObject({
        flow: 'f1',
        sourceId: 'a',
        errorCode: 'permission_denied',
        status: 'open',
        runId: 'run-2',
        httpStatus: 403,
        responseExcerpt: '{"error":{}}',
        mappingVersion: '1-abc',
        resolution: null,
        resolvedAt: null,
      });
      expect(item.attempts.map((a) => a.code)).toEqual([
        'server_error',
        'timeout',
        'validation_failed',
        'permission_denied',
      ]);
      expect(item.sourceRecord.fields).toEqual({ name: 'Company a' });
      expect(typeof item.createdAt).toBe('number');
      // The retried attempts of 'a' moved into the item; those of 'b' wait for their page.
      expect(await harness.count('a', 'dlq_attempts')).toBe(1);
      await dlq.dropAttempts(job);
      expect(await harness.count('a', 'dlq_attempts')).toBe(0);
      expect(await dlq.get('no-such-item')).toBeUndefined();
      expect((await dlq.findOpen('f1', 'a'))?.id).toBe(id);
      expect(await dlq.findOpen('f1', 'zz')).toBeUndefined();
    });

    it('lists with filters and paging, counts by code, and resolves only open items', async () => {
      const dlq = await harness.open('b');
      await dlq.addFailures([failure('f2', 'b', 'validation_failed'), failure('f2', 'c', 'validation_failed')]);
      await dlq.addFailures([failure('f2', 'd', 'permission_denied')]);
      await dlq.addFailures([failure('f3', 'e', 'permission_denied')]);
      expect((await dlq.list({ flow: 'f2' })).total).toBe(3);
      expect((await dlq.list()).total).toBe(4);
      const first = await dlq.list({ flow: 'f2', code: 'validation_failed' }, { limit: 1 });
      const second = await dlq.list({ flow: 'f2', code: 'validation_failed' }, { limit: 1, offset: 1 });
      expect(first).toMatchObject({ total: 2, items: [expect.anything()] });
      expect(second.items).toHaveLength(1);
      expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
      expect((await dlq.list({ flow: 'f2', from: Date.now() + 60_000 })).total).toBe(0);
      expect((await dlq.list({ flow: 'f2', to: Date.now() + 60_000 })).total).toBe(3);
      expect((await dlq.list({ ids: [] })).total).toBe(0);
      expect(await dlq.countByCode({ flow: 'f2' })).toEqual({ validation_failed: 2, permission_denied: 1 });
      expect(await dlq.openInRun('f2', 'run-1', ['b', 'd', 'zz'])).toEqual(new Set(['b', 'd']));
      expect(await dlq.openInRun('f2', 'run-9', ['b'])).toEqual(new Set());
      expect(await dlq.openInRun('f2', 'run-1', [])).toEqual(new Set());
      const ids = (await dlq.list({ flow: 'f2', code: 'validation_failed' })).items.map((i) => i.id);
      expect((await dlq.list({ ids })).total).toBe(2);
      expect(await dlq.resolve(ids, 'discarded', 'test data')).toBe(2);
      expect(await dlq.resolve(ids, 'replayed', 'again')).toBe(0);
      expect(await dlq.resolve([], 'replayed', 'nothing')).toBe(0);
      const discarded = (await dlq.list({ flow: 'f2', status: 'discarded' })).items[0];
      expect(discarded).toMatchObject({ resolution: 'test data', status: 'discarded' });
      expect(discarded?.resolvedAt).toEqual(expect.any(Number));
      expect((await dlq.list({ flow: 'f2' })).total).toBe(1);
      expect((await dlq.list({ flow: 'f2', status: 'all' })).total).toBe(3);
      // A discarded record that fails again is reopened, not duplicated.
      const [reopened] = await dlq.addFailures([failure('f2', 'b', 'timeout')]);
      expect(ids).toContain(reopened);
      expect(await dlq.get(reopened!)).toMatchObject({ status: 'open', resolution: null, errorCode: 'timeout' });
    });
  });
}
