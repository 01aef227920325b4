import type { HistoryEntry, PageCommit } from './state-types';

/**
 * A `record_history` row of one page's entry. `json` encodes `before`/`after` for the dialect's
 * column: JSON text in SQLite, the value itself for a PostgreSQL json column.
 *
 * @example
 * const row = historyRow(entry, commit, Date.now(), (v) => JSON.stringify(v));
 */
export function historyRow<J>(h: HistoryEntry, commit: PageCommit, at: number, json: (value: unknown) => J) {
  return {
    runId: commit.runId,
    flow: commit.flow,
    sourceId: h.sourceId,
    targetId: h.targetId ?? null,
    action: h.action,
    before: h.before === undefined || h.before === null ? null : json(h.before),
    after: h.after === undefined || h.after === null ? null : json(h.after),
    mappingVersion: h.mappingVersion ?? null,
    errorCode: h.errorCode ?? null,
    errorMessage: h.errorMessage ?? null,
    at,
  };
}
