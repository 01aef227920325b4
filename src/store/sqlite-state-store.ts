import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { SystemRole } from '../connectors';
import type { StateDatabase } from './database';
import { historyRow } from './history-row';
import { pairSlots } from './pair-slots';
import { runProgressSql } from './run-progress-sql';
import { cursors, recordHistory, runs } from './schema';
import { SqliteHotStatements } from './sqlite-hot-statements';
import { SqliteMatchStore } from './sqlite-match-store';
import { SqliteOwnershipStore } from './sqlite-ownership-store';
import type { PageCommit, Run, StateStore, Xref } from './state-types';

/**
 * {@link StateStore} on the embedded SQLite database. better-sqlite3 is synchronous, so each
 * method runs to completion before it resolves, and `commitPage` is one transaction.
 *
 * @example
 * const store = new SqliteStateStore(openDatabase('./data/bridge.db'));
 */
export class SqliteStateStore implements StateStore {
  private readonly hot: SqliteHotStatements;
  readonly matching: SqliteMatchStore;
  readonly ownership: SqliteOwnershipStore;

  constructor(private readonly state: StateDatabase) {
    this.hot = new SqliteHotStatements(state.sqlite);
    this.matching = new SqliteMatchStore(state.sqlite);
    this.ownership = new SqliteOwnershipStore(state.sqlite);
  }

  async findXrefs(kind: string, side: SystemRole, ids: readonly string[]): Promise<Map<string, Xref>> {
    return this.hot.find(kind, side, ids);
  }

  async getCursor(flow: string): Promise<string | null> {
    return this.state.db.select().from(cursors).where(eq(cursors.flow, flow)).get()?.cursor ?? null;
  }

  async setCursor(flow: string, cursor: string): Promise<void> {
    this.state.db
      .insert(cursors)
      .values({ flow, cursor, updatedAt: Date.now() })
      .onConflictDoUpdate({ target: cursors.flow, set: { cursor, updatedAt: Date.now() } })
      .run();
  }

  async startRun(flow: string, trigger: string): Promise<Run> {
    const id = randomUUID();
    this.state.db.insert(runs).values({ id, flow, trigger, status: 'running', startedAt: Date.now() }).run();
    return this.mustGetRun(id);
  }

  async addRunPages(runId: string, pages: number, read: number): Promise<void> {
    this.state.db
      .update(runs)
      .set({ pagesTotal: sql`${runs.pagesTotal} + ${pages}`, read: sql`${runs.read} + ${read}` })
      // After finishReading the totals are exact: a late estimate would leave the run open forever.
      .where(and(eq(runs.id, runId), eq(runs.readingDone, false)))
      .run();
  }

  async finishReading(runId: string, outcome: { pagesTotal: number; read: number } | { error: string }): Promise<Run> {
    const set = runProgressSql.readingDone(outcome, Date.now());
    this.state.sqlite.transaction(() => {
      this.state.db.update(runs).set(set).where(eq(runs.id, runId)).run();
      this.closeRunIfDone(runId);
    })();
    return this.mustGetRun(runId);
  }

  async commitPage(commit: PageCommit): Promise<Run> {
    this.state.sqlite.transaction(() => {
      const now = Date.now();
      for (const link of commit.links) {
        const [crmId, erpId] =
          commit.sourceSide === 'crm' ? [link.sourceId, link.targetId] : [link.targetId, link.sourceId];
        this.hot.upsert(commit.sourceSide, {
          kind: commit.kind,
          crmId,
          erpId,
          sourceFingerprint: link.sourceFingerprint,
          writtenFingerprint: link.writtenFingerprint,
          mappingVersion: link.mappingVersion,
          ...pairSlots(commit, crmId, erpId),
          now,
        });
      }
      for (const also of commit.alsoLinks ?? []) this.hot.upsertAlsoLink({ ...also, now });
      for (const h of commit.history) this.hot.insertHistory.run(historyRow(h, commit, now, JSON.stringify));
      this.state.db.update(runs).set(runProgressSql.pageCounts(runs, commit)).where(eq(runs.id, commit.runId)).run();
      this.closeRunIfDone(commit.runId);
    })();
    return this.mustGetRun(commit.runId);
  }

  async getRun(id: string): Promise<Run | undefined> {
    return this.state.db.select().from(runs).where(eq(runs.id, id)).get();
  }

  async listRuns(options: { flow?: string; limit?: number } = {}): Promise<Run[]> {
    const query = this.state.db.select().from(runs);
    const filtered = options.flow ? query.where(eq(runs.flow, options.flow)) : query;
    return filtered
      .orderBy(desc(runs.startedAt))
      .limit(options.limit ?? 50)
      .all();
  }

  async history(flow: string, sourceId: string) {
    const rows = this.state.db
      .select()
      .from(recordHistory)
      .where(and(eq(recordHistory.flow, flow), eq(recordHistory.sourceId, sourceId)))
      .orderBy(asc(recordHistory.id))
      .all();
    return rows.map((r) => ({ ...r, action: r.action }));
  }

  private closeRunIfDone(runId: string): void {
    const { set, where } = runProgressSql.close(runs, runId);
    this.state.db.update(runs).set(set).where(where).run();
  }

  private mustGetRun(id: string): Run {
    const run = this.state.db.select().from(runs).where(eq(runs.id, id)).get();
    if (!run) throw new Error(`run ${id} does not exist`);
    return run;
  }
}
