import { afterAll, describe, expect, it } from 'vitest';
import type { MappingVersionStore } from '../mapping-version-types';
import type { StoreHarness } from './state-store-contract';

/**
 * The {@link MappingVersionStore} contract, run against every dialect over real databases.
 *
 * @example
 * mappingVersionStoreContract('SQLite file', sqliteHarness((state) => new SqliteMappingVersionStore(state)));
 */
export function mappingVersionStoreContract(dialect: string, harness: StoreHarness<MappingVersionStore>): void {
  describe(`MappingVersionStore contract (${dialect})`, () => {
    afterAll(() => harness.dispose());

    it('records each version once and finds it by full name or unique prefix', async () => {
      const store = await harness.open('a');
      const v1 = { flow: 'f', version: '1-aaaa1111', content: '{"a":1}', file: 'mappings/f.yaml' };
      const v2 = { flow: 'f', version: '1-aabb2222', content: '{"a":2}', file: 'mappings/f.yaml' };
      await store.record([v1]);
      const [first] = await store.list('f');
      await store.record([v1, v2]);
      await store.record([]);
      expect((await store.list('f')).map((v) => v.version).sort()).toEqual(['1-aaaa1111', '1-aabb2222']);
      expect((await store.list('f')).find((v) => v.version === v1.version)?.firstSeenAt).toBe(first?.firstSeenAt);
      expect(await harness.count('a', 'mapping_versions')).toBe(2);
      expect((await store.find('f', '1-aabb2222'))?.content).toBe('{"a":2}');
      expect(await store.find('f', '1-aaa')).toMatchObject({ content: '{"a":1}', file: 'mappings/f.yaml' });
      expect(await store.find('f', '1-aa')).toBeUndefined();
      expect(await store.find('f', '1_%')).toBeUndefined();
      expect(await store.find('other', '1-aaaa1111')).toBeUndefined();
    });
  });
}
