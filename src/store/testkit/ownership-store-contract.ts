import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FlowSnapshot, NewConflict, OwnershipStore } from '../ownership-types';
import type { StoreHarness } from './state-store-contract';

const snapshot = (sourceId: string, values: Record<string, unknown>, extra: Partial<FlowSnapshot> = {}) => ({
  sourceId,
  targetId: `erp-${sourceId}`,
  values,
  accepted: {},
  sourceFingerprint: 's',
  writtenFingerprint: 'w',
  ...extra,
});

const conflict = (field: string, copy: unknown, extra: Partial<NewConflict> = {}): NewConflict => ({
  flow: 'companies',
  sourceId: '1',
  targetId: 'erp-1',
  field,
  base: 'base',
  copy,
  master: 'master',
  resolution: 'open',
  ...extra,
});

/**
 * The {@link OwnershipStore} contract (snapshots, echo memory, conflicts), run against every
 * dialect so that they cannot drift.
 *
 * @example
 * ownershipStoreContract('SQLite file', sqliteHarness((state) => new SqliteOwnershipStore(state.sqlite)));
 */
export function ownershipStoreContract(dialect: string, harness: StoreHarness<OwnershipStore>): void {
  describe(`OwnershipStore contract (${dialect})`, () => {
    afterEach(() => harness.closeLast());
    afterAll(() => harness.dispose());

    it('keeps one snapshot per flow and source record and one echo per record, the last write winning', async () => {
      const store = await harness.open('snapshots');
      await store.recordPage('companies', {
        snapshots: [snapshot('1', { name: 'A', limit: 5000 }), snapshot('2', { name: 'B' })],
        echoes: [{ system: 'erp', entity: 'customer', recordId: 'erp-1', updatedAt: 't1', values: { name: 'A' } }],
        conflicts: [],
      });
      // The same source twice in one page, and an echo rewritten: last one wins, no duplicate row.
      await store.recordPage('companies', {
        snapshots: [
          snapshot('1', { name: 'A2' }),
          snapshot('1', { name: 'A3' }, { accepted: { city: 'Lyon' }, sourceFingerprint: null }),
        ],
        echoes: [
          { system: 'erp', entity: 'customer', recordId: 'erp-1', updatedAt: 't2', values: { name: 'A3' } },
          { system: 'erp', entity: 'customer', recordId: 'erp-1', updatedAt: 't3', values: { name: 'A3' } },
        ],
        conflicts: [],
      });
      await store.recordPage('other-flow', { snapshots: [snapshot('1', { x: 1 })], echoes: [], conflicts: [] });
      expect(await harness.count('snapshots', 'flow_snapshots')).toBe(3);
      expect(await harness.count('snapshots', 'echo_writes')).toBe(1);

      const found = await store.snapshots('companies', ['1', '2', '9']);
      expect([...found.keys()].sort()).toEqual(['1', '2']);
      expect(found.get('1')).toEqual({
        sourceId: '1',
        targetId: 'erp-1',
        values: { name: 'A3' },
        accepted: { city: 'Lyon' },
        sourceFingerprint: null,
        writtenFingerprint: 'w',
      });
      expect(found.get('2')?.values).toEqual({ name: 'B' });
      expect((await store.snapshots('companies', [])).size).toBe(0);

      const echoes = await store.echoes('erp', 'customer', ['erp-1', 'erp-2']);
      expect([...echoes.values()]).toEqual([
        { system: 'erp', entity: 'customer', recordId: 'erp-1', updatedAt: 't3', values: { name: 'A3' } },
      ]);
      expect((await store.echoes('crm', 'customer', ['erp-1'])).size).toBe(0);
    });

    it('prunes remembered writes older than a cutoff and keeps the newer ones', async () => {
      const store = await harness.open('prune');
      const echo = (recordId: string, updatedAt: string) => ({
        system: 'erp' as const,
        entity: 'customer',
        recordId,
        updatedAt,
        values: { name: recordId },
      });
      await store.recordPage('companies', { snapshots: [], echoes: [echo('old', 't1')], conflicts: [] });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const cutoff = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.recordPage('companies', {
        snapshots: [],
        echoes: [echo('new', 't2'), echo('kept-fresh', 't3')],
        conflicts: [],
      });
      expect(await store.pruneEchoes(cutoff)).toBe(1);
      const left = await store.echoes('erp', 'customer', ['old', 'new', 'kept-fresh']);
      expect([...left.keys()].sort()).toEqual(['kept-fresh', 'new']);
      expect(await store.pruneEchoes(cutoff)).toBe(0);
    });

    it('updates the open conflict of a record and field instead of opening another, and logs overwrites', async () => {
      const store = await harness.open('conflicts');
      const page = (conflicts: NewConflict[]) =>
        store.recordPage('companies', { snapshots: [], echoes: [], conflicts });
      // Bare scalars survive as they were: the text "123" stays text, null stays null.
      await page([conflict('phone', '123'), conflict('limit', 5000, { base: null })]);
      await page([conflict('phone', '456')]);
      await page([conflict('city', 'Lyon', { resolution: 'overwritten', sourceId: '2', targetId: 'erp-2' })]);

      const open = await store.listConflicts({ status: 'open' });
      expect(open.total).toBe(2);
      const phone = open.items.find((c) => c.field === 'phone');
      expect(phone).toMatchObject({ copy: '456', base: 'base', master: 'master', status: 'open', resolution: null });
      expect(open.items.find((c) => c.field === 'limit')).toMatchObject({ copy: 5000, base: null });
      const resolved = await store.listConflicts({ status: 'resolved', flow: 'companies' });
      expect(resolved.items).toHaveLength(1);
      expect(resolved.items[0]).toMatchObject({ field: 'city', resolution: 'overwritten', sourceId: '2' });
      expect(typeof resolved.items[0]?.resolvedAt).toBe('number');

      const all = await store.listConflicts({ limit: 2 });
      expect(all.total).toBe(3);
      expect(all.items.map((c) => c.field)).toEqual(['city', 'limit']);
      expect((await store.listConflicts({ limit: 2, offset: 2 })).items.map((c) => c.field)).toEqual(['phone']);
      expect(await store.listConflicts({ flow: 'nope' })).toEqual({ items: [], total: 0 });
      expect(await store.getConflict(phone!.id)).toEqual(phone);
      expect(await store.getConflict(999_999)).toBeUndefined();
    });

    it('resolving keeps the copy (accepted against the master) or the master in the snapshot, once', async () => {
      const store = await harness.open('resolve');
      await store.recordPage('companies', {
        snapshots: [snapshot('1', { phone: 'base', city: 'base' }, { accepted: { city: 'old' } })],
        echoes: [],
        conflicts: [conflict('phone', '123'), conflict('city', 'Nice')],
      });
      const { items } = await store.listConflicts({ status: 'open' });
      const phone = items.find((c) => c.field === 'phone')!;
      const city = items.find((c) => c.field === 'city')!;

      const kept = await store.resolveConflict(phone.id, { keep: 'copy', by: 'ana', note: 'customer asked' });
      expect(kept).toMatchObject({
        status: 'resolved',
        resolution: 'kept-copy',
        resolvedBy: 'ana',
        note: 'customer asked',
      });
      let snap = (await store.snapshots('companies', ['1'])).get('1');
      expect(snap?.values).toEqual({ phone: '123', city: 'base' });
      expect(snap?.accepted).toEqual({ phone: 'master', city: 'old' });

      await store.resolveConflict(city.id, { keep: 'master', by: 'bo' });
      snap = (await store.snapshots('companies', ['1'])).get('1');
      expect(snap?.values).toEqual({ phone: '123', city: 'master' });
      expect(snap?.accepted).toEqual({ phone: 'master' });

      await expect(store.resolveConflict(phone.id, { keep: 'master', by: 'bo' })).rejects.toMatchObject({
        code: 'conflict_resolved',
        status: 409,
      });
      await expect(store.resolveConflict(999_999, { keep: 'copy', by: 'bo' })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect((await store.getConflict(phone.id))?.resolution).toBe('kept-copy');
      expect((await store.listConflicts({ status: 'open' })).total).toBe(0);
    });
  });
}
