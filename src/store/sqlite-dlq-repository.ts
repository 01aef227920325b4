import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { StateDatabase } from './database';
import { dlqFilterSql } from './dlq-filter-sql';
import { dlqItemRow } from './dlq-item-row';
import type { DlqAttempt, DlqFailure, DlqFilter, DlqItem, DlqPage, DlqRepository } from './dlq-types';
import { dlqAttempts, dlqItems } from './schema';

/**
 * The dead-letter queue on the embedded SQLite database. Items are keyed by (flow, source id),
 * so recording the same failure twice (a dead job's handler redelivered, a failed replay)
 * updates one item and appends its attempts.
 *
 * @example
 * const dlq = new SqliteDlqRepository(openDatabase('./data/bridge.db'));
 * const { items, total } = await dlq.list({ flow: 'contacts-to-contacts', code: 'permission_denied' }, { limit: 50 });
 */
export class SqliteDlqRepository implements DlqRepository {
  constructor(private readonly state: StateDatabase) {}

  /** Keeps the failed attempts of records their job will retry, for the DLQ item they may become. */
  async recordAttempts(jobId: string, attempt: DlqAttempt, sourceIds: readonly string[]): Promise<void> {
    if (sourceIds.length === 0) return;
    this.state.sqlite.transaction(() => {
      for (const sourceId of sourceIds) {
        this.state.db
          .insert(dlqAttempts)
          .values({ jobId, sourceId, ...attempt })
          .onConflictDoNothing()
          .run();
      }
    })();
  }

  /** Forgets the retried attempts of a job whose page is done. */
  async dropAttempts(jobId: string): Promise<void> {
    this.state.db.delete(dlqAttempts).where(eq(dlqAttempts.jobId, jobId)).run();
  }

  /** Adds or reopens one item per failed record; returns their ids in input order. */
  async addFailures(failures: readonly DlqFailure[]): Promise<string[]> {
    const ids: string[] = [];
    this.state.sqlite.transaction(() => {
      const now = Date.now();
      for (const f of failures) {
        const existing = this.state.db
          .select()
          .from(dlqItems)
          .where(and(eq(dlqItems.flow, f.flow), eq(dlqItems.sourceId, f.record.id)))
          .get();
        const retried = f.jobId ? this.takeAttempts(f.jobId, f.record.id) : [];
        const values = dlqItemRow.values(f, existing?.attempts, retried, now);
        if (existing) {
          this.state.db.update(dlqItems).set(values).where(eq(dlqItems.id, existing.id)).run();
          ids.push(existing.id);
        } else {
          const id = randomUUID();
          this.state.db
            .insert(dlqItems)
            .values({ id, flow: f.flow, sourceId: f.record.id, createdAt: now, ...values })
            .run();
          ids.push(id);
        }
      }
    })();
    return ids;
  }

  /** Items matching `filter`, most recently failed first. */
  async list(filter: DlqFilter = {}, paging: { limit?: number; offset?: number } = {}): Promise<DlqPage> {
    const where = dlqFilterSql(dlqItems, filter);
    const total = this.state.db.select({ n: count() }).from(dlqItems).where(where).get()?.n ?? 0;
    const rows = this.state.db
      .select()
      .from(dlqItems)
      .where(where)
      .orderBy(desc(dlqItems.updatedAt), desc(dlqItems.id))
      .limit(paging.limit ?? 50)
      .offset(paging.offset ?? 0)
      .all();
    return { items: rows.map(dlqItemRow.toItem), total };
  }

  /** Open-item counts by error code (for reports and the chaos figures). */
  async countByCode(filter: DlqFilter = {}): Promise<Record<string, number>> {
    const rows = this.state.db
      .select({ code: dlqItems.errorCode, n: count() })
      .from(dlqItems)
      .where(dlqFilterSql(dlqItems, filter))
      .groupBy(dlqItems.errorCode)
      .all();
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  /** One item, or undefined. */
  async get(id: string): Promise<DlqItem | undefined> {
    const row = this.state.db.select().from(dlqItems).where(eq(dlqItems.id, id)).get();
    return row ? dlqItemRow.toItem(row) : undefined;
  }

  /** The open item of one record of a flow, if any. */
  async findOpen(flow: string, sourceId: string): Promise<DlqItem | undefined> {
    const row = this.state.db
      .select()
      .from(dlqItems)
      .where(and(eq(dlqItems.flow, flow), eq(dlqItems.sourceId, sourceId), eq(dlqItems.status, 'open')))
      .get();
    return row ? dlqItemRow.toItem(row) : undefined;
  }

  /** Of `sourceIds`, those with an open item recorded by run `runId` of `flow`. */
  async openInRun(flow: string, runId: string, sourceIds: readonly string[]): Promise<Set<string>> {
    if (sourceIds.length === 0) return new Set();
    const rows = this.state.db
      .select({ sourceId: dlqItems.sourceId })
      .from(dlqItems)
      .where(
        and(
          eq(dlqItems.flow, flow),
          eq(dlqItems.runId, runId),
          eq(dlqItems.status, 'open'),
          inArray(dlqItems.sourceId, [...sourceIds]),
        ),
      )
      .all();
    return new Set(rows.map((r) => r.sourceId));
  }

  /** Closes open items as `replayed` or `discarded` with a reason; returns how many changed. */
  async resolve(ids: readonly string[], status: 'replayed' | 'discarded', resolution: string): Promise<number> {
    if (ids.length === 0) return 0;
    const now = Date.now();
    let changed = 0;
    for (let i = 0; i < ids.length; i += 500) {
      changed += this.state.db
        .update(dlqItems)
        .set({ status, resolution, resolvedAt: now, updatedAt: now })
        .where(and(inArray(dlqItems.id, ids.slice(i, i + 500)), eq(dlqItems.status, 'open')))
        .run().changes;
    }
    return changed;
  }

  private takeAttempts(jobId: string, sourceId: string): DlqAttempt[] {
    const where = and(eq(dlqAttempts.jobId, jobId), eq(dlqAttempts.sourceId, sourceId));
    const rows = this.state.db.select().from(dlqAttempts).where(where).orderBy(dlqAttempts.attempt).all();
    this.state.db.delete(dlqAttempts).where(where).run();
    return rows.map(({ at, attempt, code, message, status }) => ({ at, attempt, code, message, status }));
  }
}
