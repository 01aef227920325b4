import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { SystemRole } from '../../connectors';
import { historyRow } from '../history-row';
import { pairSlots } from '../pair-slots';
import { runProgressSql } from '../run-progress-sql';
import type { AlsoLinkWrite, PageCommit, Run, StateStore, Xref, XrefWrite } from '../state-types';
import type { PostgresDatabase } from './open-postgres-database';
import { PostgresMatchStore } from './postgres-match-store';
import { PostgresOwnershipStore } from './postgres-ownership-store';
import { cursors, recordHistory, runs, xrefs } from './schema';

/** Rows per multi-row statement: far below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1_000;

type Tx = Parameters<Parameters<PostgresDatabase['db']['transaction']>[0]>[0];
type Db = PostgresDatabase['db'] | Tx;

/**
 * {@link StateStore} on PostgreSQL, for several bridge processes sharing one state. A page
 * commits in one transaction with one multi-row upsert for its links and one multi-row insert for
 * its history, so a page costs a fixed number of round trips whatever its size.
 *
 * @example
 * const store = new PostgresStateStore(await openPostgresDatabase(env.DATABASE_URL));
 */
export class PostgresStateStore implements StateStore {
  readonly matching: PostgresMatchStore;
  readonly ownership: PostgresOwnershipStore;

  constructor(private readonly state: PostgresDatabase) {
    this.matching = new PostgresMatchStore(state);
    this.ownership = new PostgresOwnershipStore(state);
  }

  async findXrefs(kind: string, side: SystemRole, ids: readonly string[]): Promise<Map<string, Xref>> {
    const found = new Map<string, Xref>();
    if (ids.length === 0) return found;
    const column = side === 'crm' ? xrefs.crmId : xrefs.erpId;
    const rows = await this.state.db
      .select({
        kind: xrefs.kind,
        crmId: xrefs.crmId,
        erpId: xrefs.erpId,
        sourceFingerprint: xrefs.sourceFingerprint,
        writtenFingerprint: xrefs.writtenFingerprint,
        mappingVersion: xrefs.mappingVersion,
        updatedAt: xrefs.updatedAt,
      })
      .from(xrefs)
      .where(and(eq(xrefs.kind, kind), inArray(column, [...ids])));
    for (const r of rows) found.set(side === 'crm' ? r.crmId : r.erpId, r);
    return found;
  }

  async getCursor(flow: string): Promise<string | null> {
    const [row] = await this.state.db.select().from(cursors).where(eq(cursors.flow, flow));
    return row?.cursor ?? null;
  }

  async setCursor(flow: string, cursor: string): Promise<void> {
    const updatedAt = Date.now();
    await this.state.db
      .insert(cursors)
      .values({ flow, cursor, updatedAt })
      .onConflictDoUpdate({ target: cursors.flow, set: { cursor, updatedAt } });
  }

  async startRun(flow: string, trigger: string): Promise<Run> {
    const [run] = await this.state.db
      .insert(runs)
      .values({ id: randomUUID(), flow, trigger, status: 'running', startedAt: Date.now() })
      .returning();
    return run as Run;
  }

  async addRunPages(runId: string, pages: number, read: number): Promise<void> {
    await this.state.db
      .update(runs)
      .set({ pagesTotal: sql`${runs.pagesTotal} + ${pages}`, read: sql`${runs.read} + ${read}` })
      // After finishReading the totals are exact: a late estimate would leave the run open forever.
      .where(and(eq(runs.id, runId), eq(runs.readingDone, false)));
  }

  async finishReading(runId: string, outcome: { pagesTotal: number; read: number } | { error: string }): Promise<Run> {
    const set = runProgressSql.readingDone(outcome, Date.now());
    return this.state.db.transaction(async (tx) => {
      await tx.update(runs).set(set).where(eq(runs.id, runId));
      return closeRunIfDone(tx, runId);
    });
  }

  async commitPage(commit: PageCommit): Promise<Run> {
    return this.state.db.transaction(async (tx) => {
      const now = Date.now();
      await upsertLinks(tx, commit, now);
      await upsertAlsoLinks(tx, commit.alsoLinks ?? [], now);
      const history = commit.history.map((h) => historyRow(h, commit, now, (v) => v));
      for (let i = 0; i < history.length; i += CHUNK) {
        await tx.insert(recordHistory).values(history.slice(i, i + CHUNK));
      }
      await tx.update(runs).set(runProgressSql.pageCounts(runs, commit)).where(eq(runs.id, commit.runId));
      return closeRunIfDone(tx, commit.runId);
    });
  }

