import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger';
import { openDatabase, SqliteOwnershipStore } from '../store';
import { startEchoPruning } from './echo-pruner';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real SQLite store with one remembered write made `ageMs` ago per record. */
async function storeWith(ages: Record<string, number>) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-echo-prune-'));
  dirs.push(dir);
  const state = openDatabase(join(dir, 'bridge.db'));
  const store = new SqliteOwnershipStore(state.sqlite);
  const echoes = Object.keys(ages).map((recordId) => ({
    system: 'erp' as const,
    entity: 'customer',
    recordId,
    updatedAt: '2026-01-01T00:00:00Z',
    values: {},
  }));
  await store.recordPage('companies', { snapshots: [], echoes, conflicts: [] });
  const age = state.sqlite.prepare('UPDATE echo_writes SET at = ? WHERE record_id = ?');
  for (const [id, ms] of Object.entries(ages)) age.run(Date.now() - ms, id);
  const left = async () => [...(await store.echoes('erp', 'customer', Object.keys(ages))).keys()].sort();
  return { store, left, close: () => state.sqlite.close() };
}

const day = 24 * 60 * 60 * 1000;
const log = createLogger({ level: 'error' });

describe('startEchoPruning (real SQLite)', () => {
  it('forgets remembered writes older than the retention at start, keeps the recent ones', async () => {
    const { store, left, close } = await storeWith({ old: 8 * day, recent: day });
    const stop = startEchoPruning(store, { isScheduler: () => true, log });
    await stop();
    expect(await left()).toEqual(['recent']);
    close();
  });

  it('prunes only in the scheduling process, and again on its timer', async () => {
    const { store, left, close } = await storeWith({ old: 8 * day, older: 30 * day });
    let leading = false;
    const stop = startEchoPruning(store, { isScheduler: () => leading, log, everyMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await left()).toEqual(['old', 'older']);
    leading = true;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stop();
    expect(await left()).toEqual([]);
    close();
  });
});
