import type pg from 'pg';
import type { SystemRole } from '../../connectors';
import { IntegrationError } from '../../errors';
import { conflictFromRow } from '../conflict-from-row';
import { conflictRules } from '../conflict-rules';
import type {
  Conflict,
  ConflictDecision,
  EchoWrite,
  FlowSnapshot,
  NewConflict,
  OwnershipStore,
} from '../ownership-types';
import type { PostgresDatabase } from './open-postgres-database';
import { pgTransaction } from './pg-transaction';

/** JSON parameter for a jsonb column; `undefined` is SQL NULL as in the SQLite store. */
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
/**
 * Conflict columns read as JSON text: drizzle's and pg's jsonb parsing would turn a stored text
 * value "123" into the number 123 once re-parsed, and conflicts hold bare scalars.
 */
const CONFLICT_COLUMNS = `id, flow, source_id, target_id, field, base::text AS base, copy::text AS copy,
  master::text AS master, status, resolution, note, resolved_by, created_at, resolved_at`;

/**
 * {@link OwnershipStore} on PostgreSQL, same behaviour as the SQLite store. A page's snapshots
 * and echoes are one multi-row upsert each (rows passed as one JSON array), so a page costs a
 * fixed number of round trips; conflicts are rare and go one by one under a per-flow lock, so
 * two workers cannot both open a conflict for the same record and field.
 *
 * @example
 * const ownership = new PostgresOwnershipStore(await openPostgresDatabase(env.DATABASE_URL));
 */
export class PostgresOwnershipStore implements OwnershipStore {
  constructor(private readonly state: PostgresDatabase) {}

  async snapshots(flow: string, sourceIds: readonly string[]): Promise<Map<string, FlowSnapshot>> {
    if (sourceIds.length === 0) return new Map();
    const { rows } = await this.state.pool.query(
      `SELECT source_id, target_id, "values", accepted, source_fingerprint, written_fingerprint
       FROM flow_snapshots WHERE flow = $1 AND source_id = ANY($2::text[])`,
      [flow, [...sourceIds]],
    );
    return new Map(
      rows.map((r) => [
        String(r.source_id),
        {
          sourceId: String(r.source_id),
          targetId: String(r.target_id),
          values: r.values ?? {},
          accepted: r.accepted ?? {},
          sourceFingerprint: r.source_fingerprint ?? null,
          writtenFingerprint: r.written_fingerprint ?? null,
        },
      ]),
    );
  }

