import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

/**
 * Cross-references: the pairing of one CRM record with one ERP record for a link kind
 * (`company` <-> `customer` is kind `company`). It makes every write after the first an update
 * and every replay idempotent.
 */
export const xrefs = sqliteTable(
  'xrefs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    crmId: text('crm_id').notNull(),
    erpId: text('erp_id').notNull(),
    /** Fingerprint of the mapped values last written to the target (echo suppression, no-op detection). */
    writtenFingerprint: text('written_fingerprint'),
    /** Fingerprint of the source record last read, to skip unchanged records cheaply. */
    sourceFingerprint: text('source_fingerprint'),
    mappingVersion: text('mapping_version'),
    /** '' for one-to-one pairs; the ERP id when the CRM record may have many pairs of this kind. */
    crmSlot: text('crm_slot').notNull().default(''),
    /** '' for one-to-one pairs; the CRM id when the ERP record may have many pairs of this kind. */
    erpSlot: text('erp_slot').notNull().default(''),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  // A side whose record has many pairs of a kind (a deal with many invoices) carries the other
  // side's id in its slot, so it is unique per pair there and per record everywhere else
  // (decision 010). Full indexes, not partial ones: lookups by (kind, id) use their prefix.
  (t) => [
    uniqueIndex('xrefs_kind_crm').on(t.kind, t.crmId, t.crmSlot),
    uniqueIndex('xrefs_kind_erp').on(t.kind, t.erpId, t.erpSlot),
  ],
);

/** Where each flow's incremental sync resumes. */
export const cursors = sqliteTable('cursors', {
  flow: text('flow').primaryKey(),
  cursor: text('cursor'),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** One execution of a flow (initial load, poll, manual trigger). */
export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    flow: text('flow').notNull(),
    trigger: text('trigger').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed', 'partial'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    read: integer('read').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Read but deliberately not written: merged duplicates, pairs waiting for review. */
    skipped: integer('skipped').notNull().default(0),
    /** Pages (jobs) enqueued for this run and pages finished; the run ends when reading is done and they meet. */
    pagesTotal: integer('pages_total').notNull().default(0),
    pagesDone: integer('pages_done').notNull().default(0),
    readingDone: integer('reading_done', { mode: 'boolean' }).notNull().default(false),
    error: text('error'),
  },
  (t) => [index('runs_flow_started').on(t.flow, t.startedAt)],
);

/** Every attempt to sync one record: what was read, what was written, and why it failed. */
export const recordHistory = sqliteTable(
  'record_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: text('run_id'),
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id'),
    action: text('action', { enum: ['created', 'updated', 'unchanged', 'failed', 'skipped'] }).notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    mappingVersion: text('mapping_version'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    at: integer('at').notNull().default(now),
  },
  (t) => [index('history_flow_source').on(t.flow, t.sourceId), index('history_run').on(t.runId)],
);