  async getRun(id: string): Promise<Run | undefined> {
    const [run] = await this.state.db.select().from(runs).where(eq(runs.id, id));
    return run;
  }

  async listRuns(options: { flow?: string; limit?: number } = {}): Promise<Run[]> {
    return this.state.db
      .select()
      .from(runs)
      .where(options.flow ? eq(runs.flow, options.flow) : undefined)
      .orderBy(desc(runs.startedAt))
      .limit(options.limit ?? 50);
  }

  async history(flow: string, sourceId: string) {
    return this.state.db
      .select()
      .from(recordHistory)
      .where(and(eq(recordHistory.flow, flow), eq(recordHistory.sourceId, sourceId)))
      .orderBy(asc(recordHistory.id));
  }
}

/** One multi-row upsert per chunk, keyed on the source side's id as the SQLite store does. */
async function upsertLinks(tx: Tx, commit: PageCommit, now: number): Promise<void> {
  // A statement may not update one row twice: of repeated source ids, the last link wins, as
  // successive single-row upserts would have it.
  const bySource = new Map<string, XrefWrite>();
  for (const link of commit.links) bySource.set(link.sourceId, link);
  const rows = [...bySource.values()].map((link) => {
    const [crmId, erpId] =
      commit.sourceSide === 'crm' ? [link.sourceId, link.targetId] : [link.targetId, link.sourceId];
    return {
      kind: commit.kind,
      crmId,
      erpId,
      sourceFingerprint: link.sourceFingerprint,
      writtenFingerprint: link.writtenFingerprint,
      mappingVersion: link.mappingVersion,
      ...pairSlots(commit, crmId, erpId),
      createdAt: now,
      updatedAt: now,
    };
  });
  // The source side's slot is always '' (see pair-slots.ts): the conflict is on its id.
  const [key, other] =
    commit.sourceSide === 'crm'
      ? [[xrefs.crmId, xrefs.crmSlot], { erpId: sql`excluded.erp_id`, erpSlot: sql`excluded.erp_slot` }]
      : [[xrefs.erpId, xrefs.erpSlot], { crmId: sql`excluded.crm_id`, crmSlot: sql`excluded.crm_slot` }];
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insert(xrefs)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({
        target: [xrefs.kind, ...key],
        set: {
          ...other,
          sourceFingerprint: sql`excluded.source_fingerprint`,
          writtenFingerprint: sql`excluded.written_fingerprint`,
          mappingVersion: sql`excluded.mapping_version`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
}

/**
 * Inserts or moves `alsoLink` pairs, keyed on the CRM id like the SQLite store: a moved pair (the
 * deal's newer order) loses the old pair's fingerprints, so the flow owning that kind writes
 * through it; the same pair keeps them.
 */
async function upsertAlsoLinks(tx: Tx, alsoLinks: readonly AlsoLinkWrite[], now: number): Promise<void> {
  // One statement may not update a row twice: of repeated CRM ids the last pair wins.
  const byCrm = new Map<string, AlsoLinkWrite>();
  for (const also of alsoLinks) byCrm.set(`${also.kind}\u0000${also.crmId}`, also);
  const rows = [...byCrm.values()].map((a) => ({
    kind: a.kind,
    crmId: a.crmId,
    erpId: a.erpId,
    createdAt: now,
    updatedAt: now,
  }));
  const samePair = sql`${xrefs.erpId} = excluded.erp_id`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insert(xrefs)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({
        target: [xrefs.kind, xrefs.crmId, xrefs.crmSlot],
        set: {
          erpId: sql`excluded.erp_id`,
          updatedAt: sql`excluded.updated_at`,
          sourceFingerprint: sql`CASE WHEN ${samePair} THEN ${xrefs.sourceFingerprint} END`,
          writtenFingerprint: sql`CASE WHEN ${samePair} THEN ${xrefs.writtenFingerprint} END`,
          mappingVersion: sql`CASE WHEN ${samePair} THEN ${xrefs.mappingVersion} END`,
        },
      });
  }
}

/** Ends the run when reading is done and every page is; returns the run either way. */
async function closeRunIfDone(db: Db, runId: string): Promise<Run> {
  const { set, where } = runProgressSql.close(runs, runId);
  await db.update(runs).set(set).where(where);
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  if (!run) throw new Error(`run ${runId} does not exist`);
  return run;
}
