import { bigint, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { epochMs } from './epoch-ms';
import { nowMs } from './now-ms';

/**
 * PostgreSQL twin of the SQLite `flow_snapshots` (src/store/schema/ownership-tables.ts). Values
 * are compared field by field, never as text, so `jsonb` (key order not kept) is enough.
 */
export const flowSnapshots = pgTable(
  'flow_snapshots',
  {
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id').notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    accepted: jsonb('accepted').$type<Record<string, unknown>>(),
    sourceFingerprint: text('source_fingerprint'),
    writtenFingerprint: text('written_fingerprint'),
    updatedAt: epochMs('updated_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.flow, t.sourceId] })],
);

/** PostgreSQL twin of the SQLite `echo_writes`. */
export const echoWrites = pgTable(
  'echo_writes',
  {
    system: text('system').notNull(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    updatedAt: text('updated_at'),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    at: epochMs('at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.system, t.entity, t.recordId] })],
);

/** PostgreSQL twin of the SQLite `conflicts`. */
export const conflicts = pgTable(
  'conflicts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id').notNull(),
    field: text('field').notNull(),
    base: jsonb('base'),
    copy: jsonb('copy'),
    master: jsonb('master'),
    status: text('status', { enum: ['open', 'resolved'] }).notNull(),
    resolution: text('resolution', { enum: ['overwritten', 'kept-master', 'kept-copy'] }),
    note: text('note'),
    resolvedBy: text('resolved_by'),
    createdAt: epochMs('created_at').notNull().default(nowMs),
    resolvedAt: epochMs('resolved_at'),
  },
  (t) => [
    index('conflicts_status_flow').on(t.status, t.flow),
    index('conflicts_record').on(t.flow, t.sourceId, t.field),
  ],
);
