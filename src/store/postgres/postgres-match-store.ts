import type pg from 'pg';
import type { SystemRole } from '../../connectors';
import type {
  IndexedRecord,
  MatchRequest,
  MatchStore,
  MatchView,
  NewReviewItem,
  ReviewItem,
  ReviewStatus,
} from '../match-types';
import { type ReviewRow, reviewItemFromRow } from '../review-item-from-row';
import { BufferedMatchView, type KeyedCandidate, type PendingReservation, reservationId } from './buffered-match-view';
import type { PostgresDatabase } from './open-postgres-database';
import { pgTransaction } from './pg-transaction';
import { writeReviewItems } from './write-review-items';

type Queryable = pg.Pool | pg.PoolClient;
type IndexEntry = { targetId: string; fields: Record<string, unknown>; keys: readonly string[] };

const CURSOR_PREFIX = 'match-index:';

/**
 * Blocking keys join their parts with NUL (src/dedupe/blocking-keys.ts), which PostgreSQL text
 * cannot hold. Keys are only compared, so any injective encoding does: backslashes doubled, NUL
 * written as backslash-zero.
 */
const pgKey = (key: string) => key.replaceAll('\\', '\\\\').replaceAll('\u0000', '\\0');
/** JSON columns as text, parsed by us: pg's jsonb parsing and ours must not disagree on scalars. */
const REVIEW_COLUMNS = `id, flow, kind, source_side, source_id, candidate_id, candidate_source_id, reason, score,
  explanation::text AS explanation, source_fields::text AS source_fields, status, decided_by, note, applied_at,
  created_at, decided_at`;

/**
 * {@link MatchStore} on PostgreSQL, same behaviour as the SQLite store, for several workers
 * matching at once. `matchExclusive` serialises a scope's decisions with
 * `pg_advisory_xact_lock(hashtext('match:' || scope))`: in one transaction it expires old
 * reservations, reads the candidates of every key of the page and the owners of those targets
 * (two statements, whatever the page's size), runs the synchronous decisions on them, and writes
 * their reservations and reviews before COMMIT releases the lock. A concurrent page of the same
 * scope waits and then sees them. Index writes are multi-row statements sorted by id, so two
 * workers indexing the same records lock rows in the same order.
 *
 * @example
 * const matching = new PostgresMatchStore(await openPostgresDatabase(env.DATABASE_URL));
 */
export class PostgresMatchStore implements MatchStore {
  constructor(private readonly state: PostgresDatabase) {}

  async matchExclusive<T>(request: MatchRequest, decide: (view: MatchView) => T): Promise<T> {
    const { scope } = request;
    return pgTransaction(this.state.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('match:' || $1))`, [scope]);
      await client.query(
        `WITH gone AS (DELETE FROM match_index WHERE scope = $1 AND pending_source_id IS NOT NULL
           AND updated_at < $2 RETURNING target_id)
         DELETE FROM match_index_keys WHERE scope = $1 AND target_id IN (SELECT target_id FROM gone)`,
        [scope, Date.now() - request.reservationTtlMs],
      );
      const rows = await readCandidates(client, scope, request.keys);
      const asked = new Set([...request.targetIds, ...rows.filter((r) => !r.pendingSourceId).map((r) => r.targetId)]);
      const owners = await readOwners(client, request.kind, request.targetSide, [...asked]);
      const view = new BufferedMatchView(request.keys, rows, owners, asked);
      const result = decide(view);
      await writeReservations(client, scope, [...view.reservations.values()]);
      await writeReviewItems(client, [...view.reviews.values()]);
      if (view.applied.size) await markApplied(client, [...view.applied]);
      return result;
    });
  }

  async candidates(scope: string, keys: readonly string[]): Promise<IndexedRecord[]> {
    const unique = new Map<string, IndexedRecord>();
    for (const row of await readCandidates(this.state.pool, scope, keys)) {
      const { key, ...record } = row;
      unique.set(record.targetId, record);
    }
    return [...unique.values()];
  }

  async index(scope: string, records: readonly IndexEntry[]): Promise<void> {
    if (!records.length) return;
    await pgTransaction(this.state.pool, (client) => putRecords(client, scope, records));
  }

  async release(scope: string, sourceIds: readonly string[]): Promise<void> {
    if (!sourceIds.length) return;
    const ids = sourceIds.map(reservationId);
    await pgTransaction(this.state.pool, async (client) => {
      await client.query('DELETE FROM match_index WHERE scope = $1 AND target_id = ANY($2::text[])', [scope, ids]);
      await client.query('DELETE FROM match_index_keys WHERE scope = $1 AND target_id = ANY($2::text[])', [scope, ids]);
    });
  }

  async dropOtherScopes(flow: string, keep: string): Promise<void> {
    await pgTransaction(this.state.pool, async (client) => {
      const { rows } = await client.query<{ scope: string }>(
        `SELECT DISTINCT scope FROM match_index WHERE starts_with(scope, $1 || '#') AND scope <> $2`,
        [flow, keep],
      );
      const scopes = rows.map((r) => r.scope);
      if (!scopes.length) return;
      await client.query('DELETE FROM match_index WHERE scope = ANY($1::text[])', [scopes]);
      await client.query('DELETE FROM match_index_keys WHERE scope = ANY($1::text[])', [scopes]);
      await client.query('UPDATE cursors SET cursor = NULL, updated_at = $2 WHERE flow = ANY($1::text[])', [
        scopes.map((s) => CURSOR_PREFIX + s),
        Date.now(),
      ]);
    });
  }

  async indexCursor(scope: string): Promise<string | null> {
    const { rows } = await this.state.pool.query<{ cursor: string | null }>(
      'SELECT cursor FROM cursors WHERE flow = $1',
      [CURSOR_PREFIX + scope],
    );
    return rows[0]?.cursor ?? null;
  }

  async setIndexCursor(scope: string, cursor: string): Promise<void> {
    await this.state.pool.query(
      `INSERT INTO cursors (flow, cursor, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (flow) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
      [CURSOR_PREFIX + scope, cursor, Date.now()],
    );
  }

