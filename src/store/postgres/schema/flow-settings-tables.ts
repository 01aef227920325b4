import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { epochMs } from './epoch-ms';

/** PostgreSQL twin of the SQLite `flow_settings` (src/store/schema/flow-settings-tables.ts). */
export const flowSettings = pgTable('flow_settings', {
  flow: text('flow').primaryKey(),
  enabled: boolean('enabled').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});
