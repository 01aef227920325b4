import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

/**
 * Dead-letter queue: one item per source record of a flow that failed for good. Keyed by
 * (flow, source id): a record that fails again (a redelivered dead job, a failed replay) updates
 * its item and appends to `attempts` instead of adding a second one. The source record is kept
 * exactly as read, so a replay needs neither the source system nor the original job.
 */
export const dlqItems = sqliteTable(
  'dlq_items',
  {
    id: text('id').primaryKey(),
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    /** JSON `ConnectorRecord` as read from the source. */
    sourceRecord: text('source_record').notNull(),
    mappingVersion: text('mapping_version'),
    runId: text('run_id'),
    errorCode: text('error_code').notNull(),
    errorMessage: text('error_message').notNull(),
    httpStatus: integer('http_status'),
    /** Excerpt of the target's answer, secrets redacted. */
    responseExcerpt: text('response_excerpt'),
    /** JSON array of `{ at, attempt, code, message, status }`, oldest first. */
    attempts: text('attempts').notNull(),
    status: text('status', { enum: ['open', 'replayed', 'discarded'] }).notNull(),
    /** Why an admin discarded it, or how it was resolved. */
    resolution: text('resolution'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    uniqueIndex('dlq_flow_source').on(t.flow, t.sourceId),
    index('dlq_status_code').on(t.status, t.errorCode, t.updatedAt),
  ],
);

/**
 * Failed attempts of records still being retried by their job, so a DLQ item can say every
 * attempt with its time. Rows of a job are moved into its DLQ items or dropped when its page is done.
 */
export const dlqAttempts = sqliteTable(
  'dlq_attempts',
  {
    jobId: text('job_id').notNull(),
    sourceId: text('source_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: integer('at').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    status: integer('status'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.sourceId, t.attempt] })],
);
