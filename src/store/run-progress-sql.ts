import { and, type Column, eq, type SQL, sql } from 'drizzle-orm';
import type { PageCommit } from './state-types';

/** The `runs` columns the progress statements use, in either dialect's schema. */
export interface RunProgressColumns {
  id: Column;
  status: Column;
  readingDone: Column;
  read: Column;
  created: Column;
  updated: Column;
  unchanged: Column;
  failed: Column;
  skipped: Column;
  pagesTotal: Column;
  pagesDone: Column;
}

/**
 * The dialect-free parts of the statements that move a run forward, shared by the SQLite and
 * PostgreSQL state stores so the two cannot drift on when a run ends or how it counts. Each
 * store runs them on its own database, in its own transaction.
 *
 * @example
 * const { set, where } = runProgressSql.close(runs, runId);
 * db.update(runs).set(set).where(where);
 */
export const runProgressSql = {
  /** A page's counts added to the run's totals (`pagesDone` +1 when the page is done). */
  pageCounts(runs: RunProgressColumns, commit: PageCommit): Record<string, SQL> {
    const c = commit.counts;
    const plus = (column: Column, n: number | undefined) => sql`${column} + ${n ?? 0}`;
    return {
      created: plus(runs.created, c.created),
      updated: plus(runs.updated, c.updated),
      unchanged: plus(runs.unchanged, c.unchanged),
      failed: plus(runs.failed, c.failed),
      skipped: plus(runs.skipped, c.skipped),
      read: plus(runs.read, c.read),
      pagesDone: plus(runs.pagesDone, commit.pageDone ? 1 : 0),
    };
  },

  /** Reading's end: exact totals, or the failure that ended the run. */
  readingDone(outcome: { pagesTotal: number; read: number } | { error: string }, now: number) {
    return 'error' in outcome
      ? { readingDone: true, error: outcome.error, status: 'failed' as const, finishedAt: now }
      : { readingDone: true, pagesTotal: outcome.pagesTotal, read: outcome.read };
  },

  /**
   * Ends a running run once reading is done and every page is: `partial` when a record failed,
   * `succeeded` otherwise. Matches nothing before that, so it is safe after every page.
   */
  close(runs: RunProgressColumns, runId: string): { set: { status: SQL; finishedAt: number }; where: SQL | undefined } {
    return {
      set: { status: sql`CASE WHEN ${runs.failed} > 0 THEN 'partial' ELSE 'succeeded' END`, finishedAt: Date.now() },
      where: and(
        eq(runs.id, runId),
        eq(runs.status, 'running'),
        eq(runs.readingDone, true),
        sql`${runs.pagesDone} >= ${runs.pagesTotal}`,
      ),
    };
  },
};
