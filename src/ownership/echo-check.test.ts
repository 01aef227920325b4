import { describe, expect, it } from 'vitest';
import { isOwnEcho } from './echo-check';

const wrote = { updatedAt: '2026-03-01T10:00:00.000Z', values: { displayName: 'Acme', city: 'Paris' } };

describe('isOwnEcho', () => {
  it('recognises our write by the updatedAt the target returned, whatever the format', () => {
    expect(isOwnEcho({ updatedAt: '2026-03-01T10:00:00Z', fields: { creditLimit: 5 } }, wrote, ['creditLimit'])).toBe(
      true,
    );
  });

  it('a later edit that leaves every mapped field as we wrote it is still our echo', () => {
    const record = {
      updatedAt: '2026-03-01T11:00:00Z',
      fields: { displayName: 'Acme', city: 'Paris', blocked: 'All' },
    };
    expect(isOwnEcho(record, wrote, ['displayName', 'city'])).toBe(true);
  });

  it('a person changing a mapped field, or a field we never wrote, is not an echo', () => {
    expect(
      isOwnEcho({ updatedAt: '2026-03-01T11:00:00Z', fields: { displayName: 'Acme', city: 'Lyon' } }, wrote, [
        'displayName',
        'city',
      ]),
    ).toBe(false);
    expect(isOwnEcho({ updatedAt: '2026-03-01T11:00:00Z', fields: { creditLimit: 5 } }, wrote, ['creditLimit'])).toBe(
      false,
    );
    expect(isOwnEcho({ updatedAt: '2026-03-01T10:00:00Z', fields: {} }, undefined, [])).toBe(false);
  });
});
