export { openDatabase, type StateDatabase } from './database';
export type { DlqAttempt, DlqFailure, DlqFilter, DlqItem, DlqPage, DlqSourceRecord } from './dlq-types';
export {
  findMappingVersion,
  listMappingVersions,
  recordMappingVersions,
  type StoredMappingVersion,
} from './mapping-version-store';
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
