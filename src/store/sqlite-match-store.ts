import type Database from 'better-sqlite3';
import type { SystemRole } from '../connectors';
import { MatchIndexCache } from './match-index-cache';
import type {
  IndexedRecord,
  MatchRequest,
  MatchStore,
  MatchView,
  NewReviewItem,
  ReviewItem,
  ReviewStatus,
} from './match-types';
import { type ReviewRow, reviewItemFromRow } from './review-item-from-row';
import { SqliteMatchCandidates } from './sqlite-match-candidates';

const CURSOR_PREFIX = 'match-index:';

/**
 * {@link MatchStore} on the embedded SQLite database, with prepared statements: candidate lookups
 * run once per record to be created, so they are on the sync's hot path.
 *
 * @example
 * const matching = new SqliteMatchStore(openDatabase('./data/bridge.db').sqlite);
 */
export class SqliteMatchStore implements MatchStore {
  private readonly s: Record<string, Database.Statement>;
  /** The index in memory too: lookups read it, writes go to both (see {@link MatchIndexCache}). */
  private readonly cache: MatchIndexCache;
  private readonly query: SqliteMatchCandidates;

  constructor(private readonly sqlite: Database.Database) {
    this.cache = new MatchIndexCache(sqlite);
    this.query = new SqliteMatchCandidates(sqlite);
    const p = (sql: string) => sqlite.prepare(sql);
    this.s = {
      upsertRecord: p(`INSERT INTO match_index (scope, target_id, fields, pending_source_id, updated_at, keys)
        VALUES (@scope, @targetId, @fields, @pendingSourceId, @now, @keys)
        ON CONFLICT (scope, target_id) DO UPDATE SET fields = excluded.fields,
          pending_source_id = excluded.pending_source_id, updated_at = excluded.updated_at, keys = excluded.keys`),
      insertRecord: p(`INSERT OR IGNORE INTO match_index (scope, target_id, fields, pending_source_id, updated_at, keys)
        VALUES (@scope, @targetId, @fields, @pendingSourceId, @now, @keys)`),
      deleteKeys: p('DELETE FROM match_index_keys WHERE scope = ? AND target_id = ?'),
      insertKey: p('INSERT OR IGNORE INTO match_index_keys (scope, key, target_id) VALUES (?, ?, ?)'),
      deleteRecord: p('DELETE FROM match_index WHERE scope = ? AND target_id = ?'),
      expired: p(
        'SELECT target_id FROM match_index WHERE scope = ? AND pending_source_id IS NOT NULL AND updated_at < ?',
      ),
      otherScopes: p("SELECT DISTINCT scope FROM match_index WHERE scope LIKE ? || '#%' AND scope <> ?"),
      dropScope: p('DELETE FROM match_index WHERE scope = ?'),
      dropScopeKeys: p('DELETE FROM match_index_keys WHERE scope = ?'),
      cursor: p('SELECT cursor FROM cursors WHERE flow = ?'),
      setCursor: p(`INSERT INTO cursors (flow, cursor, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (flow) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`),
      recordReview: p(`INSERT INTO review_items (flow, kind, source_side, source_id, candidate_id, candidate_source_id,
          reason, score, explanation, source_fields, status, decided_by, applied_at, created_at, decided_at)
        VALUES (@flow, @kind, @sourceSide, @sourceId, @candidateId, @candidateSourceId, @reason, @score, @explanation,
          @sourceFields, @status, @decidedBy, NULL, @now, @decidedAt)
        ON CONFLICT (flow, source_id) DO UPDATE SET kind = excluded.kind, candidate_id = excluded.candidate_id,
          candidate_source_id = excluded.candidate_source_id, reason = excluded.reason, score = excluded.score,
          explanation = excluded.explanation, source_fields = excluded.source_fields, status = excluded.status,
          decided_by = excluded.decided_by, note = NULL, applied_at = NULL, created_at = excluded.created_at,
          decided_at = excluded.decided_at`),
      reviewsOf: p('SELECT * FROM review_items WHERE flow = ? AND source_id IN (SELECT value FROM json_each(?))'),
      getReview: p('SELECT * FROM review_items WHERE id = ?'),
      decide: p(`UPDATE review_items SET status = @status, decided_by = @by, note = @note, decided_at = @now
        WHERE id = @id AND status = 'pending'`),
      undelivered: p(`SELECT * FROM review_items WHERE flow = ? AND status <> 'pending' AND decided_by <> 'engine'
        AND applied_at IS NULL ORDER BY id`),
      aliases: p(`SELECT source_id, candidate_source_id FROM review_items WHERE kind = ? AND status = 'merged'
        AND candidate_source_id IS NOT NULL AND source_id IN (SELECT value FROM json_each(?))`),
      sourceOfErp: p('SELECT crm_id AS id FROM xrefs WHERE kind = ? AND erp_id = ?'),
      sourceOfCrm: p('SELECT erp_id AS id FROM xrefs WHERE kind = ? AND crm_id = ?'),
      markApplied: p('UPDATE review_items SET applied_at = ? WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  /**
   * One immediate write transaction, run to completion before it resolves: better-sqlite3 is
   * synchronous, so no other async work on this connection can run inside it. The view reads and
   * writes the database directly, so a page's own reservations are candidates of its later records.
   */
  async matchExclusive<T>(request: MatchRequest, decide: (view: MatchView) => T): Promise<T> {
    const { scope, kind, targetSide } = request;
    const view: MatchView = {
      candidates: (keys) => this.candidatesNow(scope, keys),
      linkedSource: (targetId) => this.linkedSourceNow(kind, targetSide, targetId),
      reserve: (sourceId, fields, keys) => this.put(scope, reservationId(sourceId), fields, keys, sourceId, Date.now()),
      recordReview: (item) => this.recordReviewNow(item),
      markApplied: (ids) => this.markAppliedNow(ids),
    };
    return this.cache.run(
      () => {
        this.expireReservations(scope, request.reservationTtlMs);
        return decide(view);
      },
      { immediate: true, savepoint: true },
    );
  }

  async candidates(scope: string, keys: readonly string[]): Promise<IndexedRecord[]> {
    return this.candidatesNow(scope, keys);
  }

  private candidatesNow(scope: string, keys: readonly string[]): IndexedRecord[] {
    if (!keys.length) return [];
    return this.cache.candidates(scope, keys) ?? this.query.find(scope, keys);
  }

  async index(
    scope: string,
    records: readonly { targetId: string; fields: Record<string, unknown>; keys: string[] }[],
  ): Promise<void> {
    const now = Date.now();
    this.cache.run(
      () => {
        for (const record of records) this.put(scope, record.targetId, record.fields, record.keys, null, now);
      },
      { savepoint: true },
    );
  }

  async release(scope: string, sourceIds: readonly string[]): Promise<void> {
    this.cache.run(
      () => {
        for (const id of sourceIds) this.remove(scope, reservationId(id));
      },
      { savepoint: true },
    );
  }

  private expireReservations(scope: string, olderThanMs: number): void {
    const rows = this.s.expired!.all(scope, Date.now() - olderThanMs) as { target_id: string }[];
    if (rows.length) this.cache.run(() => rows.map((row) => this.remove(scope, row.target_id)));
  }

  async dropOtherScopes(flow: string, keep: string): Promise<void> {
    const rows = this.s.otherScopes!.all(flow, keep) as { scope: string }[];
    if (!rows.length) return;
    this.cache.run(() => {
      for (const { scope } of rows) {
        this.s.dropScope!.run(scope);
        this.s.dropScopeKeys!.run(scope);
        this.s.setCursor!.run(CURSOR_PREFIX + scope, null, Date.now());
        this.cache.dropScope(scope);
      }
    });
  }

  async indexCursor(scope: string): Promise<string | null> {
    return (this.s.cursor!.get(CURSOR_PREFIX + scope) as { cursor: string | null } | undefined)?.cursor ?? null;
  }

  async setIndexCursor(scope: string, cursor: string): Promise<void> {
    this.s.setCursor!.run(CURSOR_PREFIX + scope, cursor, Date.now());
  }

  async recordReview(item: NewReviewItem): Promise<void> {
    this.recordReviewNow(item);
  }

  private recordReviewNow(item: NewReviewItem): void {
    const now = Date.now();
    this.s.recordReview!.run({
      ...item,
      explanation: JSON.stringify(item.explanation),
      sourceFields: item.sourceFields === undefined ? null : JSON.stringify(item.sourceFields),
      decidedBy: item.decidedBy ?? null,
      decidedAt: item.status === 'pending' ? null : now,
      now,
    });
  }

  async reviewsOf(flow: string, sourceIds: readonly string[]): Promise<Map<string, ReviewItem>> {
    const rows = this.s.reviewsOf!.all(flow, JSON.stringify(sourceIds)) as ReviewRow[];
    return new Map(rows.map((r) => [r.source_id, reviewItemFromRow(r)]));
  }

  async listReviews(filter: { flow?: string; status?: ReviewStatus; limit?: number } = {}): Promise<ReviewItem[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.flow) {
      where.push('flow = ?');
      args.push(filter.flow);
    }
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    const sql = `SELECT * FROM review_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    const rows = this.sqlite.prepare(sql).all(...args, filter.limit ?? 100) as ReviewRow[];
    return rows.map(reviewItemFromRow);
  }

  async getReview(id: number): Promise<ReviewItem | undefined> {
    const row = this.s.getReview!.get(id) as ReviewRow | undefined;
    return row ? reviewItemFromRow(row) : undefined;
  }

  async decide(id: number, status: Exclude<ReviewStatus, 'pending'>, by: string, note?: string): Promise<ReviewItem> {
    this.s.decide!.run({ id, status, by, note: note ?? null, now: Date.now() });
    return (await this.getReview(id))!;
  }

  async undelivered(flow: string): Promise<ReviewItem[]> {
    return (this.s.undelivered!.all(flow) as ReviewRow[]).map(reviewItemFromRow);
  }

  async markApplied(ids: readonly number[]): Promise<void> {
    this.markAppliedNow(ids);
  }

  private markAppliedNow(ids: readonly number[]): void {
    this.s.markApplied!.run(Date.now(), JSON.stringify(ids));
  }

  async linkedSource(kind: string, targetSide: SystemRole, targetId: string): Promise<string | undefined> {
    return this.linkedSourceNow(kind, targetSide, targetId);
  }

  private linkedSourceNow(kind: string, targetSide: SystemRole, targetId: string): string | undefined {
    const statement = targetSide === 'erp' ? this.s.sourceOfErp! : this.s.sourceOfCrm!;
    return (statement.get(kind, targetId) as { id: string } | undefined)?.id;
  }

  async aliasesOf(kind: string, sourceIds: readonly string[]): Promise<Map<string, string>> {
    if (!sourceIds.length) return new Map();
    const rows = this.s.aliases!.all(kind, JSON.stringify(sourceIds)) as {
      source_id: string;
      candidate_source_id: string;
    }[];
    return new Map(rows.map((r) => [r.source_id, r.candidate_source_id]));
  }

  private put(
    scope: string,
    targetId: string,
    fields: Record<string, unknown>,
    keys: readonly string[],
    pendingSourceId: string | null,
    now: number,
  ): void {
    // A reservation keeps its keys in its row: it is gone again once its page commits.
    const reservation = pendingSourceId !== null;
    const row = { scope, targetId, fields: JSON.stringify(fields), pendingSourceId, now, keys: null as string | null };
    if (reservation) row.keys = JSON.stringify(keys);
    // Most puts of a load are new records (reservations, just-created targets): they have no
    // old keys to delete, which saved a statement per put.
    if (this.s.insertRecord!.run(row).changes === 0) {
      this.s.upsertRecord!.run(row);
      this.s.deleteKeys!.run(scope, targetId);
    }
    if (!reservation) for (const key of keys) this.s.insertKey!.run(scope, key, targetId);
    // Values are flat strings (normalised canonical values): a frozen copy is what a query returns.
    const record = { targetId, fields: Object.freeze({ ...fields }), pendingSourceId, updatedAt: now };
    this.cache.put(scope, record, keys);
  }

  private remove(scope: string, targetId: string): void {
    this.s.deleteRecord!.run(scope, targetId);
    this.s.deleteKeys!.run(scope, targetId);
    this.cache.remove(scope, targetId);
  }
}

/** Reservations live beside real records, under an id no target system uses. */
function reservationId(sourceId: string): string {
  return `pending:${sourceId}`;
}
