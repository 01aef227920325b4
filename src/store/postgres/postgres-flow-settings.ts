import { eq } from 'drizzle-orm';
import type { FlowSetting, FlowSettingsRepository } from '../flow-settings-types';
import type { PostgresDatabase } from './open-postgres-database';
import { flowSettings } from './schema';

/**
 * {@link FlowSettingsRepository} on PostgreSQL: a switch survives restarts and every api and
 * worker process sharing the database sees it (the SQLite twin is `SqliteFlowSettings`).
 *
 * @example
 * const settings = new PostgresFlowSettings(await openPostgresDatabase(env.DATABASE_URL));
 * await settings.set('companies-to-customers', false);
 */
export class PostgresFlowSettings implements FlowSettingsRepository {
  constructor(private readonly state: PostgresDatabase) {}

  async list(): Promise<Map<string, FlowSetting>> {
    const rows = await this.state.db.select().from(flowSettings);
    return new Map(rows.map((r) => [r.flow, r]));
  }

  async get(flow: string): Promise<FlowSetting | undefined> {
    const [row] = await this.state.db.select().from(flowSettings).where(eq(flowSettings.flow, flow));
    return row;
  }

  async set(flow: string, enabled: boolean): Promise<FlowSetting> {
    const row = { flow, enabled, updatedAt: Date.now() };
    await this.state.db
      .insert(flowSettings)
      .values(row)
      .onConflictDoUpdate({ target: flowSettings.flow, set: { enabled, updatedAt: row.updatedAt } });
    return row;
  }
}
