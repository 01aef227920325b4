import { eq } from 'drizzle-orm';
import type { StateDatabase } from './database';
import type { FlowSetting, FlowSettingsRepository } from './flow-settings-types';
import { flowSettings } from './schema';

/**
 * {@link FlowSettingsRepository} in the SQLite state database, so a switch survives restarts
 * and every process sharing the database sees it.
 *
 * @example
 * const settings = new SqliteFlowSettings(openDatabase('./data/bridge.db'));
 * await settings.set('companies-to-customers', false);
 */
export class SqliteFlowSettings implements FlowSettingsRepository {
  constructor(private readonly state: StateDatabase) {}

  async list(): Promise<Map<string, FlowSetting>> {
    const rows = this.state.db.select().from(flowSettings).all();
    return new Map(rows.map((r) => [r.flow, r]));
  }

  async get(flow: string): Promise<FlowSetting | undefined> {
    return this.state.db.select().from(flowSettings).where(eq(flowSettings.flow, flow)).get();
  }

  async set(flow: string, enabled: boolean): Promise<FlowSetting> {
    const row = { flow, enabled, updatedAt: Date.now() };
    this.state.db
      .insert(flowSettings)
      .values(row)
      .onConflictDoUpdate({ target: flowSettings.flow, set: { enabled, updatedAt: row.updatedAt } })
      .run();
    return row;
  }
}
