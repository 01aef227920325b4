import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Per-flow switches set by admins at runtime. A row overrides the mapping file's `enabled:`;
 * no row means the file decides, so deleting a row hands control back to the file.
 */
export const flowSettings = sqliteTable('flow_settings', {
  flow: text('flow').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});