  async echoes(system: SystemRole, entity: string, ids: readonly string[]): Promise<Map<string, EchoWrite>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.state.pool.query(
      `SELECT record_id, updated_at, "values" FROM echo_writes
       WHERE system = $1 AND entity = $2 AND record_id = ANY($3::text[])`,
      [system, entity, [...ids]],
    );
    return new Map(
      rows.map((r) => [
        String(r.record_id),
        { system, entity, recordId: String(r.record_id), updatedAt: r.updated_at ?? null, values: r.values ?? {} },
      ]),
    );
  }

  async recordPage(
    flow: string,
    page: { snapshots: FlowSnapshot[]; echoes: EchoWrite[]; conflicts: NewConflict[] },
  ): Promise<void> {
    await pgTransaction(this.state.pool, async (client) => {
      const now = Date.now();
      // One statement may not update a row twice: of repeated keys the last write wins, as
      // successive single-row upserts (the SQLite store) would have it.
      const snapshots = [...new Map(page.snapshots.map((s) => [s.sourceId, s])).values()];
      if (snapshots.length > 0) {
        await client.query(
          `INSERT INTO flow_snapshots
             (flow, source_id, target_id, "values", accepted, source_fingerprint, written_fingerprint, updated_at)
           SELECT $1, r.source_id, r.target_id, r."values", r.accepted, r.source_fingerprint, r.written_fingerprint, $3
           FROM jsonb_to_recordset($2::jsonb) AS r(source_id text, target_id text, "values" jsonb, accepted jsonb,
             source_fingerprint text, written_fingerprint text)
           ON CONFLICT (flow, source_id) DO UPDATE SET target_id = excluded.target_id, "values" = excluded."values",
             accepted = excluded.accepted, source_fingerprint = excluded.source_fingerprint,
             written_fingerprint = excluded.written_fingerprint, updated_at = excluded.updated_at`,
          [flow, JSON.stringify(snapshots.map(snapshotRow)), now],
        );
      }
      const echoes = [
        ...new Map(page.echoes.map((e) => [`${e.system}\u0000${e.entity}\u0000${e.recordId}`, e])).values(),
      ];
      if (echoes.length > 0) {
        await client.query(
          `INSERT INTO echo_writes (system, entity, record_id, updated_at, "values", at)
           SELECT r.system, r.entity, r.record_id, r.updated_at, r."values", $2
           FROM jsonb_to_recordset($1::jsonb) AS r(system text, entity text, record_id text, updated_at text, "values" jsonb)
           ON CONFLICT (system, entity, record_id) DO UPDATE SET updated_at = excluded.updated_at,
             "values" = excluded."values", at = excluded.at`,
          [
            JSON.stringify(
              echoes.map((e) => ({
                system: e.system,
                entity: e.entity,
                record_id: e.recordId,
                updated_at: e.updatedAt,
                values: e.values,
              })),
            ),
            now,
          ],
        );
      }
      if (page.conflicts.length > 0) {
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('conflicts:' || $1))`, [flow]);
      }
      for (const c of page.conflicts) await recordConflict(client, c, now);
    });
  }

  async listConflicts(filter: { flow?: string; status?: 'open' | 'resolved'; limit?: number; offset?: number } = {}) {
    const where = `WHERE ($1::text IS NULL OR flow = $1) AND ($2::text IS NULL OR status = $2)`;
    const params = [filter.flow ?? null, filter.status ?? null];
    const [{ rows }, counted] = await Promise.all([
      this.state.pool.query(`SELECT ${CONFLICT_COLUMNS} FROM conflicts ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`, [
        ...params,
        filter.limit ?? 50,
        filter.offset ?? 0,
      ]),
      this.state.pool.query<{ total: string }>(`SELECT count(*) AS total FROM conflicts ${where}`, params),
    ]);
    return { items: rows.map(conflictFromRow), total: Number(counted.rows[0]?.total ?? 0) };
  }

  async pruneEchoes(before: number): Promise<number> {
    const result = await this.state.pool.query('DELETE FROM echo_writes WHERE at < $1', [before]);
    return result.rowCount ?? 0;
  }

  async getConflict(id: number): Promise<Conflict | undefined> {
    const { rows } = await this.state.pool.query(`SELECT ${CONFLICT_COLUMNS} FROM conflicts WHERE id = $1`, [id]);
    return rows[0] && conflictFromRow(rows[0]);
  }

  async resolveConflict(id: number, decision: ConflictDecision): Promise<Conflict> {
    return pgTransaction(this.state.pool, async (client) => {
      const { rows } = await client.query(`SELECT ${CONFLICT_COLUMNS} FROM conflicts WHERE id = $1 FOR UPDATE`, [id]);
      if (!rows[0]) throw new IntegrationError('not_found', `no conflict ${id}`, { status: 404 });
      const conflict = conflictFromRow(rows[0]);
      conflictRules.assertOpen(conflict);
      const resolved = await client.query(
        `UPDATE conflicts SET status = 'resolved', resolution = $1, note = $2, resolved_by = $3, resolved_at = $4
         WHERE id = $5 RETURNING ${CONFLICT_COLUMNS}`,
        [conflictRules.resolutionOf(decision), decision.note ?? null, decision.by, Date.now(), id],
      );
      const keep = decision.keep === 'copy' ? conflict.copy : conflict.master;
      // jsonb_set/-: the snapshot changes in place, in the same statement that reads it.
      await client.query(
        `UPDATE flow_snapshots SET "values" = jsonb_set("values", ARRAY[$3::text], $4::jsonb, true),
           accepted = CASE WHEN $5::jsonb IS NULL THEN coalesce(accepted, '{}'::jsonb) - $3::text
             ELSE jsonb_set(coalesce(accepted, '{}'::jsonb), ARRAY[$3::text], $5::jsonb, true) END
         WHERE flow = $1 AND source_id = $2`,
        [
          conflict.flow,
          conflict.sourceId,
          conflict.field,
          JSON.stringify(keep ?? null),
          decision.keep === 'copy' ? JSON.stringify(conflict.master ?? null) : null,
        ],
      );
      return conflictFromRow(resolved.rows[0]);
    });
  }
}

function snapshotRow(s: FlowSnapshot) {
  return {
    source_id: s.sourceId,
    target_id: s.targetId,
    values: s.values,
    accepted: s.accepted,
    source_fingerprint: s.sourceFingerprint,
    written_fingerprint: s.writtenFingerprint,
  };
}

/** Updates the open conflict on the same record and field, or opens (or logs) a new one. */
async function recordConflict(client: pg.PoolClient, c: NewConflict, now: number): Promise<void> {
  const { status, resolution, resolvedAt } = conflictRules.outcome(c, now);
  const row = [json(c.base), json(c.copy), json(c.master), status, resolution];
  const updated = await client.query(
    `UPDATE conflicts SET base = $1::jsonb, copy = $2::jsonb, master = $3::jsonb, status = $4, resolution = $5,
       resolved_at = $6 WHERE id = (SELECT id FROM conflicts WHERE flow = $7 AND source_id = $8 AND field = $9
       AND status = 'open' ORDER BY id LIMIT 1)`,
    [...row, resolvedAt, c.flow, c.sourceId, c.field],
  );
  if (updated.rowCount) return;
  await client.query(
    `INSERT INTO conflicts (flow, source_id, target_id, field, base, copy, master, status, resolution, created_at, resolved_at)
     VALUES ($6, $7, $8, $9, $1::jsonb, $2::jsonb, $3::jsonb, $4, $5, $10, $11)`,
    [...row, c.flow, c.sourceId, c.targetId, c.field, now, resolvedAt],
  );
}
