import { index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { epochMs } from './epoch-ms';
import { nowMs } from './now-ms';

/** PostgreSQL twin of the SQLite `dlq_items` (src/store/schema/dlq-tables.ts). */
export const dlqItems = pgTable(
  'dlq_items',
  {
    id: text('id').primaryKey(),
    flow: text('flow').notNull(),
    sourceId: text('source_id').notNull(),
    /** JSON `ConnectorRecord` as read from the source, kept as text exactly as the SQLite twin. */
    sourceRecord: text('source_record').notNull(),
    mappingVersion: text('mapping_version'),
    runId: text('run_id'),
    errorCode: text('error_code').notNull(),
    errorMessage: text('error_message').notNull(),
    httpStatus: integer('http_status'),
    responseExcerpt: text('response_excerpt'),
    attempts: text('attempts').notNull(),
    status: text('status', { enum: ['open', 'replayed', 'discarded'] }).notNull(),
    resolution: text('resolution'),
    createdAt: epochMs('created_at').notNull().default(nowMs),
    updatedAt: epochMs('updated_at').notNull().default(nowMs),
    resolvedAt: epochMs('resolved_at'),
  },
  (t) => [
    uniqueIndex('dlq_flow_source').on(t.flow, t.sourceId),
    index('dlq_status_code').on(t.status, t.errorCode, t.updatedAt),
  ],
);

/** PostgreSQL twin of the SQLite `dlq_attempts`. */
export const dlqAttempts = pgTable(
  'dlq_attempts',
  {
    jobId: text('job_id').notNull(),
    sourceId: text('source_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: epochMs('at').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    status: integer('status'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.sourceId, t.attempt] })],
);
