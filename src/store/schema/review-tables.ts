import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

/**
 * Local index of the target's records for matching before create: each record's normalised
 * canonical values (name, street, phone, ... as the scope's rules normalise them) per scope. A scope is one flow's match rules (`<flow>#<rules hash>`), so
 * editing the rules starts a fresh index instead of using keys built by other rules. A row whose
 * `pending_source_id` is set is a reservation: a source record decided `create` whose write has
 * not committed yet, so that a near-duplicate in another page cannot create a second record.
 */
export const matchIndex = sqliteTable(
  'match_index',
  {
    scope: text('scope').notNull(),
    targetId: text('target_id').notNull(),
    fields: text('fields', { mode: 'json' }).notNull(),
    pendingSourceId: text('pending_source_id'),
    updatedAt: integer('updated_at').notNull().default(now),
    /**
     * A reservation's blocking keys (JSON array); null for target records, whose keys are rows of
     * `match_index_keys`. Reservations live for one page: writing and deleting their keys there
     * was two thirds of the key writes of an initial load.
     */
    keys: text('keys', { mode: 'json' }),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.targetId] }),
    // Expiring reservations ran a scan of the whole scope per page (about 1 s of a 20,000-company load).
    index('match_index_pending').on(t.scope, t.updatedAt).where(sql`${t.pendingSourceId} IS NOT NULL`),
  ],
);

/**
 * Blocking keys of the indexed records: candidates are the records sharing any key. WITHOUT
 * ROWID in the database (migration 0012; drizzle cannot declare it): one b-tree fewer per key.
 */
export const matchIndexKeys = sqliteTable(
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

/**
 * Match decisions that a person must take, and the automatic links kept for audit. One row per
 * flow and source record: its latest matching outcome.
 * - reason `exact`: an exact key agreed (automatic link); `fuzzy`: the best candidate's score;
 *   `target_taken`: it scored as a match but the target is already linked to another source
 *   record (xrefs are one-to-one); `source_duplicate`: it matches another source record that
 *   is being created in this sync, not a target record.
 * - status `pending` waits for a person; `linked` (approved or automatic), `created` (rejected:
 *   create a new target record), `merged` (a duplicate of another source record: never synced).
 */
export const reviewItems = sqliteTable(
  'review_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    flow: text('flow').notNull(),
    kind: text('kind').notNull(),
    sourceSide: text('source_side', { enum: ['crm', 'erp'] }).notNull(),
    sourceId: text('source_id').notNull(),
    /** The target record it may be (absent for `source_duplicate` before that one is written). */
    candidateId: text('candidate_id'),
    /** The other source record, for `target_taken` and `source_duplicate`. */
    candidateSourceId: text('candidate_source_id'),
    reason: text('reason', { enum: ['exact', 'fuzzy', 'target_taken', 'source_duplicate'] }).notNull(),
    score: real('score').notNull(),
    /** JSON `PairExplanation`: every field's values, similarity, level and weight. */
    explanation: text('explanation', { mode: 'json' }).notNull(),
    /** The source record's fields when it was parked, so a reviewer sees what was compared. */
    sourceFields: text('source_fields', { mode: 'json' }),
    status: text('status', { enum: ['pending', 'linked', 'created', 'merged'] }).notNull(),
    decidedBy: text('decided_by'),
    note: text('note'),
    /** When a decision was handed back to the engine (the record re-synced); null until then. */
    appliedAt: integer('applied_at'),
    createdAt: integer('created_at').notNull().default(now),
    decidedAt: integer('decided_at'),
  },
  (t) => [uniqueIndex('review_flow_source').on(t.flow, t.sourceId), index('review_status').on(t.status, t.flow)],
);
