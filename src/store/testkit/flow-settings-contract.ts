import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FlowSettingsRepository } from '../flow-settings-types';
import type { StoreHarness } from './state-store-contract';

/**
 * The {@link FlowSettingsRepository} contract, run against every dialect.
 *
 * @example
 * flowSettingsContract('SQLite file', sqliteHarness((state) => new SqliteFlowSettings(state)));
 */
export function flowSettingsContract(dialect: string, harness: StoreHarness<FlowSettingsRepository>): void {
  describe(`FlowSettingsRepository contract (${dialect})`, () => {
    afterEach(() => harness.closeLast());
    afterAll(() => harness.dispose());

    it('stores one switch per flow, the last one winning, and keeps it across a reopen', async () => {
      let settings = await harness.open('a');
      expect(await settings.get('companies')).toBeUndefined();
      expect((await settings.list()).size).toBe(0);
      const before = Date.now();
      expect(await settings.set('companies', false)).toMatchObject({ flow: 'companies', enabled: false });
      await settings.set('companies', true);
      await settings.set('items', false);
      expect(await harness.count('a', 'flow_settings')).toBe(2);
      await harness.closeLast();

      settings = await harness.open('a');
      const stored = await settings.get('companies');
      expect(stored).toMatchObject({ flow: 'companies', enabled: true });
      expect(stored?.updatedAt).toBeGreaterThanOrEqual(before);
      expect(typeof stored?.updatedAt).toBe('number');
      const all = await settings.list();
      expect([...all.keys()].sort()).toEqual(['companies', 'items']);
      expect(all.get('items')?.enabled).toBe(false);
    });
  });
}
