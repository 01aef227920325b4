import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { nowMs } from './now-ms';

/** PostgreSQL twin of the SQLite `mapping_versions` (src/store/schema/mapping-tables.ts). */
export const mappingVersions = pgTable(
  'mapping_versions',
  {
    flow: text('flow').notNull(),
    version: text('version').notNull(),
    content: text('content').notNull(),
    file: text('file').notNull(),
    firstSeenAt: bigint('first_seen_at', { mode: 'number' }).notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.flow, t.version] })],
);
