import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { findMappingVersion, listMappingVersions, recordMappingVersions } from './mapping-version-store';

describe('mapping version store', () => {
  it('records each version once and finds it by full name or unique prefix', () => {
    const state = openDatabase(':memory:');
    const v1 = { flow: 'f', version: '1-aaaa1111', content: '{"a":1}', file: 'mappings/f.yaml' };
    const v2 = { flow: 'f', version: '1-aabb2222', content: '{"a":2}', file: 'mappings/f.yaml' };
    recordMappingVersions(state, [v1]);
    recordMappingVersions(state, [v1, v2]);
    expect(
      listMappingVersions(state, 'f')
        .map((v) => v.version)
        .sort(),
    ).toEqual(['1-aaaa1111', '1-aabb2222']);
    expect(findMappingVersion(state, 'f', '1-aabb2222')?.content).toBe('{"a":2}');
    expect(findMappingVersion(state, 'f', '1-aaa')?.content).toBe('{"a":1}');
    expect(findMappingVersion(state, 'f', '1-aa')).toBeUndefined();
    expect(findMappingVersion(state, 'f', '1_%')).toBeUndefined();
    expect(findMappingVersion(state, 'other', '1-aaaa1111')).toBeUndefined();
    state.close();
  });
});
