import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

/**
 * Per flow and source record: the values the flow last wrote (the base of the three-way compare),
 * copy values people chose to keep, and the flow's own fingerprints (two flows sharing one xref,
 * e.g. a reverse ERP -> CRM flow, would otherwise overwrite each other's).
 */
export const flowSnapshots = sqliteTable(
  'flow_snapshots',
  {
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id').notNull(),
    values: text('values', { mode: 'json' }).notNull(),
    /** Field -> master value a person kept the copy's value against (resolved conflict). */
    accepted: text('accepted', { mode: 'json' }),
    sourceFingerprint: text('source_fingerprint'),
    writtenFingerprint: text('written_fingerprint'),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.flow, t.sourceId] })],
);

/** Our last write per (system, entity, record): recognised when the change feed brings it back. */
export const echoWrites = sqliteTable(
  'echo_writes',
  {
    system: text('system').notNull(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    /** `updatedAt` the system returned for our write. */
    updatedAt: text('updated_at'),
    values: text('values', { mode: 'json' }).notNull(),
    at: integer('at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.system, t.entity, t.recordId] })],
);

/** Copy-side edits of master-owned fields (DESIGN.md section 3), one row per record and field. */
export const conflicts = sqliteTable(
  'conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id').notNull(),
    field: text('field').notNull(),
    base: text('base', { mode: 'json' }),
    copy: text('copy', { mode: 'json' }),
    master: text('master', { mode: 'json' }),
    status: text('status', { enum: ['open', 'resolved'] }).notNull(),
    /** `overwritten` (master-wins), `kept-master` or `kept-copy` (a person decided). */
    resolution: text('resolution', { enum: ['overwritten', 'kept-master', 'kept-copy'] }),
    note: text('note'),
    resolvedBy: text('resolved_by'),
    createdAt: integer('created_at').notNull().default(now),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    index('conflicts_status_flow').on(t.status, t.flow),
    index('conflicts_record').on(t.flow, t.sourceId, t.field),
  ],
);
