import { describe, expect, it } from 'vitest';
import { type CompareInput, threeWayCompare } from './three-way-compare';

const input = (over: Partial<CompareInput>): CompareInput => ({
  master: {},
  base: undefined,
  copy: undefined,
  create: false,
  ownerOf: () => 'source',
  policy: 'master-wins',
  ...over,
});

describe('threeWayCompare', () => {
  it('writes a master change the copy has not touched, and skips fields already equal', () => {
    const r = threeWayCompare(
      input({
        master: { city: 'Paris', zip: '75001' },
        base: { city: 'Lyon', zip: '75001' },
        copy: { city: 'Lyon', zip: 75001 },
      }),
    );
    expect(r.decisions).toEqual({ city: 'write', zip: 'unchanged' });
    expect(r.write).toEqual({ city: 'Paris' });
    expect(r.conflicts).toEqual([]);
    expect(r.nextBase).toEqual({ city: 'Paris', zip: '75001' });
  });

  it('master-wins overwrites a copy-side edit and reports it overwritten', () => {
    const r = threeWayCompare(input({ master: { city: 'Paris' }, base: { city: 'Lyon' }, copy: { city: 'Nice' } }));
    expect(r.decisions.city).toBe('conflict');
    expect(r.write).toEqual({ city: 'Paris' });
    expect(r.conflicts).toEqual([
      { field: 'city', base: 'Lyon', copy: 'Nice', master: 'Paris', resolution: 'overwritten' },
    ]);
    expect(r.nextBase.city).toBe('Paris');
  });

  it('flag leaves the conflicting field alone, parks it open and keeps the old base', () => {
    const r = threeWayCompare(
      input({
        policy: 'flag',
        master: { city: 'Paris', name: 'B' },
        base: { city: 'Lyon', name: 'A' },
        copy: { city: 'Nice', name: 'A' },
      }),
    );
    expect(r.write).toEqual({ name: 'B' });
    expect(r.conflicts[0]).toMatchObject({ field: 'city', resolution: 'open' });
    expect(r.nextBase).toEqual({ city: 'Lyon', name: 'B' });
  });

  it('a copy edit equal to the new master value is no conflict', () => {
    const r = threeWayCompare(
      input({ policy: 'flag', master: { city: 'Paris' }, base: { city: 'Lyon' }, copy: { city: 'Paris' } }),
    );
    expect(r.decisions.city).toBe('unchanged');
    expect(r.conflicts).toEqual([]);
  });

  it('target-owned fields are written on create only', () => {
    const ownerOf = (f: string) => (f === 'creditLimit' ? 'target' : 'source');
    const created = threeWayCompare(input({ create: true, ownerOf, master: { creditLimit: 0, name: 'A' } }));
    expect(created.write).toEqual({ creditLimit: 0, name: 'A' });
    const updated = threeWayCompare(
      input({
        ownerOf,
        master: { creditLimit: 0, name: 'B' },
        base: { creditLimit: 0, name: 'A' },
        copy: { creditLimit: 5000, name: 'A' },
      }),
    );
    expect(updated.decisions).toEqual({ creditLimit: 'copy-owned', name: 'write' });
    expect(updated.write).toEqual({ name: 'B' });
    expect(updated.conflicts).toEqual([]);
  });

  it('an accepted copy value holds until the master value changes', () => {
    const held = threeWayCompare(
      input({ master: { city: 'Paris' }, base: { city: 'Nice' }, copy: { city: 'Nice' }, accepted: { city: 'Paris' } }),
    );
    expect(held.decisions.city).toBe('accepted');
    expect(held.write).toEqual({});
    const moved = threeWayCompare(
      input({ master: { city: 'Rome' }, base: { city: 'Nice' }, copy: { city: 'Nice' }, accepted: { city: 'Paris' } }),
    );
    expect(moved.write).toEqual({ city: 'Rome' });
  });

  it('without a snapshot a differing copy is overwritten, not called a conflict', () => {
    const r = threeWayCompare(input({ policy: 'flag', master: { city: 'Paris' }, copy: { city: 'Nice' } }));
    expect(r.write).toEqual({ city: 'Paris' });
    expect(r.conflicts).toEqual([]);
  });
});