  async recordReview(item: NewReviewItem): Promise<void> {
    await writeReviewItems(this.state.pool, [item]);
  }

  async reviewsOf(flow: string, sourceIds: readonly string[]): Promise<Map<string, ReviewItem>> {
    if (!sourceIds.length) return new Map();
    const { rows } = await this.state.pool.query<ReviewRow>(
      `SELECT ${REVIEW_COLUMNS} FROM review_items WHERE flow = $1 AND source_id = ANY($2::text[])`,
      [flow, [...sourceIds]],
    );
    return new Map(rows.map((r) => [r.source_id, reviewItemFromRow(r)]));
  }

  async listReviews(filter: { flow?: string; status?: ReviewStatus; limit?: number } = {}): Promise<ReviewItem[]> {
    const { rows } = await this.state.pool.query<ReviewRow>(
      `SELECT ${REVIEW_COLUMNS} FROM review_items WHERE ($1::text IS NULL OR flow = $1)
       AND ($2::text IS NULL OR status = $2) ORDER BY id LIMIT $3`,
      [filter.flow ?? null, filter.status ?? null, filter.limit ?? 100],
    );
    return rows.map(reviewItemFromRow);
  }

  async getReview(id: number): Promise<ReviewItem | undefined> {
    const { rows } = await this.state.pool.query<ReviewRow>(
      `SELECT ${REVIEW_COLUMNS} FROM review_items WHERE id = $1`,
      [id],
    );
    return rows[0] && reviewItemFromRow(rows[0]);
  }

  async decide(id: number, status: Exclude<ReviewStatus, 'pending'>, by: string, note?: string): Promise<ReviewItem> {
    await this.state.pool.query(
      `UPDATE review_items SET status = $2, decided_by = $3, note = $4, decided_at = $5
       WHERE id = $1 AND status = 'pending'`,
      [id, status, by, note ?? null, Date.now()],
    );
    return (await this.getReview(id))!;
  }

  async undelivered(flow: string): Promise<ReviewItem[]> {
    const { rows } = await this.state.pool.query<ReviewRow>(
      `SELECT ${REVIEW_COLUMNS} FROM review_items WHERE flow = $1 AND status <> 'pending' AND decided_by <> 'engine'
       AND applied_at IS NULL ORDER BY id`,
      [flow],
    );
    return rows.map(reviewItemFromRow);
  }

  async markApplied(ids: readonly number[]): Promise<void> {
    await markApplied(this.state.pool, ids);
  }

  async linkedSource(kind: string, targetSide: SystemRole, targetId: string): Promise<string | undefined> {
    return (await readOwners(this.state.pool, kind, targetSide, [targetId])).get(targetId);
  }

  async aliasesOf(kind: string, sourceIds: readonly string[]): Promise<Map<string, string>> {
    if (!sourceIds.length) return new Map();
    const { rows } = await this.state.pool.query<{ source_id: string; candidate_source_id: string }>(
      `SELECT source_id, candidate_source_id FROM review_items WHERE kind = $1 AND status = 'merged'
       AND candidate_source_id IS NOT NULL AND source_id = ANY($2::text[])`,
      [kind, [...sourceIds]],
    );
    return new Map(rows.map((r) => [r.source_id, r.candidate_source_id]));
  }
}

