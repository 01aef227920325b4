import type { DlqAttempt, DlqFailure, DlqItem } from './dlq-types';

/** A row of `dlq_items` as both dialects store it: the record and the attempts as JSON text. */
type StoredItem = Omit<DlqItem, 'sourceRecord' | 'attempts'> & { sourceRecord: string; attempts: string };

const attemptKey = (a: DlqAttempt) => `${a.at}/${a.attempt}/${a.code}`;

/**
 * How a dead-lettered record is written and read, the same in the SQLite and PostgreSQL
 * repositories: `values` builds the columns an item gets for a new failure, folding in the
 * earlier attempts; `toItem` parses a stored row.
 *
 * @example
 * const values = dlqItemRow.values(failure, existing?.attempts, retriedAttempts, Date.now());
 * const item = dlqItemRow.toItem(row);
 */
export const dlqItemRow = {
  /**
   * The columns of the item for `failure` (reopened when it was resolved): the item's earlier
   * attempts (`previous`, JSON text), the attempts its job retried, then this last one.
   */
  values(f: DlqFailure, previous: string | undefined, retried: readonly DlqAttempt[], now: number) {
    const earlier: DlqAttempt[] = previous ? (JSON.parse(previous) as DlqAttempt[]) : [];
    const last: DlqAttempt = {
      at: now,
      attempt: f.attempt,
      code: f.facts.code,
      message: f.facts.message,
      status: f.facts.status,
    };
    // A redelivered dead job reports the same last attempt again: keep it once.
    const seen = new Set(earlier.map(attemptKey));
    const attempts = [...earlier, ...retried.filter((a) => !seen.has(attemptKey(a))), last];
    return {
      sourceRecord: JSON.stringify(f.record),
      mappingVersion: f.mappingVersion,
      runId: f.runId,
      errorCode: f.facts.code,
      errorMessage: f.facts.message,
      httpStatus: f.facts.status,
      responseExcerpt: f.facts.responseExcerpt,
      attempts: JSON.stringify(attempts),
      status: 'open' as const,
      resolution: null,
      resolvedAt: null,
      updatedAt: now,
    };
  },

  /** A stored row as a {@link DlqItem}. */
  toItem<R extends StoredItem>(row: R): DlqItem {
    return {
      ...row,
      sourceRecord: JSON.parse(row.sourceRecord) as DlqItem['sourceRecord'],
      attempts: JSON.parse(row.attempts) as DlqAttempt[],
    };
  },
};
