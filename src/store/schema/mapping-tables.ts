import { sql } from 'drizzle-orm';
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every mapping version the bridge has loaded, with its normalised content, so
 * `bridge mappings diff <flow> <version>` can show what changed since a history row's version.
 */
export const mappingVersions = sqliteTable(
  'mapping_versions',
  {
    flow: text('flow').notNull(),
    /** `<declared>-<hash>`, as recorded in history rows and xrefs. */
    version: text('version').notNull(),
    /** Canonical JSON of the flow and its lookup tables. */
    content: text('content').notNull(),
    file: text('file').notNull(),
    firstSeenAt: integer('first_seen_at').notNull().default(sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`),
  },
  (t) => [primaryKey({ columns: [t.flow, t.version] })],
);
