import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { dlqFilterSql } from '../dlq-filter-sql';
import { dlqItemRow } from '../dlq-item-row';
import type { DlqAttempt, DlqFailure, DlqFilter, DlqItem, DlqPage, DlqRepository } from '../dlq-types';
import type { PostgresDatabase } from './open-postgres-database';
import { dlqAttempts, dlqItems } from './schema';

type ItemRow = typeof dlqItems.$inferInsert;

/**
 * The dead-letter queue on PostgreSQL; same behaviour as the SQLite repository (one item per
 * flow and source id, retried attempts folded in). A batch of failures costs a fixed number of
 * statements: one read of the existing items (locked, so two workers do not both append), one
 * of the job's retried attempts, one multi-row upsert and one delete.
 *
 * @example
 * const dlq = new PostgresDlqRepository(await openPostgresDatabase(url));
 * const { items, total } = await dlq.list({ code: 'permission_denied' }, { limit: 50 });
 */
export class PostgresDlqRepository implements DlqRepository {
  constructor(private readonly state: PostgresDatabase) {}

  async recordAttempts(jobId: string, attempt: DlqAttempt, sourceIds: readonly string[]): Promise<void> {
    if (sourceIds.length === 0) return;
    await this.state.db
      .insert(dlqAttempts)
      .values([...new Set(sourceIds)].map((sourceId) => ({ jobId, sourceId, ...attempt })))
      .onConflictDoNothing();
  }

  async dropAttempts(jobId: string): Promise<void> {
    await this.state.db.delete(dlqAttempts).where(eq(dlqAttempts.jobId, jobId));
  }

  async addFailures(failures: readonly DlqFailure[]): Promise<string[]> {
    if (failures.length === 0) return [];
    return this.state.db.transaction(async (tx) => {
      const now = Date.now();
      const existing = await tx
        .select()
        .from(dlqItems)
        .where(
          sql`(${dlqItems.flow}, ${dlqItems.sourceId}) IN (${sql.join(
            failures.map((f) => sql`(${f.flow}, ${f.record.id})`),
            sql`, `,
          )})`,
        )
        .for('update');
      const rows = new Map<string, ItemRow>(existing.map((r) => [`${r.flow}\u0000${r.sourceId}`, r]));
      const earlier = await takeAttempts(tx, failures);
      for (const f of failures) {
        const key = `${f.flow}\u0000${f.record.id}`;
        const previous = rows.get(key);
        const retried = f.jobId ? (earlier.get(`${f.jobId}\u0000${f.record.id}`) ?? []) : [];
        rows.set(key, {
          id: previous?.id ?? randomUUID(),
          flow: f.flow,
          sourceId: f.record.id,
          createdAt: previous?.createdAt ?? now,
          ...dlqItemRow.values(f, previous?.attempts, retried, now),
        });
      }
      const keys = new Set(failures.map((f) => `${f.flow}\u0000${f.record.id}`));
      const written = [...rows.entries()].filter(([key]) => keys.has(key)).map(([, row]) => row);
      const excluded = (column: string) => sql.raw(`excluded.${column}`);
      await tx
        .insert(dlqItems)
        .values(written)
        .onConflictDoUpdate({
          target: [dlqItems.flow, dlqItems.sourceId],
          set: Object.fromEntries(
            [
              ['sourceRecord', 'source_record'],
              ['mappingVersion', 'mapping_version'],
              ['runId', 'run_id'],
              ['errorCode', 'error_code'],
              ['errorMessage', 'error_message'],
              ['httpStatus', 'http_status'],
              ['responseExcerpt', 'response_excerpt'],
              ['attempts', 'attempts'],
              ['status', 'status'],
              ['resolution', 'resolution'],
              ['resolvedAt', 'resolved_at'],
              ['updatedAt', 'updated_at'],
            ].map(([field, column]) => [field, excluded(column as string)]),
          ),
        });
      return failures.map((f) => rows.get(`${f.flow}\u0000${f.record.id}`)?.id as string);
    });
  }

  async list(filter: DlqFilter = {}, paging: { limit?: number; offset?: number } = {}): Promise<DlqPage> {
    const where = dlqFilterSql(dlqItems, filter);
    const [total] = await this.state.db.select({ n: count() }).from(dlqItems).where(where);
    const rows = await this.state.db
      .select()
      .from(dlqItems)
      .where(where)
      .orderBy(desc(dlqItems.updatedAt), desc(dlqItems.id))
      .limit(paging.limit ?? 50)
      .offset(paging.offset ?? 0);
    return { items: rows.map(dlqItemRow.toItem), total: total?.n ?? 0 };
  }

  async countByCode(filter: DlqFilter = {}): Promise<Record<string, number>> {
    const rows = await this.state.db
      .select({ code: dlqItems.errorCode, n: count() })
      .from(dlqItems)
      .where(dlqFilterSql(dlqItems, filter))
      .groupBy(dlqItems.errorCode);
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  async get(id: string): Promise<DlqItem | undefined> {
    const [row] = await this.state.db.select().from(dlqItems).where(eq(dlqItems.id, id));
    return row ? dlqItemRow.toItem(row) : undefined;
  }

  async findOpen(flow: string, sourceId: string): Promise<DlqItem | undefined> {
    const [row] = await this.state.db
      .select()
      .from(dlqItems)
      .where(and(eq(dlqItems.flow, flow), eq(dlqItems.sourceId, sourceId), eq(dlqItems.status, 'open')));
    return row ? dlqItemRow.toItem(row) : undefined;
  }

  async openInRun(flow: string, runId: string, sourceIds: readonly string[]): Promise<Set<string>> {
    if (sourceIds.length === 0) return new Set();
    const rows = await this.state.db
      .select({ sourceId: dlqItems.sourceId })
      .from(dlqItems)
      .where(
        and(
          eq(dlqItems.flow, flow),
          eq(dlqItems.runId, runId),
          eq(dlqItems.status, 'open'),
          inArray(dlqItems.sourceId, [...sourceIds]),
        ),
      );
    return new Set(rows.map((r) => r.sourceId));
  }

  async resolve(ids: readonly string[], status: 'replayed' | 'discarded', resolution: string): Promise<number> {
    if (ids.length === 0) return 0;
    const now = Date.now();
    const changed = await this.state.db
      .update(dlqItems)
      .set({ status, resolution, resolvedAt: now, updatedAt: now })
      .where(and(inArray(dlqItems.id, [...ids]), eq(dlqItems.status, 'open')))
      .returning({ id: dlqItems.id });
    return changed.length;
  }
}

type Tx = Parameters<Parameters<PostgresDatabase['db']['transaction']>[0]>[0];

/** Removes and returns the retried attempts of the failures' jobs, by `job\0source`, oldest first. */
async function takeAttempts(tx: Tx, failures: readonly DlqFailure[]): Promise<Map<string, DlqAttempt[]>> {
  const pairs = failures.filter((f) => f.jobId).map((f) => sql`(${f.jobId}, ${f.record.id})`);
  const taken = new Map<string, DlqAttempt[]>();
  if (pairs.length === 0) return taken;
  const rows = await tx
    .delete(dlqAttempts)
    .where(sql`(${dlqAttempts.jobId}, ${dlqAttempts.sourceId}) IN (${sql.join(pairs, sql`, `)})`)
    .returning();
  rows.sort((a, b) => a.attempt - b.attempt);
  for (const { jobId, sourceId, at, attempt, code, message, status } of rows) {
    const key = `${jobId}\u0000${sourceId}`;
    taken.set(key, [...(taken.get(key) ?? []), { at, attempt, code, message, status }]);
  }
  return taken;
}
