export { openDatabase, type StateDatabase } from './database';
export {
  findMappingVersion,
  listMappingVersions,
  recordMappingVersions,
  type StoredMappingVersion,
} from './mapping-version-store';
export type {
  IndexedRecord,
  MatchStore,
  NewReviewItem,
  ReviewItem,
  ReviewReason,
  ReviewStatus,
} from './match-types';
export { SqliteMatchStore } from './sqlite-match-store';
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
