import { bigint, boolean, index, json, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { epochMs } from './epoch-ms';
import { nowMs } from './now-ms';

/** PostgreSQL twin of the SQLite `xrefs` (src/store/schema/state-tables.ts). */
export const xrefs = pgTable(
  'xrefs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    crmId: text('crm_id').notNull(),
    erpId: text('erp_id').notNull(),
    writtenFingerprint: text('written_fingerprint'),
    sourceFingerprint: text('source_fingerprint'),
    mappingVersion: text('mapping_version'),
    crmSlot: text('crm_slot').notNull().default(''),
    erpSlot: text('erp_slot').notNull().default(''),
    createdAt: epochMs('created_at').notNull().default(nowMs),
    updatedAt: epochMs('updated_at').notNull().default(nowMs),
  },
  // A side whose record has many pairs of a kind (a deal with many invoices) carries the other
  // side's id in its slot, so it is unique per pair there and per record everywhere else
  // (decision 010). Full indexes, not partial ones: lookups by (kind, id) use their prefix.
  (t) => [
    uniqueIndex('xrefs_kind_crm').on(t.kind, t.crmId, t.crmSlot),
    uniqueIndex('xrefs_kind_erp').on(t.kind, t.erpId, t.erpSlot),
  ],
);

/** PostgreSQL twin of the SQLite `cursors`. */
export const cursors = pgTable('cursors', {
  flow: text('flow').primaryKey(),
  cursor: text('cursor'),
  updatedAt: epochMs('updated_at').notNull().default(nowMs),
});

/** PostgreSQL twin of the SQLite `runs`. */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    flow: text('flow').notNull(),
    trigger: text('trigger').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed', 'partial'] }).notNull(),
    startedAt: epochMs('started_at').notNull(),
    finishedAt: epochMs('finished_at'),
    read: bigint('read', { mode: 'number' }).notNull().default(0),
    created: bigint('created', { mode: 'number' }).notNull().default(0),
    updated: bigint('updated', { mode: 'number' }).notNull().default(0),
    unchanged: bigint('unchanged', { mode: 'number' }).notNull().default(0),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
    skipped: bigint('skipped', { mode: 'number' }).notNull().default(0),
    pagesTotal: bigint('pages_total', { mode: 'number' }).notNull().default(0),
    pagesDone: bigint('pages_done', { mode: 'number' }).notNull().default(0),
    readingDone: boolean('reading_done').notNull().default(false),
    error: text('error'),
  },
  (t) => [index('runs_flow_started').on(t.flow, t.startedAt)],
);

/** PostgreSQL twin of the SQLite `record_history`; `json` (not jsonb) keeps key order as written. */
export const recordHistory = pgTable(
  'record_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: text('run_id'),
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id'),
    action: text('action', { enum: ['created', 'updated', 'unchanged', 'failed', 'skipped'] }).notNull(),
    before: json('before'),
    after: json('after'),
    mappingVersion: text('mapping_version'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    at: epochMs('at').notNull().default(nowMs),
  },
  (t) => [index('history_flow_source').on(t.flow, t.sourceId), index('history_run').on(t.runId)],
);
