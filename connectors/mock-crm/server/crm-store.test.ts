import { describe, expect, it } from 'vitest';
import { CrmStore } from './crm-store';
import { UniqueValueConflict } from './unique-value-conflict';

const newStore = (now = () => 1_000) => new CrmStore({ uniqueProperties: { contacts: ['email'] }, now });

describe('CrmStore', () => {
  it('gives numeric ids, system properties and strictly increasing updatedAt even on a frozen clock', () => {
    const store = newStore();
    const a = store.create('contacts', { email: 'a@example.com' });
    const b = store.create('contacts', { email: 'b@example.com' });
    expect(Number(b.id)).toBe(Number(a.id) + 1);
    expect(a.properties).toMatchObject({
      hs_object_id: a.id,
      createdate: a.createdAt,
      hs_lastmodifieddate: a.updatedAt,
    });
    const before = Date.parse(a.updatedAt);
    store.update('contacts', a.id, { firstname: 'Ann' });
    store.update('contacts', a.id, { firstname: 'Anne' });
    expect(Date.parse(a.updatedAt)).toBeGreaterThan(Date.parse(b.updatedAt));
    expect(Date.parse(a.updatedAt)).toBeGreaterThan(before);
    expect(a.properties.hs_lastmodifieddate).toBe(a.updatedAt);
  });

  it('shares one timestamp across a write batch and orders it by id', () => {
    const store = newStore();
    const [x, y] = store.writeBatch(() => [store.create('contacts', {}), store.create('contacts', {})]);
    expect(x!.updatedAt).toBe(y!.updatedAt);
    const scanned = [...store.scanUpdated('contacts', { ms: 0, num: 0, inclusive: true })].map((o) => o.id);
    expect(scanned).toEqual([x!.id, y!.id]);
  });

  it('rejects a duplicate unique value case-insensitively, and frees it on change', () => {
    const store = newStore();
    const a = store.create('contacts', { email: 'Ann@Example.com' });
    expect(() => store.create('contacts', { email: ' ann@example.com ' })).toThrow(UniqueValueConflict);
    store.update('contacts', a.id, { email: 'ann2@example.com' });
    expect(store.create('contacts', { email: 'ann@example.com' }).id).not.toBe(a.id);
    expect(store.getByUnique('contacts', 'email', 'ANN2@example.com')?.id).toBe(a.id);
  });

  it('scans the updatedAt index from a bound, skipping superseded and archived entries', () => {
    let clock = 10_000;
    const store = newStore(() => clock);
    const ids = Array.from({ length: 5 }, () => store.create('contacts', {}).id);
    clock = 20_000;
    store.update('contacts', ids[1]!, { firstname: 'x' });
    store.archive('contacts', ids[3]!);
    const from = { ms: 10_000, num: 0, inclusive: true };
    const order = [...store.scanUpdated('contacts', from)].map((o) => o.id);
    expect(order).toEqual([ids[0], ids[2], ids[4], ids[1]]);
    expect(store.countUpdated('contacts', { ms: 20_000, num: 0, inclusive: true })).toBe(1);
  });

  it('pages by id and skips archived objects', () => {
    const store = newStore();
    const ids = Array.from({ length: 5 }, () => store.create('contacts', {}).id);
    store.archive('contacts', ids[1]!);
    const first = store.listPage('contacts', { limit: 2 });
    expect(first.objects.map((o) => o.id)).toEqual([ids[0], ids[2]]);
    const second = store.listPage('contacts', { limit: 2, after: Number(first.nextAfter) });
    expect(second.objects.map((o) => o.id)).toEqual([ids[3], ids[4]]);
    expect(second.nextAfter).toBeUndefined();
  });

  it('round-trips through a JSON snapshot, associations and clock included', () => {
    const store = newStore();
    const company = store.create('companies', { name: 'Acme' });
    const contact = store.create('contacts', { email: 'a@example.com' });
    store.associate('contacts', contact.id, 'companies', company.id);
    const restored = CrmStore.fromSnapshot(JSON.parse(JSON.stringify(store.snapshot())), {
      uniqueProperties: { contacts: ['email'] },
      now: () => 1_000,
    });
    expect(restored.snapshot()).toEqual(store.snapshot());
    expect(restored.associations('companies', company.id, 'contacts')).toEqual([contact.id]);
    expect(() => restored.create('contacts', { email: 'A@example.com' })).toThrow(UniqueValueConflict);
    const next = restored.create('contacts', {});
    expect(Number(next.id)).toBeGreaterThan(Number(contact.id));
    expect(Date.parse(next.updatedAt)).toBeGreaterThan(Date.parse(contact.updatedAt));
  });
});
