export { openDatabase, type StateDatabase } from './database';
export type {
  DlqAttempt,
  DlqFailure,
  DlqFilter,
  DlqItem,
  DlqPage,
  DlqRepository,
  DlqSourceRecord,
} from './dlq-types';
export type { FlowSetting, FlowSettingsRepository } from './flow-settings-types';
export {
  findMappingVersion,
  listMappingVersions,
  recordMappingVersions,
  type StoredMappingVersion,
} from './mapping-version-store';
export type { MappingVersionStore } from './mapping-version-types';
export type {
  IndexedRecord,
  MatchRequest,
  MatchStore,
  MatchView,
  NewReviewItem,
  ReviewItem,
  ReviewReason,
  ReviewStatus,
} from './match-types';
export { openStateStores, type StateStores } from './open-state-stores';
export type {
  Conflict,
  ConflictDecision,
  EchoWrite,
  FlowSnapshot,
  NewConflict,
  OwnershipStore,
} from './ownership-types';
export { openPostgresDatabase, type PostgresDatabase } from './postgres/open-postgres-database';
export { PostgresDlqRepository } from './postgres/postgres-dlq-repository';
export { PostgresFlowSettings } from './postgres/postgres-flow-settings';
export { PostgresMappingVersionStore } from './postgres/postgres-mapping-version-store';
export { PostgresOwnershipStore } from './postgres/postgres-ownership-store';
export { PostgresStateStore } from './postgres/postgres-state-store';
export { SqliteDlqRepository } from './sqlite-dlq-repository';
export { SqliteFlowSettings } from './sqlite-flow-settings';
export { SqliteMappingVersionStore } from './sqlite-mapping-version-store';
export { SqliteMatchStore } from './sqlite-match-store';
export { SqliteOwnershipStore } from './sqlite-ownership-store';
export { SqliteStateStore } from './sqlite-state-store';
export type {
  AlsoLinkWrite,
  HistoryAction,
  HistoryEntry,
  PageCommit,
  Run,
  RunCounts,
  StateStore,
  Xref,
  XrefWrite,
} from './state-types';
