export { openDatabase, type StateDatabase } from './database';
export type { DlqAttempt, DlqFailure, DlqFilter, DlqItem, DlqPage, DlqSourceRecord } from './dlq-types';
export type { FlowSetting, FlowSettingsRepository } from './flow-settings-types';
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
export { SqliteDlqRepository } from './sqlite-dlq-repository';
export { SqliteFlowSettings } from './sqlite-flow-settings';
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
