import { describe, expect, it } from 'vitest';
import { diffMappings } from './mapping-diff';
import { canonicalJson, mappingVersion } from './mapping-version';

describe('mapping versions and diffs', () => {
  it('normalises key order, so equal meaning gives equal versions', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(mappingVersion(2, '{"a":1}')).toMatch(/^2-[0-9a-f]{8}$/);
    expect(mappingVersion(2, '{"a":1}')).toBe(mappingVersion(2, '{"a":1}'));
    expect(mappingVersion(2, '{"a":2}')).not.toBe(mappingVersion(2, '{"a":1}'));
  });

  it('lists added, removed and changed leaves by path', () => {
    const before = canonicalJson({
      fields: { city: { from: 'city', transforms: ['trim', { truncate: 30 }] }, fax: { from: 'fax' } },
    });
    const after = canonicalJson({
      fields: { city: { from: 'city', transforms: ['trim', { truncate: 40 }] }, email: { from: 'email' } },
    });
    expect(diffMappings(before, after)).toEqual([
      { path: 'fields.city.transforms.1.truncate', kind: 'changed', before: 30, after: 40 },
      { path: 'fields.fax', kind: 'removed', before: { from: 'fax' } },
      { path: 'fields.email', kind: 'added', after: { from: 'email' } },
    ]);
    expect(diffMappings(before, before)).toEqual([]);
  });
});
