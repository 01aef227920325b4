import type { ReviewItem, ReviewStatus } from './match-types';

/**
 * A `review_items` row as either dialect returns it: snake_case columns, `explanation` and
 * `source_fields` as JSON text, ids and times as numbers (SQLite) or bigint strings (PostgreSQL).
 */
export interface ReviewRow {
  id: number | string;
  flow: string;
  kind: string;
  source_side: 'crm' | 'erp';
  source_id: string;
  candidate_id: string | null;
  candidate_source_id: string | null;
  reason: ReviewItem['reason'];
  score: number;
  explanation: string;
  source_fields: string | null;
  status: ReviewStatus;
  decided_by: string | null;
  note: string | null;
  applied_at: number | string | null;
  created_at: number | string;
  decided_at: number | string | null;
}

const time = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * Turns a {@link ReviewRow} into a {@link ReviewItem}.
 *
 * @example
 * const item = reviewItemFromRow(sqlite.prepare('SELECT * FROM review_items WHERE id = ?').get(1) as ReviewRow);
 */
export function reviewItemFromRow(r: ReviewRow): ReviewItem {
  return {
    id: Number(r.id),
    flow: r.flow,
    kind: r.kind,
    sourceSide: r.source_side,
    sourceId: r.source_id,
    candidateId: r.candidate_id,
    candidateSourceId: r.candidate_source_id,
    reason: r.reason,
    score: Number(r.score),
    explanation: JSON.parse(r.explanation),
    sourceFields: r.source_fields === null ? null : JSON.parse(r.source_fields),
    status: r.status,
    decidedBy: r.decided_by,
    note: r.note,
    appliedAt: time(r.applied_at),
    createdAt: Number(r.created_at),
    decidedAt: time(r.decided_at),
  };
}
