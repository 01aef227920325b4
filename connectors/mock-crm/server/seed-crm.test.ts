import { describe, expect, it } from 'vitest';
import { uniquePropertiesOf } from './crm-schemas';
import { CrmStore } from './crm-store';
import { SEED_BASE_MS, seedCrm } from './seed-crm';

const seeded = (seed: number, companies = 2000, contacts = 5000) => {
  const store = new CrmStore({ uniqueProperties: uniquePropertiesOf() });
  const result = seedCrm(store, { companies, contacts, seed });
  return { store, result };
};

describe('seedCrm', () => {
  const { store, result } = seeded(42);
  const companies = [...store.live('companies')];
  const contacts = [...store.live('contacts')];

  it('is deterministic for a seed and differs across seeds', () => {
    const again = seeded(42, 100, 200).store.snapshot();
    expect(seeded(42, 100, 200).store.snapshot()).toEqual(again);
    expect(seeded(43, 100, 200).store.snapshot()).not.toEqual(again);
  });

  it('creates the requested counts with timestamps fixed relative to the base date', () => {
    expect(companies).toHaveLength(2000);
    expect(contacts).toHaveLength(5000);
    expect(companies[0]!.createdAt).toBe(new Date(SEED_BASE_MS).toISOString());
    expect(companies[1]!.createdAt).toBe(new Date(SEED_BASE_MS + 1000).toISOString());
    const bad = [...companies, ...contacts].filter(
      (object) =>
        Date.parse(object.updatedAt) < Date.parse(object.createdAt) ||
        Object.values(object.properties).some((value) => value !== null && typeof value !== 'string'),
    );
    expect(bad).toEqual([]);
  });

  it('plants dirty values on purpose', () => {
    const values = (name: string) => companies.map((c) => c.properties[name]);
    const names = values('name') as string[];
    expect(names.some((n) => n !== n.trim())).toBe(true);
    expect(names.some((n) => n.includes('  '))).toBe(true);
    expect(values('domain').some((d) => d && /^WWW\..*[A-Z]/.test(d))).toBe(true);
    const phones = values('phone').filter((p): p is string => !!p);
    for (const shape of [
      /^\(\d{3}\) \d{3}-\d{4}$/,
      /^\d{3}\.\d{3}\.\d{4}$/,
      /^\+1 \d{3} \d{3} \d{4}$/,
      /^\d{10}$/,
      / x\d+$/,
    ]) {
      expect(phones.some((p) => shape.test(p))).toBe(true);
    }
    expect(values('state')).toContain('California');
    expect(values('state')).toContain('CA');
    expect(values('zip').some((z) => z?.length === 4)).toBe(true);
    const empty = values('phone').filter((p) => !p).length / companies.length;
    expect(empty).toBeGreaterThan(0.01);
    expect(empty).toBeLessThan(0.1);
    expect(values('tax_id').filter(Boolean).length).toBeGreaterThan(1000);
    const emails = contacts.map((c) => c.properties.email).filter((e): e is string => !!e);
    expect(emails.some((e) => e !== e.trim())).toBe(true);
    expect(emails.some((e) => /[A-Z]/.test(e))).toBe(true);
  });

  it('plants ~2% near-duplicate companies that share a domain root', () => {
    const share = result.nearDuplicates.length / 2000;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.04);
    for (const { originalId, duplicateId } of result.nearDuplicates) {
      const original = store.get('companies', originalId)!.properties;
      const duplicate = store.get('companies', duplicateId)!.properties;
      const squash = (s: string | null | undefined) => (s ?? '').toLowerCase().replace(/[^a-z]/g, '');
      expect(squash(duplicate.name)).toContain(squash(original.name).slice(0, 6));
      expect(duplicate.tax_id).toBeNull();
    }
  });

  it('associates almost every contact with one company', () => {
    const linked = contacts.filter((c) => store.associations('contacts', c.id, 'companies').length === 1).length;
    expect(linked / contacts.length).toBeGreaterThan(0.95);
    expect(linked).toBeLessThan(contacts.length);
  });
});
