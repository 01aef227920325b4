export { openDatabase, type StateDatabase } from './database';
export {
  findMappingVersion,
  listMappingVersions,
  recordMappingVersions,
  type StoredMappingVersion,
} from './mapping-version-store';
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
