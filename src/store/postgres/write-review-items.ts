import type pg from 'pg';
import type { NewReviewItem } from '../match-types';

/**
 * Records matching outcomes in one multi-row upsert: one row per flow and source record, the last
 * item of a source winning (as successive single-row upserts would have it). A replaced outcome
 * loses its note and applied mark, as on SQLite.
 *
 * @example
 * await writeReviewItems(state.pool, [{ flow, kind, sourceSide: 'crm', sourceId: '42', ... }]);
 */
export async function writeReviewItems(db: pg.Pool | pg.PoolClient, items: readonly NewReviewItem[]): Promise<void> {
  const unique = [...new Map(items.map((i) => [`${i.flow}\u0000${i.sourceId}`, i])).values()];
  if (!unique.length) return;
  const now = Date.now();
  const rows = unique.map((i) => ({
    flow: i.flow,
    kind: i.kind,
    source_side: i.sourceSide,
    source_id: i.sourceId,
    candidate_id: i.candidateId,
    candidate_source_id: i.candidateSourceId,
    reason: i.reason,
    score: i.score,
    explanation: i.explanation ?? null,
    source_fields: i.sourceFields ?? null,
    status: i.status,
    decided_by: i.decidedBy ?? null,
    decided_at: i.status === 'pending' ? null : now,
  }));
  await db.query(
    `INSERT INTO review_items (flow, kind, source_side, source_id, candidate_id, candidate_source_id, reason, score,
       explanation, source_fields, status, decided_by, applied_at, created_at, decided_at)
     SELECT r.flow, r.kind, r.source_side, r.source_id, r.candidate_id, r.candidate_source_id, r.reason, r.score,
       coalesce(r.explanation, 'null'::jsonb), r.source_fields, r.status, r.decided_by, NULL, $2, r.decided_at
     FROM jsonb_to_recordset($1::jsonb) AS r(flow text, kind text, source_side text, source_id text,
       candidate_id text, candidate_source_id text, reason text, score double precision, explanation jsonb,
       source_fields jsonb, status text, decided_by text, decided_at bigint)
     ON CONFLICT (flow, source_id) DO UPDATE SET kind = excluded.kind, candidate_id = excluded.candidate_id,
       candidate_source_id = excluded.candidate_source_id, reason = excluded.reason, score = excluded.score,
       explanation = excluded.explanation, source_fields = excluded.source_fields, status = excluded.status,
       decided_by = excluded.decided_by, note = NULL, applied_at = NULL, created_at = excluded.created_at,
       decided_at = excluded.decided_at`,
    [JSON.stringify(rows), now],
  );
}
