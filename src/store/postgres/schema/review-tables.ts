import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { epochMs } from './epoch-ms';
import { nowMs } from './now-ms';

/** PostgreSQL twin of the SQLite `match_index` (src/store/schema/review-tables.ts). */
export const matchIndex = pgTable(
  'match_index',
  {
    scope: text('scope').notNull(),
    targetId: text('target_id').notNull(),
    fields: jsonb('fields').notNull(),
    pendingSourceId: text('pending_source_id'),
    updatedAt: epochMs('updated_at').notNull().default(nowMs),
    /** A reservation's blocking keys, as in SQLite (there, instead of `match_index_keys` rows). */
    keys: jsonb('keys'),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.targetId] }),
    index('match_index_pending').on(t.scope, t.updatedAt).where(sql`${t.pendingSourceId} IS NOT NULL`),
  ],
);

/** PostgreSQL twin of the SQLite `match_index_keys`. */
export const matchIndexKeys = pgTable(
  'match_index_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    targetId: text('target_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key, t.targetId] }),
    index('match_index_keys_target').on(t.scope, t.targetId),
  ],
);

/** PostgreSQL twin of the SQLite `review_items`. */
export const reviewItems = pgTable(
  'review_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    flow: text('flow').notNull(),
    kind: text('kind').notNull(),
    sourceSide: text('source_side', { enum: ['crm', 'erp'] }).notNull(),
    sourceId: text('source_id').notNull(),
    candidateId: text('candidate_id'),
    candidateSourceId: text('candidate_source_id'),
    reason: text('reason', { enum: ['exact', 'fuzzy', 'target_taken', 'source_duplicate'] }).notNull(),
    score: doublePrecision('score').notNull(),
    explanation: jsonb('explanation').notNull(),
    sourceFields: jsonb('source_fields'),
    status: text('status', { enum: ['pending', 'linked', 'created', 'merged'] }).notNull(),
    decidedBy: text('decided_by'),
    note: text('note'),
    appliedAt: epochMs('applied_at'),
    createdAt: epochMs('created_at').notNull().default(nowMs),
    decidedAt: epochMs('decided_at'),
  },
  (t) => [uniqueIndex('review_flow_source').on(t.flow, t.sourceId), index('review_status').on(t.status, t.flow)],
);
