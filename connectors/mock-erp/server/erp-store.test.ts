import { describe, expect, it } from 'vitest';
import { ErpStore } from './erp-store';
import { seedErp } from './seed-erp';

describe('ErpStore', () => {
  it('assigns deterministic GUIDs and BC-style numbers per entity set', () => {
    const a = new ErpStore({ seed: 9 });
    const b = new ErpStore({ seed: 9 });
    const first = a.create('customers', { displayName: 'One' });
    const second = a.create('customers', { displayName: 'Two' });
    const contact = a.create('contacts', { displayName: 'Ann' });
    expect(b.create('customers', { displayName: 'One' }).data.id).toBe(first.data.id);
    expect(first.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([first.data.number, second.data.number, contact.data.number]).toEqual(['C00010', 'C00020', 'CT000010']);
  });

  it('keeps lastModifiedDateTime strictly increasing and changes the etag on every write', () => {
    const store = new ErpStore({ now: () => Date.parse('2026-05-01T00:00:00Z') });
    const created = store.create('customers', { displayName: 'Same ms' });
    const other = store.create('customers', { displayName: 'Same ms too' });
    const updated = store.update('customers', created.data.id as string, { city: 'Miami' });
    const stamps = [created, other, updated].map((r) => r?.data.lastModifiedDateTime as string);
    expect(stamps).toEqual(['2026-05-01T00:00:00.000Z', '2026-05-01T00:00:00.001Z', '2026-05-01T00:00:00.002Z']);
    expect(updated?.etag).not.toBe(created.etag);
    expect(created.etag).toMatch(/^W\/".+"$/);
    expect(updated?.data).toMatchObject({ displayName: 'Same ms', city: 'Miami', number: 'C00010' });
  });

  it('restores a snapshot exactly and continues the same id and number sequences', () => {
    const store = new ErpStore({ seed: 3 });
    seedErp(store, { customers: 20, contactsPerCustomer: 1, seed: 3 });
    const ids = [...store.table('customers').byCreation()].map((r) => r.data.id as string);
    store.delete('customers', ids[4] as string);
    store.update('customers', ids[0] as string, { city: 'Boston' });
    const snapshot = JSON.parse(JSON.stringify(store.snapshot()));

    const restored = new ErpStore({ seed: 999 });
    restored.restore(snapshot);
    expect(restored.snapshot()).toEqual(snapshot);
    expect([...restored.table('customers').byChange()].at(-1)?.data.id).toBe(ids[0]);
    expect(restored.create('customers', { displayName: 'Next' }).data).toMatchObject({
      id: store.create('customers', { displayName: 'Next' }).data.id,
      number: 'C00210',
    });
  });

  it('seeds valid, reproducible customers with linked contacts and near-duplicate names', () => {
    const now = () => Date.parse('2026-05-01T00:00:00Z');
    const one = new ErpStore({ now });
    const two = new ErpStore({ now });
    const seeded = seedErp(one, { customers: 200, contactsPerCustomer: 2, seed: 5 });
    seedErp(two, { customers: 200, contactsPerCustomer: 2, seed: 5 });
    expect(one.snapshot().tables).toEqual(two.snapshot().tables);
    expect(seeded.customers).toHaveLength(200);
    expect(seeded.contacts).toHaveLength(400);
    const contact = one.get('contacts', seeded.contacts[0] as string);
    expect(contact?.data.customerId).toBe(seeded.customers[0]);
    const names = [...one.table('customers').byCreation()].map((r) => String(r.data.displayName).toLowerCase());
    const bases = names.map((name) => name.replace(/ (inc\.|llc|ltd|co\.)$/, ''));
    expect(new Set(bases).size).toBeLessThan(bases.length);
  });
});