/** Every (key, record) pair of the scope under `keys`: the view needs to know which key found what. */
async function readCandidates(db: Queryable, scope: string, keys: readonly string[]): Promise<KeyedCandidate[]> {
  if (!keys.length) return [];
  const original = new Map(keys.map((k) => [pgKey(k), k]));
  const { rows } = await db.query<{
    key: string;
    target_id: string;
    fields: string;
    pending_source_id: string | null;
    updated_at: string;
  }>(
    `SELECT k.key, i.target_id, i.fields::text AS fields, i.pending_source_id, i.updated_at
     FROM match_index_keys k JOIN match_index i ON i.scope = k.scope AND i.target_id = k.target_id
     WHERE k.scope = $1 AND k.key = ANY($2::text[])`,
    [scope, [...original.keys()]],
  );
  const parsed = new Map<string, Record<string, unknown>>();
  return rows.map((r) => {
    // A record found under several keys is parsed once and shared, as the SQLite store does.
    const fields = parsed.get(r.target_id) ?? (JSON.parse(r.fields) as Record<string, unknown>);
    parsed.set(r.target_id, fields);
    return {
      key: original.get(r.key) ?? r.key,
      targetId: r.target_id,
      fields,
      pendingSourceId: r.pending_source_id,
      updatedAt: Number(r.updated_at),
    };
  });
}

/** Target id -> the source record linked to it, for the targets given. */
async function readOwners(
  db: Queryable,
  kind: string,
  targetSide: SystemRole,
  targetIds: readonly string[],
): Promise<Map<string, string>> {
  if (!targetIds.length) return new Map();
  const [target, source] = targetSide === 'erp' ? ['erp_id', 'crm_id'] : ['crm_id', 'erp_id'];
  const { rows } = await db.query<{ target: string; source: string }>(
    `SELECT ${target} AS target, ${source} AS source FROM xrefs WHERE kind = $1 AND ${target} = ANY($2::text[])`,
    [kind, [...targetIds]],
  );
  return new Map(rows.map((r) => [r.target, r.source]));
}

function writeReservations(client: pg.PoolClient, scope: string, reservations: readonly PendingReservation[]) {
  return putRecords(
    client,
    scope,
    reservations.map((r) => ({
      targetId: reservationId(r.sourceId),
      fields: r.fields,
      keys: r.keys,
      pending: r.sourceId,
    })),
  );
}

/**
 * Upserts records with their keys in three statements: rows, old keys deleted, new keys. An entry
 * with `pending` is a reservation for that source record, else a real record.
 */
async function putRecords(
  client: pg.PoolClient,
  scope: string,
  entries: readonly (IndexEntry & { pending?: string })[],
): Promise<void> {
  if (!entries.length) return;
  // One statement may not update a row twice; the last entry of an id wins, as successive puts would.
  const byId = [...new Map(entries.map((e) => [e.targetId, e])).values()].sort((a, b) =>
    a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0,
  );
  const ids = byId.map((e) => e.targetId);
  await client.query(
    `INSERT INTO match_index (scope, target_id, fields, pending_source_id, updated_at)
     SELECT $1, r.target_id, r.fields, r.pending, $3 FROM jsonb_to_recordset($2::jsonb)
       AS r(target_id text, fields jsonb, pending text)
     ON CONFLICT (scope, target_id) DO UPDATE SET fields = excluded.fields,
       pending_source_id = excluded.pending_source_id, updated_at = excluded.updated_at`,
    [
      scope,
      JSON.stringify(byId.map((e) => ({ target_id: e.targetId, fields: e.fields, pending: e.pending ?? null }))),
      Date.now(),
    ],
  );
  await client.query('DELETE FROM match_index_keys WHERE scope = $1 AND target_id = ANY($2::text[])', [scope, ids]);
  const keys = byId.flatMap((e) => e.keys.map((key) => [pgKey(key), e.targetId]));
  await client.query(
    `INSERT INTO match_index_keys (scope, key, target_id) SELECT $1, k.key, k.target_id
     FROM unnest($2::text[], $3::text[]) AS k(key, target_id) ON CONFLICT DO NOTHING`,
    [scope, keys.map(([key]) => key), keys.map(([, id]) => id)],
  );
}

async function markApplied(db: Queryable, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await db.query('UPDATE review_items SET applied_at = $1 WHERE id = ANY($2::bigint[])', [Date.now(), [...ids]]);
}
