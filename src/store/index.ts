export { openDatabase, type StateDatabase } from './database';
export type { DlqAttempt, DlqFailure, DlqFilter, DlqItem, DlqPage, DlqSourceRecord } from './dlq-types';
export { SqliteDlqRepository } from './sqlite-dlq-repository';
export { SqliteStateStore } from './sqlite-state-store';
export type {
  HistoryAction,
  HistoryEntry,
  PageCommit,
  Run,
  RunCounts,
  StateStore,
  Xref,
  XrefWrite,
} from './state-types';
