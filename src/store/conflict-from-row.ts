import type { Conflict } from './ownership-types';

const parse = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));

/**
 * A `conflicts` row as either dialect returns it (snake_case columns, `base`/`copy`/`master` as
 * JSON text, ids and times as numbers or bigint strings) to a {@link Conflict}.
 *
 * @example
 * const conflict = conflictFromRow(sqlite.prepare('SELECT * FROM conflicts WHERE id = ?').get(1));
 */
export function conflictFromRow(r: Record<string, unknown>): Conflict {
  return {
    id: Number(r.id),
    flow: String(r.flow),
    sourceId: String(r.source_id),
    targetId: String(r.target_id),
    field: String(r.field),
    base: parse(r.base),
    copy: parse(r.copy),
    master: parse(r.master),
    status: r.status as Conflict['status'],
    resolution: (r.resolution as Conflict['resolution']) ?? null,
    note: (r.note as string | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    createdAt: Number(r.created_at),
    resolvedAt: r.resolved_at === null || r.resolved_at === undefined ? null : Number(r.resolved_at),
  };
}
