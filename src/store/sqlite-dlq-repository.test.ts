import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import type { DlqFailure } from './dlq-types';
import { SqliteDlqRepository } from './sqlite-dlq-repository';

const dir = mkdtempSync(join(tmpdir(), 'bridge-dlq-repo-'));
const state = openDatabase(join(dir, 'state.db'));
const dlq = new SqliteDlqRepository(state);
afterAll(() => {
  state.close();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (flow: string, id: string, code: string, extra: Partial<DlqFailure> = {}): DlqFailure => ({
  flow,
  record: { id, updatedAt: '2026-01-01T00:00:00.000Z', fields: { name: `Company ${id}` } },
  mappingVersion: '1-abc',
  runId: 'run-1',
  attempt: 1,
  facts: { code, message: `${code} for ${id}`, retryable: false, status: 403, responseExcerpt: '{"error":{}}' },
  ...extra,
});

describe('SqliteDlqRepository', () => {
  it('keeps one item per record, with every attempt including the retried ones, oldest first', () => {
    dlq.recordAttempts('run-1/sync/0', { at: 1, attempt: 1, code: 'server_error', message: '503', status: 503 }, ['a']);
    dlq.recordAttempts('run-1/sync/0', { at: 2, attempt: 2, code: 'timeout', message: 'lost', status: null }, ['a']);
    const [id] = dlq.addFailures([failure('f1', 'a', 'validation_failed', { jobId: 'run-1/sync/0', attempt: 3 })]);
    const again = dlq.addFailures([failure('f1', 'a', 'permission_denied', { runId: 'run-2' })]);
    expect(again).toEqual([id]);
    const item = dlq.get(id!)!;
    expect(item).toMatchObject({ flow: 'f1', sourceId: 'a', errorCode: 'permission_denied', status: 'open' });
    expect(item.attempts.map((a) => a.code)).toEqual([
      'server_error',
      'timeout',
      'validation_failed',
      'permission_denied',
    ]);
    expect(item.sourceRecord.fields).toEqual({ name: 'Company a' });
    // The retried attempts moved into the item.
    expect(state.sqlite.prepare('select count(*) as n from dlq_attempts').get()).toEqual({ n: 0 });
  });

  it('lists with filters and paging, counts by code, and resolves only open items', () => {
    dlq.addFailures([failure('f2', 'b', 'validation_failed'), failure('f2', 'c', 'validation_failed')]);
    dlq.addFailures([failure('f2', 'd', 'permission_denied')]);
    expect(dlq.list({ flow: 'f2' }).total).toBe(3);
    expect(dlq.list({ flow: 'f2', code: 'validation_failed' }, { limit: 1 }).items).toHaveLength(1);
    expect(dlq.list({ flow: 'f2', from: Date.now() + 60_000 }).total).toBe(0);
    expect(dlq.countByCode({ flow: 'f2' })).toEqual({ validation_failed: 2, permission_denied: 1 });
    expect(dlq.openInRun('f2', 'run-1', ['b', 'd', 'zz'])).toEqual(new Set(['b', 'd']));
    const ids = dlq.list({ flow: 'f2', code: 'validation_failed' }).items.map((i) => i.id);
    expect(dlq.resolve(ids, 'discarded', 'test data')).toBe(2);
    expect(dlq.resolve(ids, 'replayed', 'again')).toBe(0);
    expect(dlq.list({ flow: 'f2', status: 'discarded' }).items[0]).toMatchObject({ resolution: 'test data' });
    expect(dlq.list({ flow: 'f2' }).total).toBe(1);
  });
});
